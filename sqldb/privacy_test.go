package sqldb_test

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// A closed case past its organisation's retention period is purged with
// everything in it; an open case, a case closed recently, and what the case
// shared with the network (de-identified) and the access log remain. The dry
// run lists the same cases and removes nothing.
func TestPurgeRetention(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		start := time.Date(2020, 1, 10, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return start }
		mk := func(title string) *rotonde.Case {
			c := &rotonde.Case{Title: title}
			if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		old, recent, open := mk("Oud (9)"), mk("Recent (10)"), mk("Open (11)")
		for _, c := range []*rotonde.Case{old, recent, open} {
			ev := &timeline.Event{Date: timeline.MonthOf(2019, 5), Kind: timeline.KindDecision, Source: timeline.SourceDossier, Description: "Aanmelding " + c.Title}
			if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, ev); err != nil {
				t.Fatal(err)
			}
		}
		in := &rotonde.Insight{CaseID: old.ID, Body: "Wachten op elkaar kost het kind een jaar", Level: "network"}
		if err := db.Progress.AddInsight(ctx, w.owner, in); err != nil {
			t.Fatal(err)
		}
		if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: old.ID, Part: "casus", UserID: w.owner.ID, Outcome: rotonde.AuditAllowed}); err != nil {
			t.Fatal(err)
		}
		// Only the owner closes a case.
		if err := db.Privacy.SetCaseStatus(ctx, w.colleague, old.ID, rotonde.CaseClosed); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("a non-member closes the case: %v", err)
		}
		if err := db.Privacy.SetCaseStatus(ctx, w.owner, old.ID, rotonde.CaseClosed); err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return start.AddDate(1, 6, 0) }
		if err := db.Privacy.SetCaseStatus(ctx, w.owner, recent.ID, rotonde.CaseClosed); err != nil {
			t.Fatal(err)
		}
		// The wijkteam keeps closed cases one year; the default is two.
		if err := db.Privacy.SetRetentionPolicy(ctx, w.colleague, rotonde.RetentionPolicy{OrgID: w.wijkteam.ID, CaseYears: 1}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("a professional sets the retention period: %v", err)
		}
		if err := db.Privacy.SetRetentionPolicy(ctx, w.admin, rotonde.RetentionPolicy{OrgID: w.wijkteam.ID, CaseYears: 0}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("a period of 0 years: %v", err)
		}
		if p, _ := db.Privacy.RetentionPolicy(ctx, w.wijkteam.ID); !p.Default || p.CaseYears != rotonde.DefaultRetentionYears {
			t.Fatalf("default policy: %+v", p)
		}
		if err := db.Privacy.SetRetentionPolicy(ctx, w.admin, rotonde.RetentionPolicy{OrgID: w.wijkteam.ID, CaseYears: 1}); err != nil {
			t.Fatal(err)
		}
		now := start.AddDate(2, 0, 0) // old: closed two years ago; recent: half a year ago
		dry, err := db.Privacy.PurgeRetention(ctx, now, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(dry) != 1 || dry[0].CaseID != old.ID || dry[0].Years != 1 || !dry[0].DueAt.Equal(start.AddDate(1, 0, 0)) {
			t.Fatalf("dry run: %+v", dry)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM cases`); n != 3 {
			t.Fatalf("the dry run removed cases: %d left", n)
		}
		// Reopened after the list was made: not purged.
		done, err := db.Privacy.PurgeRetention(ctx, now, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(done) != 1 || done[0].CaseID != old.ID {
			t.Fatalf("purged: %+v", done)
		}
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM cases WHERE id = ` + itoa(old.ID):                      0,
			`SELECT COUNT(*) FROM timeline_events WHERE case_id = ` + itoa(old.ID):       0,
			`SELECT COUNT(*) FROM case_members WHERE case_id = ` + itoa(old.ID):          0,
			`SELECT COUNT(*) FROM case_insights WHERE case_id = ` + itoa(old.ID):         0,
			`SELECT COUNT(*) FROM cases`:                                                 2,
			`SELECT COUNT(*) FROM timeline_events`:                                       2,
			`SELECT COUNT(*) FROM network_insights WHERE body LIKE 'Wachten op elkaar%'`: 1,
			// The access log keeps the case's records and says it was purged.
			`SELECT COUNT(*) FROM audit_log WHERE case_id = ` + itoa(old.ID) + ` AND part = 'casus'`:         1,
			`SELECT COUNT(*) FROM audit_log WHERE case_id = ` + itoa(old.ID) + ` AND part = 'bewaartermijn'`: 1,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("access log chain after purge: %+v %v", v, err)
		}
		// A reopened case is no longer due; closing again restarts the period.
		if err := db.Privacy.SetCaseStatus(ctx, w.owner, recent.ID, rotonde.CaseOpen); err != nil {
			t.Fatal(err)
		}
		if due, _ := db.Privacy.RetentionDue(ctx, start.AddDate(10, 0, 0)); len(due) != 0 {
			t.Fatalf("an open case is due: %+v", due)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A family member asks to erase grandma from the case; the case owner
// approves; she is gone from the genogram with her ties, from the timeline's
// persons and texts, the force field, and a guest record; the receipt counts
// what went; the access log records that an erasure happened without her
// name; the chain stays intact.
func TestErasePersonFromCase(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Noor (15)")
		omaID := storeGrandmaEverywhere(t, db, w, c)
		req, done := requestAndApproveErasure(t, db, w, c, omaID)
		erasureLeavesNoTrace(t, db, w, c, req, done)
	})
}

