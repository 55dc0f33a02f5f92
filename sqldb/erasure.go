package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Erasure on request (AVG art. 17; Jeugdwet art. 7.3.9). A member of a case
// records a request to erase a person from it, or an account holder asks to
// be erased everywhere; the case owner or the organisation's administrators
// (its privacy role) decide; on approval the person is removed from every
// table in one transaction (erasureSteps), and the request keeps a receipt
// of kinds and numbers. The access log keeps that an erasure happened.

const erasureColumns = `e.id, e.scope, e.case_id, e.org_id, e.subject_user, e.subject_person, e.subject_name, e.reason,
	e.requested_by, e.requested_at, e.due_at, e.status, COALESCE(e.decided_by, 0), e.decided_at, e.decision_note, e.receipt,
	COALESCE(rq.name, ''), COALESCE(dc.name, '')`

const erasureFrom = ` FROM erasure_requests e LEFT JOIN users rq ON rq.id = e.requested_by LEFT JOIN users dc ON dc.id = e.decided_by`

func scanErasure(s interface{ Scan(...any) error }) (rotonde.ErasureRequest, error) {
	var r rotonde.ErasureRequest
	var decided sql.NullTime
	var receipt string
	err := s.Scan(&r.ID, &r.Scope, &r.CaseID, &r.OrgID, &r.SubjectUser, &r.SubjectPerson, &r.SubjectName, &r.Reason,
		&r.RequestedBy, &r.RequestedAt, &r.DueAt, &r.Status, &r.DecidedBy, &decided, &r.DecisionNote, &receipt,
		&r.RequesterName, &r.DeciderName)
	if err != nil {
		return r, err
	}
	r.RequestedAt, r.DueAt, r.DecidedAt = r.RequestedAt.UTC(), r.DueAt.UTC(), decided.Time.UTC()
	if receipt != "" {
		if err := json.Unmarshal([]byte(receipt), &r.Receipt); err != nil {
			return r, fmt.Errorf("erasure receipt %d: %w", r.ID, err)
		}
	}
	return r, nil
}

func erasureNotFound() error {
	return notFound("err.sqldb.this_request_does_not_exist_or")
}

// caseOrg is the organisation of a case's owner: its administrators are the
// case's privacy role and its retention period applies.
func (db *store) caseOrg(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) *sql.Row
}, caseID int64) (int64, error) {
	var org int64
	err := q.QueryRow(ctx, `SELECT COALESCE(u.org_id, 0) FROM cases c JOIN users u ON u.id = c.created_by WHERE c.id = ?`, caseID).Scan(&org)
	return org, err
}

// CreateErasureRequest records a request. A case request may be made by any
// member of the case (not by emergency access) and names a member, a person
// in the geno-sociogram and/or the name the case's texts use; an account
// request is made by the account holder for themselves. The deadline is
// three months on.
func (db *PrivacyService) CreateErasureRequest(ctx context.Context, actor *rotonde.User, r *rotonde.ErasureRequest) error {
	if actor == nil || actor.Disabled {
		return rotonde.E(rotonde.EUnauthorized, "err.sqldb.log_in_first")
	}
	if r.Scope == rotonde.ErasureAccount {
		r.SubjectUser, r.SubjectPerson, r.CaseID, r.OrgID = actor.ID, 0, 0, actor.OrgID
	}
	if err := r.Validate(); err != nil {
		return err
	}
	now := db.Now().UTC().Truncate(time.Second)
	r.RequestedBy, r.RequestedAt, r.DueAt, r.Status = actor.ID, now, rotonde.ErasureDeadline(now), rotonde.ErasureOpen
	return db.WriteTx(ctx, func(tx *Tx) error {
		if r.Scope == rotonde.ErasureCase {
			if _, err := db.writeAccess(ctx, tx, actor, r.CaseID); err != nil {
				return err
			}
			if r.SubjectUser != 0 {
				var n int
				if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ?`, r.CaseID, r.SubjectUser).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return rotonde.E(rotonde.EInvalid, "err.sqldb.that_person_is_not_member_of")
				}
			}
			if r.SubjectPerson != 0 {
				var n int
				if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM genogram_persons WHERE case_id = ? AND id = ?`, r.CaseID, r.SubjectPerson).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return rotonde.E(rotonde.EInvalid, "err.sqldb.that_person_is_not_in_this")
				}
			}
			org, err := db.caseOrg(ctx, tx, r.CaseID)
			if err != nil {
				return err
			}
			r.OrgID = org
		} else {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM erasure_requests WHERE scope = 'account' AND subject_user = ? AND status = 'open'`, actor.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return rotonde.E(rotonde.EConflict, "err.sqldb.you_already_have_open_request_to")
			}
		}
		return tx.QueryRow(ctx, `INSERT INTO erasure_requests (scope, case_id, org_id, subject_user, subject_person, subject_name, reason,
			requested_by, requested_at, due_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING id`,
			r.Scope, r.CaseID, r.OrgID, r.SubjectUser, r.SubjectPerson, r.SubjectName, r.Reason, actor.ID, now, r.DueAt).Scan(&r.ID)
	})
}

// isCaseOwner reports whether the user owns the case.
func (db *store) isCaseOwner(ctx context.Context, userID, caseID int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM case_members WHERE case_id = ? AND user_id = ? AND role = 'owner'`, caseID, userID).Scan(&n)
	return n > 0, err
}

// mayDecide: the case owner or an administrator of the request's
// organisation (for a family member without one, the system administrator);
// never the person who asked, nor the person to be erased.
func (db *store) mayDecide(ctx context.Context, actor *rotonde.User, r *rotonde.ErasureRequest) (bool, error) {
	if actor == nil || actor.Disabled || actor.ID == r.RequestedBy || (r.SubjectUser != 0 && actor.ID == r.SubjectUser) {
		return false, nil
	}
	if r.OrgID != 0 && actor.Role == rotonde.RoleAdministrator && actor.OrgID == r.OrgID {
		return true, nil
	}
	if r.OrgID == 0 && actor.Role == rotonde.RoleSysAdmin {
		return true, nil
	}
	if r.Scope == rotonde.ErasureCase {
		return db.isCaseOwner(ctx, actor.ID, r.CaseID)
	}
	return false, nil
}

// ErasureDeciders lists the accounts that may decide on request id: the
// case owner, the administrators of the request's organisation (or, without
// one, the system administrators), never who asked or who is to be erased.
func (db *PrivacyService) ErasureDeciders(ctx context.Context, actor *rotonde.User, id int64) ([]rotonde.User, error) {
	r, err := db.ErasureRequest(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	users, err := db.usersWhere(ctx, `SELECT id FROM users WHERE disabled = FALSE AND (
		(org_id = ? AND role = ?) OR (? = 0 AND role = ?) OR
		id IN (SELECT user_id FROM case_members WHERE case_id = ? AND role = 'owner')) ORDER BY id`,
		r.OrgID, string(rotonde.RoleAdministrator), r.OrgID, string(rotonde.RoleSysAdmin), r.CaseID)
	if err != nil {
		return nil, err
	}
	var out []rotonde.User
	for _, u := range users {
		if ok, err := db.mayDecide(ctx, u, r); err != nil {
			return nil, err
		} else if ok {
			out = append(out, *u)
		}
	}
	return out, nil
}

// mayRead: who may decide, who asked, and for a case request the case's members.
func (db *store) mayReadErasure(ctx context.Context, actor *rotonde.User, r *rotonde.ErasureRequest) (bool, error) {
	if actor == nil || actor.Disabled {
		return false, nil
	}
	if actor.ID == r.RequestedBy {
		return true, nil
	}
	ok, err := db.mayDecide(ctx, actor, r)
	if ok || err != nil {
		return ok, err
	}
	if r.Scope == rotonde.ErasureCase {
		if _, err := db.readAccess(ctx, actor, r.CaseID); err == nil {
			return true, nil
		}
	}
	return false, nil
}

// ErasureRequest returns one request for someone who may read it; else ENotFound.
func (db *PrivacyService) ErasureRequest(ctx context.Context, actor *rotonde.User, id int64) (*rotonde.ErasureRequest, error) {
	r, err := scanErasure(db.queryRow(ctx, `SELECT `+erasureColumns+erasureFrom+` WHERE e.id = ?`, id))
	if isNoRows(err) {
		return nil, erasureNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("erasure request: %w", err)
	}
	ok, err := db.mayReadErasure(ctx, actor, &r)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, erasureNotFound()
	}
	if r.CanDecide, err = db.mayDecide(ctx, actor, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func (db *store) erasureList(ctx context.Context, actor *rotonde.User, where string, args ...any) ([]rotonde.ErasureRequest, error) {
	all, err := queryList(ctx, db.reader, scanErasure, `SELECT `+erasureColumns+erasureFrom+` WHERE `+where+` ORDER BY e.status = 'open' DESC, e.due_at, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("erasure requests: %w", err)
	}
	for i := range all {
		if all[i].CanDecide, err = db.mayDecide(ctx, actor, &all[i]); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// CaseErasureRequests lists a case's requests for someone who may read the case.
func (db *PrivacyService) CaseErasureRequests(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.ErasureRequest, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return db.erasureList(ctx, actor, `e.scope = 'case' AND e.case_id = ?`, caseID)
}

// ErasureRequestsFor lists the requests the actor made and those the actor
// may decide (open ones first, by deadline).
func (db *PrivacyService) ErasureRequestsFor(ctx context.Context, actor *rotonde.User) (mine, review []rotonde.ErasureRequest, err error) {
	if actor == nil || actor.Disabled {
		return nil, nil, nil
	}
	if mine, err = db.erasureList(ctx, actor, `e.requested_by = ?`, actor.ID); err != nil {
		return nil, nil, err
	}
	cond := `(e.scope = 'case' AND e.case_id IN (SELECT case_id FROM case_members WHERE user_id = ? AND role = 'owner'))`
	args := []any{actor.ID}
	switch {
	case actor.Role == rotonde.RoleAdministrator && actor.OrgID != 0:
		cond += ` OR e.org_id = ?`
		args = append(args, actor.OrgID)
	case actor.Role == rotonde.RoleSysAdmin:
		cond += ` OR e.org_id = 0`
	}
	all, err := db.erasureList(ctx, actor, `(`+cond+`)`, args...)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range all {
		if r.CanDecide {
			review = append(review, r)
		}
	}
	return mine, review, nil
}

// OrgErasureRequests lists an organisation's requests (its administrators and the system administrator).
func (db *PrivacyService) OrgErasureRequests(ctx context.Context, actor *rotonde.User, orgID int64) ([]rotonde.ErasureRequest, error) {
	if actor == nil || !(actor.Role == rotonde.RoleSysAdmin || (actor.Role == rotonde.RoleAdministrator && actor.OrgID == orgID)) {
		return nil, forbidden()
	}
	return db.erasureList(ctx, actor, `e.org_id = ?`, orgID)
}

// DecideErasure approves or refuses an open request. Approval erases the
// person in the same transaction and stores the receipt; the request then
// keeps no name and no reason. Either way the access log records the
// decision, without what was erased.
func (db *PrivacyService) DecideErasure(ctx context.Context, actor *rotonde.User, id int64, approve bool, note string) (*rotonde.ErasureRequest, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > rotonde.MaxErasureReason {
		return nil, rotonde.E(rotonde.EInvalid, "err.rotonde.explanation_is_too_long_at_most_2", rotonde.MaxErasureReason)
	}
	r, err := db.ErasureRequest(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !r.CanDecide {
		return nil, rotonde.E(rotonde.EForbidden, "err.sqldb.only_case_owner_or_organisation_privacy")
	}
	if r.Status != rotonde.ErasureOpen {
		return nil, rotonde.E(rotonde.EConflict, "err.sqldb.this_request_has_already_been_decided")
	}
	now := db.Now().UTC().Truncate(time.Second)
	err = db.WriteTx(ctx, func(tx *Tx) error {
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM erasure_requests WHERE id = ?`+db.forUpdate(), id).Scan(&status); err != nil {
			return err
		}
		if status != rotonde.ErasureOpen {
			return rotonde.E(rotonde.EConflict, "err.sqldb.this_request_has_already_been_decided")
		}
		entry := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, CaseID: r.CaseID, Part: "wissen", UserID: actor.ID, OrgID: actor.OrgID,
			Role: string(actor.Role), Outcome: rotonde.AuditAllowed, Basis: "AVG art. 17",
			Detail: "verzoek " + strconv.FormatInt(id, 10) + " geweigerd"}
		if r.Scope == rotonde.ErasureAccount {
			entry.Part, entry.SubjectID = rotonde.SecurityPartPrefix+"wissen", r.SubjectUser
		}
		if !approve {
			if _, err := tx.Exec(ctx, `UPDATE erasure_requests SET status = 'refused', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?`,
				actor.ID, now, note, id); err != nil {
				return err
			}
			return db.appendAudit(ctx, tx, entry)
		}
		receipt, err := db.erase(ctx, tx, r)
		if err != nil {
			return err
		}
		receipt.Done = now
		b, err := json.Marshal(receipt)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE erasure_requests SET status = 'approved', decided_by = ?, decided_at = ?, decision_note = ?,
			subject_name = '', reason = '', subject_person = 0, receipt = ? WHERE id = ?`, actor.ID, now, note, string(b), id); err != nil {
			return err
		}
		entry.Action = rotonde.AuditDelete
		entry.Detail = "verzoek " + strconv.FormatInt(id, 10) + " uitgevoerd: persoon gewist"
		return db.appendAudit(ctx, tx, entry)
	})
	if err != nil {
		return nil, err
	}
	// Read back with the decider's eyes: the erased requester may be gone from the case.
	out, err := scanErasure(db.queryRow(ctx, `SELECT `+erasureColumns+erasureFrom+` WHERE e.id = ?`, id))
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// erasureJob is what one erasure works on.
type erasureJob struct {
	req     *rotonde.ErasureRequest
	cases   []int64  // the cases to clean
	user    int64    // the account to remove from them (0: none)
	person  int64    // the genogram person (0: none)
	names   []string // how texts name the person (at least two characters each)
	account bool     // the account itself goes (scope account)
	receipt *rotonde.ErasureReceipt
}

func (j *erasureJob) count(what, action string, n int) {
	if n == 0 {
		return
	}
	for i := range j.receipt.Items {
		if it := &j.receipt.Items[i]; it.What == what && it.Action == action {
			it.Count += n
			return
		}
	}
	j.receipt.Items = append(j.receipt.Items, rotonde.ErasureCount{What: what, Action: action, Count: n})
}

const (
	erased     = "verwijderd"
	anonymised = "geanonimiseerd"
)

// erase removes the request's person everywhere, in tx.
func (db *store) erase(ctx context.Context, tx *Tx, r *rotonde.ErasureRequest) (rotonde.ErasureReceipt, error) {
	j := &erasureJob{req: r, user: r.SubjectUser, person: r.SubjectPerson, account: r.Scope == rotonde.ErasureAccount, receipt: &rotonde.ErasureReceipt{}}
	names := map[string]bool{}
	addName := func(n string) {
		if n = strings.TrimSpace(n); len([]rune(n)) >= 2 && n != rotonde.ErasedName {
			names[n] = true
		}
	}
	addName(r.SubjectName)
	if j.person != 0 {
		var alias string
		err := tx.QueryRow(ctx, `SELECT alias FROM genogram_persons WHERE id = ? AND case_id = ?`, j.person, r.CaseID).Scan(&alias)
		if err != nil && !isNoRows(err) {
			return rotonde.ErasureReceipt{}, err
		}
		if isNoRows(err) {
			j.person = 0
		}
		addName(alias)
	}
	if j.user != 0 {
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?`, j.user).Scan(&name); err != nil && !isNoRows(err) {
			return rotonde.ErasureReceipt{}, err
		}
		addName(name)
		// The owner holds the case together: hand it over (or close and let it be purged) first.
		var owned int
		q := `SELECT COUNT(*) FROM case_members WHERE user_id = ? AND role = 'owner'`
		args := []any{j.user}
		if !j.account {
			q += ` AND case_id = ?`
			args = append(args, r.CaseID)
		}
		if err := tx.QueryRow(ctx, q, args...).Scan(&owned); err != nil {
			return rotonde.ErasureReceipt{}, err
		}
		if owned > 0 {
			return rotonde.ErasureReceipt{}, rotonde.E(rotonde.EConflict, "err.sqldb.this_person_owns_case_hand_it")
		}
	}
	for n := range names {
		j.names = append(j.names, n)
	}
	// Longest first, so that "oma Ans" is replaced before "oma".
	sort.Slice(j.names, func(a, b int) bool {
		return len(j.names[a]) > len(j.names[b]) || (len(j.names[a]) == len(j.names[b]) && j.names[a] < j.names[b])
	})
	if j.account {
		cases, err := tx.ids(ctx, `SELECT case_id FROM case_members WHERE user_id = ?`, j.user)
		if err != nil {
			return rotonde.ErasureReceipt{}, err
		}
		j.cases = cases
	} else {
		j.cases = []int64{r.CaseID}
	}
	for _, st := range erasureSteps {
		if st.run == nil {
			continue
		}
		if err := st.run(ctx, db, tx, j); err != nil {
			return rotonde.ErasureReceipt{}, fmt.Errorf("erase %s: %w", st.table, err)
		}
	}
	return *j.receipt, nil
}