// storeGrandmaEverywhere adds the family as members and puts grandma in the
// genogram with a tie, the timeline, the force field and a meeting as a
// guest with a capture; it returns her person id.
func storeGrandmaEverywhere(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) int64 {
	ctx := context.Background()
	if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.family.Email, rotonde.MemberFamily); err != nil {
		t.Fatal(err)
	}
	noor := &genogram.Person{Alias: "Noor", Index: true}
	oma := &genogram.Person{Alias: "oma Ans"}
	for _, p := range []*genogram.Person{noor, oma} {
		if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Genogram.AddTie(ctx, w.owner, c.ID, &genogram.Tie{A: noor.ID, B: oma.ID, Kind: genogram.TieClose}); err != nil {
		t.Fatal(err)
	}
	ev := &timeline.Event{Date: timeline.MonthOf(2021, 3), Kind: timeline.KindExperience, Lane: timeline.LaneFamily, Source: timeline.SourceFamily,
		Description: "Noor logeert bij oma Ans; Oma Ans haalt haar op.", Persons: []string{"Noor", "oma Ans"}}
	if _, err := db.Timeline.AddTimelineEvent(ctx, w.family, c.ID, ev); err != nil {
		t.Fatal(err)
	}
	execArgs(t, db, `INSERT INTO forcefield_stakeholders (case_id, name, role, influence, stance) VALUES (?, 'oma Ans', 'grootmoeder', 3, 1)`, c.ID)
	execArgs(t, db, `INSERT INTO meetings (case_id, title, facilitator_id, created_at, updated_at) VALUES (?, 'Eerste ronde', ?, ?, ?)`, c.ID, w.owner.ID, time.Now().UTC(), time.Now().UTC())
	mid := int64(countRows(t, db, `SELECT MAX(id) FROM meetings`))
	execArgs(t, db, `INSERT INTO meeting_participants (meeting_id, name, kind, admitted, created_at) VALUES (?, 'Oma Ans', 'guest', TRUE, ?)`, mid, time.Now().UTC())
	pid := int64(countRows(t, db, `SELECT MAX(id) FROM meeting_participants`))
	execArgs(t, db, `INSERT INTO meeting_captures (meeting_id, step_position, kind, body, participant_id, created_at) VALUES (?, 0, 'note', 'ik wil helpen', ?, ?)`, mid, pid, time.Now().UTC())
	pidN, _ := strconv.ParseInt(strings.TrimPrefix(oma.ID, "p"), 10, 64)
	return pidN
}

// requestAndApproveErasure has the family request grandma's erasure and
// the owner approve it, after checking who may not decide.
func requestAndApproveErasure(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, pidN int64) (*rotonde.ErasureRequest, *rotonde.ErasureRequest) {
	ctx := context.Background()
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureCase, CaseID: c.ID, SubjectPerson: pidN, SubjectName: "oma Ans", Reason: "Zij wil er niet in staan."}
	if err := db.Privacy.CreateErasureRequest(ctx, w.outsider, req); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Fatalf("a non-member records a request: %v", err)
	}
	if err := db.Privacy.CreateErasureRequest(ctx, w.family, req); err != nil {
		t.Fatal(err)
	}
	if !req.DueAt.Equal(rotonde.ErasureDeadline(req.RequestedAt)) || req.OrgID != w.wijkteam.ID {
		t.Fatalf("request: %+v", req)
	}
	// The requester does not decide; a colleague outside the case does not either.
	for _, u := range []*rotonde.User{w.family, w.colleague, w.outsider} {
		if _, err := db.Privacy.DecideErasure(ctx, u, req.ID, true, ""); err == nil {
			t.Fatalf("%s decided", u.Email)
		}
	}
	if n, due, err := db.Privacy.OpenErasureDeadlines(ctx, w.admin); err != nil || n != 1 || !due.Equal(req.DueAt) {
		t.Fatalf("the organisation's administrator sees %d open requests due %v (%v)", n, due, err)
	}
	done, err := db.Privacy.DecideErasure(ctx, w.owner, req.ID, true, "akkoord")
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != rotonde.ErasureApproved || done.SubjectName != "" || done.Reason != "" || len(done.Receipt.Items) == 0 {
		t.Fatalf("after approval: %+v", done)
	}
	return req, done
}