// erasureStep handles one table. Steps run in order; every table that can
// hold a person is either handled here or listed in erasureKept with the
// reason it keeps what it has (a test checks the schema against both).
type erasureStep struct {
	table string
	how   string
	run   func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error
}

// exec runs a statement and counts its rows for the receipt.
func (j *erasureJob) exec(ctx context.Context, tx *Tx, what, action, q string, args ...any) error {
	res, err := tx.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	j.count(what, action, int(n))
	return nil
}

// forCases runs fn for each case of the job.
func (j *erasureJob) forCases(fn func(caseID int64) error) error {
	for _, c := range j.cases {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// scrubText replaces the job's names in free texts, case-insensitively and
// only as whole words.
func (j *erasureJob) scrubText(s string) string {
	for _, n := range j.names {
		re := regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(n) + `($|[^\pL\pN])`)
		// Twice: a match takes the character after the name, so "oma oma"
		// needs a second pass (and a name like "gewist" stops after it).
		for range 2 {
			s = re.ReplaceAllString(s, "${1}"+rotonde.ErasedName+"${2}")
		}
	}
	return s
}

// scrubColumns rewrites the named text columns of the rows q selects (id first,
// then the columns in order) and counts the rows changed.
func (j *erasureJob) scrubColumns(ctx context.Context, tx *Tx, table string, cols []string, where string, args ...any) error {
	if len(j.names) == 0 {
		return nil
	}
	type row struct {
		id   int64
		vals []string
	}
	var changed []row
	if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
		vals := make([]string, len(cols))
		ptrs := []any{new(int64)}
		for i := range vals {
			ptrs = append(ptrs, &vals[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		dirty := false
		for i, v := range vals {
			if nv := j.scrubText(v); nv != v {
				vals[i], dirty = nv, true
			}
		}
		if dirty {
			changed = append(changed, row{*ptrs[0].(*int64), vals})
		}
		return nil
	}, `SELECT id, `+strings.Join(cols, ", ")+` FROM `+table+` WHERE `+where, args...); err != nil {
		return err
	}
	set := make([]string, len(cols))
	for i, c := range cols {
		set[i] = c + " = ?"
	}
	for _, r := range changed {
		args := make([]any, 0, len(cols)+1)
		for _, v := range r.vals {
			args = append(args, v)
		}
		if _, err := tx.Exec(ctx, `UPDATE `+table+` SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, r.id)...); err != nil {
			return err
		}
	}
	j.count(table, anonymised, len(changed))
	return nil
}

// scrubCaseTexts scrubs columns of a table with a case_id column.
func scrubCaseTexts(table string, cols ...string) func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		return j.forCases(func(c int64) error { return j.scrubColumns(ctx, tx, table, cols, `case_id = ?`, c) })
	}
}

// meetingsOf is the condition for rows of the case's meetings (and, for an
// account, any meeting the account took part in).
const meetingsOfCase = `meeting_id IN (SELECT id FROM meetings WHERE case_id = ?)`

// participantRows are the meeting participant records of the job's person:
// their account's in the cases' meetings (every meeting for an account), and
// guests recorded under their name.
func (j *erasureJob) participantIDs(ctx context.Context, tx *Tx) ([]int64, error) {
	var ids []int64
	collect := func(q string, args ...any) error {
		more, err := tx.ids(ctx, q, args...)
		ids = append(ids, more...)
		return err
	}
	if j.account && j.user != 0 {
		if err := collect(`SELECT id FROM meeting_participants WHERE user_id = ?`, j.user); err != nil {
			return nil, err
		}
	}
	for _, c := range j.cases {
		if j.user != 0 && !j.account {
			if err := collect(`SELECT id FROM meeting_participants WHERE user_id = ? AND `+meetingsOfCase, j.user, c); err != nil {
				return nil, err
			}
		}
		for _, n := range j.names {
			if err := collect(`SELECT id FROM meeting_participants WHERE kind = 'guest' AND LOWER(name) = LOWER(?) AND `+meetingsOfCase, n, c); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

// inIDs returns "(?, ?, …)" and the arguments for a list of ids.
func inIDs(ids []int64) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "?", id
	}
	return "(" + strings.Join(ph, ", ") + ")", args
}

// erasureSteps, in order. Captures and attachments go before the participant
// records they point at; genogram ties before the person.
var erasureSteps = []erasureStep{
	{table: "group_reversals", how: "records of taking the account out of a group, which name it", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		return j.exec(ctx, tx, "group_reversals", erased, `DELETE FROM group_reversals WHERE user_id = ?`, j.user)
	}},
	{table: "reversals", how: "records of undoable actions that name the person: their removal from the case, and records whose label or kept invitation holds their name", run: eraseReversals},
	{table: "trash", how: "deleted case content that names the person removed for good: the geno-sociogram person with their ties, rows whose texts name them, and what the account added", run: eraseTrash},
	{table: "genogram_ties", how: "ties of the genogram person removed", run: genogramRows("genogram_ties", `a_id = ? OR b_id = ?`, 2)},
	{table: "genogram_partnerships", how: "partnerships of the genogram person removed", run: genogramRows("genogram_partnerships", `a_id = ? OR b_id = ?`, 2)},
	{table: "genogram_children", how: "child and parent links of the genogram person removed", run: genogramRows("genogram_children", `child_id = ? OR parent1_id = ? OR parent2_id = ?`, 3)},
	{table: "genogram_events", how: "life events of the genogram person removed", run: genogramRows("genogram_events", `person_id = ?`, 1)},
	{table: "genogram_household_members", how: "household memberships of the genogram person removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.person == 0 {
			return nil
		}
		return j.exec(ctx, tx, "genogram_household_members", erased, `DELETE FROM genogram_household_members WHERE person_id = ?`, j.person)
	}},
	{table: "genogram_persons", how: "the genogram person removed", run: genogramRows("genogram_persons", `id = ?`, 1)},
	{table: "timeline_events", how: "the name removed from persons and helpers, and replaced in the texts", run: scrubTimeline},
	{table: "timeline_imports", how: "uploads waiting for confirmation in the case removed (they may name the person)", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if err := j.forCases(func(c int64) error {
			return j.exec(ctx, tx, "timeline_imports", erased, `DELETE FROM timeline_imports WHERE case_id = ?`, c)
		}); err != nil {
			return err
		}
		if j.account {
			return j.exec(ctx, tx, "timeline_imports", erased, `DELETE FROM timeline_imports WHERE user_id = ?`, j.user)
		}
		return nil
	}},
	{table: "dream_answers", how: "answers for the person removed; the name replaced in the others", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.user != 0 {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "dream_answers", erased, `DELETE FROM dream_answers WHERE case_id = ? AND for_user = ?`, c, j.user)
			}); err != nil {
				return err
			}
		}
		return scrubCaseTexts("dream_answers", "answer")(ctx, db, tx, j)
	}},
	{table: "forcefield_stakeholders", how: "the person as stakeholder removed; the name replaced in notes", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		for _, n := range j.names {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "forcefield_stakeholders", erased, `DELETE FROM forcefield_stakeholders WHERE case_id = ? AND LOWER(name) = LOWER(?)`, c, n)
			}); err != nil {
				return err
			}
		}
		return scrubCaseTexts("forcefield_stakeholders", "role", "note")(ctx, db, tx, j)
	}},
	{table: "forcefields", how: "the name replaced in the goal", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if len(j.names) == 0 {
			return nil
		}
		return j.forCases(func(c int64) error {
			var goal string
			err := tx.QueryRow(ctx, `SELECT goal FROM forcefields WHERE case_id = ?`, c).Scan(&goal)
			if isNoRows(err) {
				return nil
			}
			if err != nil {
				return err
			}
			if ng := j.scrubText(goal); ng != goal {
				return j.exec(ctx, tx, "forcefields", anonymised, `UPDATE forcefields SET goal = ? WHERE case_id = ?`, ng, c)
			}
			return nil
		})
	}},
	{table: "cycle_entries", how: "the name replaced", run: scrubCaseTexts("cycle_entries", "done", "evidence_ref")},
	{table: "case_phases", how: "the name replaced", run: scrubCaseTexts("case_phases", "reason")},
	{table: "interview_answers", how: "answers of an interview with the person removed (their own words); the name replaced in others", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		for _, n := range j.names {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "interview_answers", erased, `DELETE FROM interview_answers WHERE interview_id IN
					(SELECT id FROM interviews WHERE case_id = ? AND LOWER(interviewee) = LOWER(?))`, c, n)
			}); err != nil {
				return err
			}
		}
		return scrubCaseTexts("interview_answers", "question", "answer")(ctx, db, tx, j)
	}},
	{table: "interviews", how: "interviews with the person removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		for _, n := range j.names {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "interviews", erased, `DELETE FROM interviews WHERE case_id = ? AND LOWER(interviewee) = LOWER(?)`, c, n)
			}); err != nil {
				return err
			}
		}
		return nil
	}},
	{table: "small_steps", how: "the person no longer owns steps; the name replaced", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.user != 0 {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "small_steps", anonymised, `UPDATE small_steps SET owner_user = NULL, owner_text = '' WHERE case_id = ? AND owner_user = ?`, c, j.user)
			}); err != nil {
				return err
			}
		}
		return scrubCaseTexts("small_steps", "title", "owner_text")(ctx, db, tx, j)
	}},
	{table: "case_insights", how: "the author's name left off; the name replaced", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.user != 0 {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "case_insights", anonymised, `UPDATE case_insights SET author_name = '' WHERE case_id = ? AND created_by = ? AND author_name <> ''`, c, j.user)
			}); err != nil {
				return err
			}
		}
		return scrubCaseTexts("case_insights", "body", "author_name")(ctx, db, tx, j)
	}},
	{table: "knowledge_records", how: "the person's own unshared records outside a case removed; the name replaced in the case's records", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.account && j.user != 0 {
			if err := j.exec(ctx, tx, "knowledge_records", erased, `DELETE FROM knowledge_records WHERE created_by = ? AND case_id IS NULL AND group_id IS NULL AND shared_at IS NULL`, j.user); err != nil {
				return err
			}
		}
		return scrubCaseTexts("knowledge_records", "body", "takeaway", "follow_up", "paraphrase")(ctx, db, tx, j)
	}},
	{table: "meeting_captures", how: "own captures: removed from meetings still open, anonymised in closed meetings (their report stays); the name replaced", run: eraseCaptures("meeting_captures")},
	{table: "meeting_attachments", how: "own attachments: removed from meetings still open, anonymised in closed meetings", run: eraseCaptures("meeting_attachments")},
	{table: "meeting_participants", how: "the person's participant and guest records anonymised (name, account, invitation and token)", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		ids, err := j.participantIDs(ctx, tx)
		if err != nil || len(ids) == 0 {
			return err
		}
		in, args := inIDs(ids)
		return j.exec(ctx, tx, "meeting_participants", anonymised, `UPDATE meeting_participants SET name = '`+rotonde.ErasedName+`', user_id = NULL,
			invite_hash = NULL, invite_expires_at = NULL, token_hash = NULL WHERE id IN `+in, args...)
	}},
	{table: "meeting_events", how: "the name replaced in the live-meeting event log", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if len(j.names) == 0 {
			return nil
		}
		return j.forCases(func(c int64) error {
			type ev struct {
				mid, seq int64
				payload  string
			}
			var changed []ev
			if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
				var e ev
				if err := rows.Scan(&e.mid, &e.seq, &e.payload); err != nil {
					return err
				}
				if np := j.scrubText(e.payload); np != e.payload {
					e.payload = np
					changed = append(changed, e)
				}
				return nil
			}, `SELECT meeting_id, seq, payload FROM meeting_events WHERE `+meetingsOfCase, c); err != nil {
				return err
			}
			for _, e := range changed {
				if _, err := tx.Exec(ctx, `UPDATE meeting_events SET payload = ? WHERE meeting_id = ? AND seq = ?`, e.payload, e.mid, e.seq); err != nil {
					return err
				}
			}
			j.count("meeting_events", anonymised, len(changed))
			return nil
		})
	}},
	{table: "meetings", how: "the name replaced in preparation and feedback", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		return j.forCases(func(c int64) error {
			return j.scrubColumns(ctx, tx, "meetings", []string{"title", "theme", "prep", "feedback"}, `case_id = ?`, c)
		})
	}},
	{table: "meeting_case_snapshots", how: "frozen timeline and genogram pictures that show the person removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if len(j.names) == 0 {
			return nil
		}
		return j.forCases(func(c int64) error {
			var drop []int64
			if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
				var mid int64
				var tl, gg string
				if err := rows.Scan(&mid, &tl, &gg); err != nil {
					return err
				}
				if j.scrubText(tl) != tl || j.scrubText(gg) != gg {
					drop = append(drop, mid)
				}
				return nil
			}, `SELECT meeting_id, timeline_json, genogram_json FROM meeting_case_snapshots WHERE case_id = ?`, c); err != nil {
				return err
			}
			for _, mid := range drop {
				if err := j.exec(ctx, tx, "meeting_case_snapshots", erased, `DELETE FROM meeting_case_snapshots WHERE meeting_id = ?`, mid); err != nil {
					return err
				}
			}
			return nil
		})
	}},
	{table: "placements", how: "the person's placements on tension fields removed (in the case's rounds; for an account all)", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.user == 0 {
			return nil
		}
		if j.account {
			return j.exec(ctx, tx, "placements", erased, `DELETE FROM placements WHERE user_id = ?`, j.user)
		}
		return j.forCases(func(c int64) error {
			return j.exec(ctx, tx, "placements", erased, `DELETE FROM placements WHERE user_id = ? AND round_id IN (SELECT id FROM rounds WHERE case_id = ?)`, j.user, c)
		})
	}},
	{table: "intervision_commitments", how: "the account's commitments to intervision series removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account || j.user == 0 {
			return nil
		}
		return j.exec(ctx, tx, "intervision_commitments", erased, `DELETE FROM intervision_commitments WHERE user_id = ?`, j.user)
	}},
	{table: "meeting_requests", how: "the account's requests for a meeting removed; the name replaced in the case's requests", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.account && j.user != 0 {
			if err := j.exec(ctx, tx, "meeting_requests", erased, `DELETE FROM meeting_requests WHERE requested_by = ?`, j.user); err != nil {
				return err
			}
		}
		return scrubCaseTexts("meeting_requests", "question", "reason")(ctx, db, tx, j)
	}},
	{table: "series_report_lines", how: "lines of a series report in the account's words that the account had not checked yet removed; checked paraphrases are de-identified and stay", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account || j.user == 0 {
			return nil
		}
		return j.exec(ctx, tx, "series_report_lines", erased, `DELETE FROM series_report_lines WHERE checked_at IS NULL AND record_id IN (SELECT id FROM knowledge_records WHERE created_by = ?)`, j.user)
	}},
	{table: "group_members", how: "the account's group memberships removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		return j.exec(ctx, tx, "group_members", erased, `DELETE FROM group_members WHERE user_id = ?`, j.user)
	}},
	{table: "invitations", how: "invitations to the person anonymised (name and address)", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		set := `UPDATE invitations SET name = '` + rotonde.ErasedName + `', email = '` + rotonde.ErasedName + `' WHERE `
		if j.user != 0 {
			var email string
			if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = ?`, j.user).Scan(&email); err != nil && !isNoRows(err) {
				return err
			}
			if j.account {
				if err := j.exec(ctx, tx, "invitations", anonymised, set+`used_by = ? OR LOWER(email) = LOWER(?)`, j.user, email); err != nil {
					return err
				}
			} else if err := j.exec(ctx, tx, "invitations", anonymised, set+`case_id = ? AND (used_by = ? OR LOWER(email) = LOWER(?))`, j.req.CaseID, j.user, email); err != nil {
				return err
			}
		}
		for _, n := range j.names {
			if err := j.forCases(func(c int64) error {
				return j.exec(ctx, tx, "invitations", anonymised, set+`case_id = ? AND LOWER(name) = LOWER(?)`, c, n)
			}); err != nil {
				return err
			}
		}
		return nil
	}},
	{table: "case_members", how: "the account's membership of the case (for an account: of every case) removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.user == 0 {
			return nil
		}
		return j.forCases(func(c int64) error {
			return j.exec(ctx, tx, "case_members", erased, `DELETE FROM case_members WHERE case_id = ? AND user_id = ?`, c, j.user)
		})
	}},
	{table: "sessions", how: "the account's sessions ended", run: accountRows("sessions", "user_id")},
	{table: "api_tokens", how: "the account's access tokens removed", run: accountRows("api_tokens", "user_id")},
	{table: "pending_logins", how: "logins waiting for a second step removed", run: accountRows("pending_logins", "user_id")},
	{table: "totp_secrets", how: "the authenticator secret removed", run: accountRows("totp_secrets", "user_id")},
	{table: "recovery_codes", how: "recovery codes removed", run: accountRows("recovery_codes", "user_id")},
	{table: "webauthn_credentials", how: "passkeys removed", run: accountRows("webauthn_credentials", "user_id")},
	{table: "webauthn_user_handles", how: "the passkey user handle removed", run: accountRows("webauthn_user_handles", "user_id")},
	{table: "webauthn_ceremonies", how: "passkey ceremonies under way removed", run: accountRows("webauthn_ceremonies", "user_id")},
	{table: "password_resets", how: "password reset codes removed", run: accountRows("password_resets", "user_id")},
	{table: "research_grants", how: "the researcher's grants removed", run: accountRows("research_grants", "researcher_id")},
	{table: "erasure_requests", how: "the name and reason of the request cleared when it is carried out (see DecideErasure)"},
	{table: "mail_outbox", how: "e-mail to the account removed; e-mail the account caused no longer names it", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		// Before the users step, while the account still has its address.
		if err := j.exec(ctx, tx, "mail_outbox", erased, `DELETE FROM mail_outbox WHERE LOWER(recipient) = (SELECT LOWER(email) FROM users WHERE id = ?)`, j.user); err != nil {
			return err
		}
		return j.exec(ctx, tx, "mail_outbox", anonymised, `UPDATE mail_outbox SET created_by = 0 WHERE created_by = ?`, j.user)
	}},
	{table: "user_languages", how: "the account's choice of language removed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		return j.exec(ctx, tx, "user_languages", erased, `DELETE FROM user_languages WHERE user_id = ?`, j.user)
	}},
	{table: "users", how: "the account anonymised: name, address and password gone, disabled; records that point at it now show \"[gewist]\"", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		return j.exec(ctx, tx, "users", anonymised, `UPDATE users SET name = ?, email = ?, password_hash = '!', disabled = TRUE WHERE id = ?`,
			rotonde.ErasedName, "gewist-"+strconv.FormatInt(j.user, 10)+"@gewist.invalid", j.user)
	}},
	// The route into policy's tables (sqldb/network.go): the person's name
	// is replaced in barriers and stories, published or not, and in who
	// gave consent to a story.
	{table: "case_barriers", how: "the name replaced", run: scrubCaseTexts("case_barriers", "explanation")},
	{table: "case_stories", how: "the name replaced in the story and in who gave consent", run: scrubCaseTexts("case_stories", "title", "body", "consent_given_by")},
	// Last: the search index of each case concerned is rebuilt from what the
	// erasure left, so no removed name or text can still be found.
	{table: "search_docs", how: "the search index of the case rebuilt from what the erasure left; no count is kept of a word no longer indexed", run: func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if err := j.forCases(func(c int64) error { return tx.indexCaseContent(ctx, c) }); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM search_term_docs WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.term = search_term_docs.term)`)
		return err
	}},
}

// genogramRows deletes rows of the job's genogram person; where repeats the
// person id n times.
func genogramRows(table, where string, n int) func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if j.person == 0 {
			return nil
		}
		args := []any{j.req.CaseID}
		for range n {
			args = append(args, j.person)
		}
		return j.exec(ctx, tx, table, erased, `DELETE FROM `+table+` WHERE case_id = ? AND (`+where+`)`, args...)
	}
}

// accountRows deletes an erased account's rows of a table.
func accountRows(table, col string) func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		if !j.account {
			return nil
		}
		return j.exec(ctx, tx, table, erased, `DELETE FROM `+table+` WHERE `+col+` = ?`, j.user)
	}
}

// eraseCaptures handles what the person contributed to meetings: in a
// closed meeting the report is the group's record and stays, so the
// contribution is kept without its author; in a meeting still open it goes.
func eraseCaptures(table string) func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		ids, err := j.participantIDs(ctx, tx)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			in, args := inIDs(ids)
			closed := `meeting_id IN (SELECT id FROM meetings WHERE status = 'closed')`
			if err := j.exec(ctx, tx, table, erased, `DELETE FROM `+table+` WHERE participant_id IN `+in+` AND NOT `+closed, args...); err != nil {
				return err
			}
			set := `participant_id = NULL`
			if table == "meeting_captures" {
				set += `, anonymous = TRUE`
			}
			if err := j.exec(ctx, tx, table, anonymised, `UPDATE `+table+` SET `+set+` WHERE participant_id IN `+in+` AND `+closed, args...); err != nil {
				return err
			}
		}
		if table != "meeting_captures" {
			return j.forCases(func(c int64) error {
				return j.scrubColumns(ctx, tx, table, []string{"title"}, meetingsOfCase, c)
			})
		}
		return j.forCases(func(c int64) error {
			return j.scrubColumns(ctx, tx, table, []string{"body", "group_name", "stakeholder"}, meetingsOfCase, c)
		})
	}
}

// scrubTimeline takes the names out of the persons and helpers lists and
// replaces them in the texts of the cases' timeline events.
func scrubTimeline(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	if len(j.names) == 0 {
		return nil
	}
	return j.forCases(func(c int64) error {
		type ev struct {
			id               int64
			persons, helpers []string
			texts            [5]string
		}
		var changed []ev
		if err := eachRow(ctx, tx, func(rows *sql.Rows) error {
			var e ev
			var persons, helpers string
			if err := rows.Scan(&e.id, &persons, &helpers, &e.texts[0], &e.texts[1], &e.texts[2], &e.texts[3], &e.texts[4]); err != nil {
				return err
			}
			dirty := false
			keep := func(list []string) []string {
				var out []string
				for _, p := range list {
					drop := false
					for _, n := range j.names {
						drop = drop || strings.EqualFold(strings.TrimSpace(p), n)
					}
					if drop {
						dirty = true
						continue
					}
					out = append(out, p)
				}
				return out
			}
			e.persons, e.helpers = keep(splitNames(persons)), keep(splitNames(helpers))
			for i, t := range e.texts {
				if nt := j.scrubText(t); nt != t {
					e.texts[i], dirty = nt, true
				}
			}
			if dirty {
				changed = append(changed, e)
			}
			return nil
		}, `SELECT id, persons, helpers, description, emotions, opinions, assumptions, interpretations
			FROM timeline_events WHERE case_id = ?`, c); err != nil {
			return err
		}
		for _, e := range changed {
			if _, err := tx.Exec(ctx, `UPDATE timeline_events SET persons = ?, persons_key = ?, helpers = ?, helpers_key = ?,
				description = ?, emotions = ?, opinions = ?, assumptions = ?, interpretations = ? WHERE id = ?`,
				joinNames(e.persons), nameKey(e.persons), joinNames(e.helpers), nameKey(e.helpers),
				e.texts[0], e.texts[1], e.texts[2], e.texts[3], e.texts[4], e.id); err != nil {
				return err
			}
		}
		j.count("timeline_events", anonymised, len(changed))
		return nil
	})
}

// erasureKept lists the tables that can hold a person and that an erasure
// leaves as they are, with the reason. Together with erasureSteps it must
// cover every such table of the schema (TestErasureCoversEveryPersonTable).
var erasureKept = map[string]string{
	"audit_log":           "the access log (NEN 7513) keeps who did what, under its own retention period; it records that an erasure happened, not what was erased; names are shown from the account, which an account erasure anonymises",
	"break_glass":         "emergency access by a system administrator is itself an access record, kept like the access log",
	"sharing_grounds":     "the legal ground or consent for sharing the case; recorded_by and withdrawn_by point at accounts, which an account erasure anonymises",
	"cases":               "created_by points at the owner's account; an owner cannot be erased while owning a case",
	"groups":              "created_by points at an account, which an account erasure anonymises",
	"rounds":              "facilitator_id points at an account, which an account erasure anonymises",
	"sso_configs":         "updated_by points at an administrator's account, which an account erasure anonymises",
	"method_overrides":    "updated_by points at an administrator's account, which an account erasure anonymises",
	"org_retention":       "updated_by points at an administrator's account, which an account erasure anonymises",
	"login_throttle":      "keyed by a hash of an address or account, removed by housekeeping within hours",
	"organisations":       "an organisation, not a person",
	"regions":             "a region, not a person",
	"meeting_steps":       "the agenda of a meeting; holds no person",
	"round_fields":        "the fields of a round; holds no person",
	"genogram_households": "a household's label; its members are removed with the person (genogram_household_members)",
	"network_insights":    "kept de-identified on purpose: no case, no author, no person",
	"intervision_series":  "a group's planned series; created_by points at an account, which an account erasure anonymises",
	"series_meetings":     "ties a meeting to a session of an intervision series; holds no person",
	"codebooks":           "a network's codebook; created_by points at an account, which an account erasure anonymises",
	"codebook_codes":      "the codes of a codebook; created_by points at an account, which an account erasure anonymises",
	"codings":             "coding decisions on shared, de-identified records; coded_by points at an account, which an account erasure anonymises",
	"codebook_notes":      "memos and coding decisions about shared, de-identified records; created_by points at an account, which an account erasure anonymises",
	"sso_flows":           "a login under way, expires within minutes; holds no person",
	"meta":                "settings of the installation",
	"write_probe":         "a timestamp to test that the database accepts writes",
	"audit_head":          "the head of the access log's chain",
	"schema_migrations":   "the names of the applied migrations, not of people",
	"case_signals":        "the keys of the stagnation signals a case's timeline shows; holds no person",
}

// ErasureCoverage tells, for every table erasure knows of, what it does with
// it: "erased: …" for the tables erasure handles, "kept: …" for those it
// leaves with a reason.
func ErasureCoverage() map[string]string {
	out := map[string]string{}
	for _, s := range erasureSteps {
		out[s.table] = "erased: " + s.how
	}
	for t, why := range erasureKept {
		out[t] = "kept: " + why
	}
	return out
}

// OpenErasureDeadlines counts the open requests the actor may decide, and
// returns the earliest deadline (zero when none).
func (db *PrivacyService) OpenErasureDeadlines(ctx context.Context, actor *rotonde.User) (open int, earliest time.Time, err error) {
	_, review, err := db.ErasureRequestsFor(ctx, actor)
	if err != nil {
		return 0, time.Time{}, err
	}
	for _, r := range review {
		if r.Status != rotonde.ErasureOpen {
			continue
		}
		open++
		if earliest.IsZero() || r.DueAt.Before(earliest) {
			earliest = r.DueAt
		}
	}
	return open, earliest, nil
}

// eraseTrash removes the case's trash entries that hold the person: every
// entry that names their geno-sociogram person (their own rows, or ties and
// lines to them), whose rows mention one of their names, or that holds what
// their account added.
func eraseTrash(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
	return j.forCases(func(c int64) error {
		if j.person != 0 {
			if err := j.exec(ctx, tx, "trash", erased, `DELETE FROM trash WHERE case_id = ? AND persons LIKE ?`,
				c, "% "+strconv.FormatInt(j.person, 10)+" %"); err != nil {
				return err
			}
		}
		if err := eraseNamed(ctx, tx, j, "trash", c); err != nil {
			return err
		}
		if j.user != 0 {
			return j.exec(ctx, tx, "trash", erased, `DELETE FROM trash WHERE case_id = ? AND created_by = ?`, c, j.user)
		}
		return nil
	})
}