// erasureLeavesNoTrace checks the receipt, that grandma is gone everywhere
// without her name in the access log, and that the chain is intact.
func erasureLeavesNoTrace(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, req, done *rotonde.ErasureRequest) {
	ctx := context.Background()
	got := map[string]int{}
	for _, it := range done.Receipt.Items {
		got[it.What+"/"+it.Action] = it.Count
	}
	for k, want := range map[string]int{"genogram_persons/verwijderd": 1, "genogram_ties/verwijderd": 1, "timeline_events/geanonimiseerd": 1,
		"forcefield_stakeholders/verwijderd": 1, "meeting_participants/geanonimiseerd": 1, "meeting_captures/verwijderd": 1} {
		if got[k] != want {
			t.Errorf("receipt %s = %d, want %d (%v)", k, got[k], want, got)
		}
	}
	evs, err := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{})
	if err != nil || len(evs) != 1 {
		t.Fatal(evs, err)
	}
	if e := evs[0].Event; len(e.Persons) != 1 || e.Persons[0] != "Noor" || strings.Contains(strings.ToLower(e.Description), "ans") {
		t.Fatalf("timeline still names her: %+v", e)
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM genogram_persons WHERE alias = 'oma Ans'`,
		`SELECT COUNT(*) FROM genogram_ties`,
		`SELECT COUNT(*) FROM forcefield_stakeholders`,
		`SELECT COUNT(*) FROM meeting_participants WHERE name = 'Oma Ans'`,
		`SELECT COUNT(*) FROM erasure_requests WHERE subject_name <> '' OR reason <> ''`,
		`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Ans%'`,
	} {
		if n := countRows(t, db, q); n != 0 {
			t.Errorf("%s = %d, want 0", q, n)
		}
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM audit_log WHERE part = 'wissen' AND action = 'D' AND case_id = `+itoa(c.ID)); n != 1 {
		t.Errorf("%d access-log records of the erasure, want 1", n)
	}
	if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
		t.Fatalf("chain: %+v %v", v, err)
	}
	if _, err := db.Privacy.DecideErasure(ctx, w.owner, req.ID, true, ""); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Fatalf("decided twice: %v", err)
	}
	// The requester reads the receipt.
	if r, err := db.Privacy.ErasureRequest(ctx, w.family, req.ID); err != nil || r.Status != rotonde.ErasureApproved {
		t.Fatalf("receipt for the requester: %+v %v", r, err)
	}
}

// An account holder asks to be erased; the organisation's administrator
// approves; the account is anonymised and disabled, its memberships,
// placements, factors and sessions gone, its captures in a closed meeting
// kept without author; a refusal leaves everything.
func TestEraseAccount(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithColleague(t, db, "Sam (12)")
		now := time.Now().UTC()
		sess := &rotonde.Session{UserID: w.colleague.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
		if err := db.Sessions.CreateSession(ctx, sess, []byte("colleague-session")); err != nil {
			t.Fatal(err)
		}
		execArgs(t, db, `INSERT INTO placements (user_id, field_key, position, role, placed_at) VALUES (?, 'makeable', 40, 'professional', ?)`, w.colleague.ID, now)
		execArgs(t, db, `INSERT INTO meetings (case_id, title, facilitator_id, status, created_at, updated_at) VALUES (?, 'Afgesloten', ?, 'closed', ?, ?)`, c.ID, w.owner.ID, now, now)
		mid := int64(countRows(t, db, `SELECT MAX(id) FROM meetings`))
		execArgs(t, db, `INSERT INTO meeting_participants (meeting_id, user_id, name, kind, admitted, created_at) VALUES (?, ?, 'Collega', 'member', TRUE, ?)`, mid, w.colleague.ID, now)
		pid := int64(countRows(t, db, `SELECT MAX(id) FROM meeting_participants`))
		execArgs(t, db, `INSERT INTO meeting_captures (meeting_id, step_position, kind, body, participant_id, created_at) VALUES (?, 0, 'note', 'we wachten te lang', ?, ?)`, mid, pid, now)
		execArgs(t, db, `INSERT INTO mail_outbox (kind, recipient, created_by, created_at, next_attempt_at) VALUES ('invite', ?, 0, ?, ?)`, strings.ToUpper(w.colleague.Email), now, now)
		execArgs(t, db, `INSERT INTO mail_outbox (kind, recipient, created_by, created_at, next_attempt_at) VALUES ('invite', 'ander@voorbeeld.test', ?, ?, ?)`, w.colleague.ID, now, now)
		execArgs(t, db, `INSERT INTO user_languages (user_id, lang) VALUES (?, 'en')`, w.colleague.ID)

		req := &rotonde.ErasureRequest{Scope: rotonde.ErasureAccount}
		if err := db.Privacy.CreateErasureRequest(ctx, w.colleague, req); err != nil {
			t.Fatal(err)
		}
		if err := db.Privacy.CreateErasureRequest(ctx, w.colleague, &rotonde.ErasureRequest{Scope: rotonde.ErasureAccount}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Fatalf("a second open request: %v", err)
		}
		// The system administrator decides for accounts without an organisation only.
		if _, err := db.Privacy.DecideErasure(ctx, w.sysad, req.ID, true, ""); err == nil {
			t.Fatal("the system administrator decided for an organisation")
		}
		if _, err := db.Privacy.DecideErasure(ctx, w.admin, req.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		u, err := db.Users.User(ctx, w.colleague.ID)
		if err != nil || u.Name != rotonde.ErasedName || !u.Disabled || strings.Contains(u.Email, "collega") {
			t.Fatalf("account after erasure: %+v %v", u, err)
		}
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM case_members WHERE user_id = ` + itoa(w.colleague.ID):                                 0,
			`SELECT COUNT(*) FROM sessions WHERE user_id = ` + itoa(w.colleague.ID):                                     0,
			`SELECT COUNT(*) FROM placements WHERE user_id = ` + itoa(w.colleague.ID):                                   0,
			`SELECT COUNT(*) FROM meeting_participants WHERE user_id = ` + itoa(w.colleague.ID):                         0,
			`SELECT COUNT(*) FROM meeting_captures WHERE body = 'we wachten te lang' AND anonymous = TRUE`:              1,
			`SELECT COUNT(*) FROM meeting_captures WHERE participant_id IS NOT NULL`:                                    0,
			`SELECT COUNT(*) FROM audit_log WHERE part = 'beveiliging/wissen' AND subject_id = ` + itoa(w.colleague.ID): 1,
			`SELECT COUNT(*) FROM mail_outbox WHERE recipient <> 'ander@voorbeeld.test'`:                                0,
			`SELECT COUNT(*) FROM mail_outbox WHERE created_by = ` + itoa(w.colleague.ID):                               0,
			`SELECT COUNT(*) FROM mail_outbox`:                                                                          1,
			`SELECT COUNT(*) FROM user_languages WHERE user_id = ` + itoa(w.colleague.ID):                               0,
		} {
			if got := countRows(t, db, q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}
		// The owner cannot be erased while owning a case; a refusal changes nothing.
		req2 := &rotonde.ErasureRequest{Scope: rotonde.ErasureAccount}
		if err := db.Privacy.CreateErasureRequest(ctx, w.owner, req2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Privacy.DecideErasure(ctx, w.admin, req2.ID, true, ""); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Fatalf("erasing a case owner: %v", err)
		}
		if _, err := db.Privacy.DecideErasure(ctx, w.admin, req2.ID, false, "eerst overdragen"); err != nil {
			t.Fatal(err)
		}
		if u, _ := db.Users.User(ctx, w.owner.ID); u.Name != "Eigenaar" || u.Disabled {
			t.Fatalf("a refused request changed the account: %+v", u)
		}
	})
}

// personColumn marks a column that can hold or point at a person.
var personColumn = regexp.MustCompile(`^(user_id|email|name|alias|interviewee|persons|helpers|author_name|owner_user|owner_text|for_user|facilitator_id|person_id|child_id|parent1_id|parent2_id|a_id|b_id|subject_id|subject_user|used_by|participant_id|stakeholder|.*_by)$`)

// TestErasureCoversEveryPersonTable reads the schema from the database's
// catalogue after migration and fails on a table that can hold a person but
// that erasure neither handles nor keeps with a stated reason: a new table
// cannot be forgotten.
func TestErasureCoversEveryPersonTable(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var q string
		if db.Dialect() == sqldb.Postgres {
			q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
		} else {
			q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
		}
		rows, err := db.Reader().QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		tables := map[string][]string{}
		for rows.Next() {
			var table, col string
			if err := rows.Scan(&table, &col); err != nil {
				t.Fatal(err)
			}
			if personColumn.MatchString(col) {
				tables[table] = append(tables[table], col)
			} else if _, ok := tables[table]; !ok {
				tables[table] = nil
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(tables) < 40 {
			t.Fatalf("read only %d tables from the catalogue", len(tables))
		}
		coverage := sqldb.ErasureCoverage()
		var names []string
		for n := range tables {
			names = append(names, n)
		}
		sort.Strings(names)
		person := 0
		for _, table := range names {
			cols := tables[table]
			if len(cols) == 0 {
				continue
			}
			person++
			if coverage[table] == "" {
				t.Errorf("table %s can hold a person (%s) but erasure neither handles it nor lists why it keeps it (sqldb/erasure.go)", table, strings.Join(cols, ", "))
			}
		}
		for table := range coverage {
			if _, ok := tables[table]; !ok {
				t.Errorf("erasure names table %s, which the schema does not have", table)
			}
		}
		if person < 30 {
			t.Errorf("only %d tables found that can hold a person", person)
		}
	})
}

// The person's own copy holds their account, their cases, what they wrote,
// and who looked at their cases — and nothing of anybody else's account.
func TestPersonalCopy(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithFamily(t, db, "Sam (12)")
		ev := &timeline.Event{Date: timeline.MonthOf(2022, 1), Kind: timeline.KindExperience, Lane: timeline.LaneFamily, Source: timeline.SourceFamily, Description: "Niemand belde terug"}
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.family, c.ID, ev); err != nil {
			t.Fatal(err)
		}
		if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: c.ID, Part: "tijdlijn", UserID: w.owner.ID, Outcome: rotonde.AuditAllowed}); err != nil {
			t.Fatal(err)
		}
		pc, err := db.Privacy.PersonalCopy(ctx, w.family)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(pc)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, want := range []string{"ouder@test.nl", "Sam (12)", "Niemand belde terug", `"by":"Eigenaar"`, `"part":"tijdlijn"`} {
			if !strings.Contains(s, want) {
				t.Errorf("copy lacks %q: %s", want, s)
			}
		}
		for _, not := range []string{"owner@test.nl", "collega@test.nl", "password"} {
			if strings.Contains(s, not) {
				t.Errorf("copy holds %q", not)
			}
		}
		if len(pc.CaseIDs) != 1 || pc.CaseIDs[0] != c.ID {
			t.Errorf("cases: %v", pc.CaseIDs)
		}
	})
}

func execArgs(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if db.Dialect() == sqldb.Postgres {
		n := 0
		q = regexp.MustCompile(`\?`).ReplaceAllStringFunc(q, func(string) string { n++; return "$" + strconv.Itoa(n) })
	}
	if _, err := db.Writer().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
