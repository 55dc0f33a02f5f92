package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/research"
)

// ResearchService grants researchers access to a network's shared, coded
// material and gives it to them (research.Service).
type ResearchService struct{ *store }

var _ research.Service = (*ResearchService)(nil)

// mayGrant: the system administrator, or an administrator of an
// organisation in the region.
func (db *ResearchService) mayGrant(ctx context.Context, actor *rotonde.User, regionID int64) (bool, error) {
	if actor == nil || actor.Disabled {
		return false, nil
	}
	if actor.Role == rotonde.RoleSysAdmin {
		return true, nil
	}
	if actor.Role != rotonde.RoleAdministrator || actor.OrgID == 0 {
		return false, nil
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND region_id = ?`, actor.OrgID, regionID).Scan(&n)
	return n > 0, err
}

// grantEvent is the security-log record of a change to research access,
// allowed or refused.
func grantEvent(actor *rotonde.User, action rotonde.AuditAction, outcome string, researcherID int64, detail string) *rotonde.AuditEntry {
	e := &rotonde.AuditEntry{Action: action, Part: rotonde.SecurityResearchAccess, Outcome: outcome, SubjectID: researcherID, Detail: detail}
	if actor != nil {
		e.UserID, e.OrgID, e.Role = actor.ID, actor.OrgID, string(actor.Role)
	}
	return e
}

// refuseGrant keeps a refused change to research access in the security log
// and returns EForbidden.
func (db *ResearchService) refuseGrant(ctx context.Context, actor *rotonde.User, action rotonde.AuditAction, researcherID int64, detail string) error {
	if err := db.WriteTx(ctx, func(tx *Tx) error {
		return db.appendAudit(ctx, tx, grantEvent(actor, action, rotonde.AuditDenied, researcherID, detail))
	}); err != nil {
		return fmt.Errorf("research access: %w", err)
	}
	return forbidden()
}

// GrantAccess stores a grant for a researcher.
func (db *ResearchService) GrantAccess(ctx context.Context, actor *rotonde.User, g *research.Grant) error {
	now := db.Now()
	if err := g.Validate(now); err != nil {
		return err
	}
	ok, err := db.mayGrant(ctx, actor, g.RegionID)
	if err != nil {
		return fmt.Errorf("research grant: %w", err)
	}
	detail := fmt.Sprintf("regio %d tot %s", g.RegionID, g.Until.Format("2006-01-02"))
	if !ok {
		return db.refuseGrant(ctx, actor, rotonde.AuditCreate, g.ResearcherID, detail)
	}
	var role string
	if err := db.queryRow(ctx, `SELECT role FROM users WHERE id = ? AND disabled = ?`, g.ResearcherID, false).Scan(&role); err != nil {
		if isNoRows(err) {
			return notFound("err.research.no_such_researcher")
		}
		return fmt.Errorf("research grant: %w", err)
	}
	if rotonde.Role(role) != rotonde.RoleResearcher {
		return rotonde.E(rotonde.EInvalid, "err.research.not_a_researcher")
	}
	g.GrantedBy, g.CreatedAt = actor.ID, now
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO research_grants (researcher_id, region_id, valid_until, purpose, granted_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, g.ResearcherID, g.RegionID, g.Until, g.Purpose, actor.ID, now).Scan(&g.ID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, grantEvent(actor, rotonde.AuditCreate, rotonde.AuditAllowed, g.ResearcherID, detail))
	})
}

// RevokeAccess ends a grant at once.
func (db *ResearchService) RevokeAccess(ctx context.Context, actor *rotonde.User, grantID int64) error {
	var regionID, researcherID int64
	if err := db.queryRow(ctx, `SELECT region_id, researcher_id FROM research_grants WHERE id = ?`, grantID).Scan(&regionID, &researcherID); err != nil {
		if isNoRows(err) {
			return notFound("err.research.no_such_grant")
		}
		return fmt.Errorf("research revoke: %w", err)
	}
	ok, err := db.mayGrant(ctx, actor, regionID)
	if err != nil {
		return fmt.Errorf("research revoke: %w", err)
	}
	detail := fmt.Sprintf("ingetrokken: regio %d", regionID)
	if !ok {
		return db.refuseGrant(ctx, actor, rotonde.AuditUpdate, researcherID, detail)
	}
	now := db.Now()
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE research_grants SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, now, actor.ID, grantID); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, grantEvent(actor, rotonde.AuditUpdate, rotonde.AuditAllowed, researcherID, detail))
	})
}

// Grants lists the grants the actor may see.
func (db *ResearchService) Grants(ctx context.Context, actor *rotonde.User) ([]research.Grant, error) {
	q := `SELECT g.id, g.researcher_id, g.region_id, g.valid_until, g.purpose, COALESCE(g.granted_by, 0), g.created_at, g.revoked_at,
		u.name, r.name, COALESCE(b.name, '')
		FROM research_grants g JOIN users u ON u.id = g.researcher_id JOIN regions r ON r.id = g.region_id
		LEFT JOIN users b ON b.id = g.granted_by`
	var args []any
	switch {
	case actor == nil || actor.Disabled:
		return nil, forbidden()
	case actor.Role == rotonde.RoleSysAdmin:
	case actor.Role == rotonde.RoleResearcher:
		q += ` WHERE g.researcher_id = ?`
		args = append(args, actor.ID)
	case actor.Role == rotonde.RoleAdministrator && actor.OrgID != 0:
		q += ` WHERE g.region_id IN (SELECT region_id FROM organisations WHERE id = ? AND region_id IS NOT NULL)`
		args = append(args, actor.OrgID)
	default:
		return nil, forbidden()
	}
	return readList(ctx, db.store, "research grants", func(r scanner) (g research.Grant, err error) {
		var revoked sql.NullTime
		err = r.Scan(&g.ID, &g.ResearcherID, &g.RegionID, &g.Until, &g.Purpose, &g.GrantedBy, &g.CreatedAt, &revoked,
			&g.ResearcherName, &g.RegionName, &g.GrantedByName)
		if revoked.Valid {
			g.RevokedAt = revoked.Time
		}
		return g, err
	}, q+` ORDER BY g.valid_until DESC, g.id DESC`, args...)
}

// MayResearch: a researcher with an active grant for the region; else
// EForbidden.
func (db *ResearchService) MayResearch(ctx context.Context, actor *rotonde.User, regionID int64) error {
	if actor == nil || actor.Disabled || actor.Role != rotonde.RoleResearcher || regionID == 0 {
		return forbidden()
	}
	rows, err := db.query(ctx, `SELECT valid_until FROM research_grants WHERE researcher_id = ? AND region_id = ? AND revoked_at IS NULL`, actor.ID, regionID)
	if err != nil {
		return fmt.Errorf("research access: %w", err)
	}
	defer rows.Close()
	now := db.Now()
	for rows.Next() {
		var g research.Grant
		if err := rows.Scan(&g.Until); err != nil {
			return fmt.Errorf("research access: %w", err)
		}
		if g.Active(now) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("research access: %w", err)
	}
	return forbidden()
}

// researchRecord is the access-log record of an export or import; a nil
// actor is the command line.
func researchRecord(actor *rotonde.User, action rotonde.AuditAction, part, detail string) *rotonde.AuditEntry {
	e := &rotonde.AuditEntry{Action: action, Part: part, Outcome: rotonde.AuditAllowed, Detail: detail}
	if actor != nil {
		e.UserID, e.OrgID, e.Role = actor.ID, actor.OrgID, string(actor.Role)
	} else {
		e.Detail = "opdrachtregel, " + e.Detail
	}
	return e
}

// Material gives a network's shared, coded material and logs the export.
func (db *ResearchService) Material(ctx context.Context, actor *rotonde.User, regionID int64) (*research.Material, error) {
	if actor != nil {
		if err := db.MayResearch(ctx, actor, regionID); err != nil {
			return nil, err
		}
	}
	var m *research.Material
	err := db.WriteTx(ctx, func(tx *Tx) error {
		var err error
		if m, err = loadMaterial(ctx, tx, regionID); err != nil {
			return err
		}
		m.ExportedAt = db.Now()
		return db.appendAudit(ctx, tx, researchRecord(actor, rotonde.AuditExport, "onderzoek/export",
			fmt.Sprintf("regio %d: %d teksten, %d casussen", regionID, len(m.Texts), len(m.Cases))))
	})
	if err != nil {
		return nil, fmt.Errorf("research material: %w", err)
	}
	return m, nil
}

// sharedInRegion selects the shared records of a network: those coded in
// one of its codebooks and those of its cases (the region of the case's
// municipality, or of its owner's organisation). Region 0 is every network.
const sharedInRegion = `SELECT r.id FROM knowledge_records r WHERE r.shared_at IS NOT NULL AND (? = 0
	OR r.id IN (SELECT k.record_id FROM codings k JOIN codebooks b ON b.id = k.codebook_id WHERE b.region_id = ?)
	OR r.case_id IN (SELECT c.id FROM cases c JOIN users u ON u.id = c.created_by
		LEFT JOIN organisations m ON m.id = c.municipality_id LEFT JOIN organisations o ON o.id = u.org_id
		WHERE COALESCE(m.region_id, o.region_id) = ?))`

func loadMaterial(ctx context.Context, tx *Tx, regionID int64) (*research.Material, error) {
	m := &research.Material{Network: "alle netwerken"}
	if regionID != 0 {
		if err := tx.QueryRow(ctx, `SELECT name FROM regions WHERE id = ?`, regionID).Scan(&m.Network); err != nil {
			if isNoRows(err) {
				return nil, notFound("err.research.no_such_network")
			}
			return nil, err
		}
	}
	books := `SELECT id FROM codebooks WHERE (? = 0 OR region_id = ?)`
	if err := eachRow(ctx, tx, func(s *sql.Rows) error {
		var c research.Code
		var parent sql.NullInt64
		if err := s.Scan(&c.ID, &parent, &c.Name, &c.Colour, &c.Group); err != nil {
			return err
		}
		c.ParentID = parent.Int64
		m.Codes = append(m.Codes, c)
		return nil
	}, `SELECT id, parent_id, name, colour, code_group FROM codebook_codes WHERE codebook_id IN (`+books+`) ORDER BY id`, regionID, regionID); err != nil {
		return nil, err
	}
	texts := map[int64]int{}
	if err := eachRow(ctx, tx, func(s *sql.Rows) error {
		var t research.Text
		var caseID sql.NullInt64
		if err := s.Scan(&t.ID, &caseID, &t.Kind, &t.Level, &t.Body, &t.SharedAt); err != nil {
			return err
		}
		t.CaseID = caseID.Int64
		texts[t.ID] = len(m.Texts)
		m.Texts = append(m.Texts, t)
		return nil
	}, `SELECT id, case_id, kind, level, paraphrase, shared_at FROM knowledge_records WHERE id IN (`+sharedInRegion+`) ORDER BY id`,
		regionID, regionID, regionID); err != nil {
		return nil, err
	}
	coders := map[int64]bool{}
	if err := eachRow(ctx, tx, func(s *sql.Rows) error {
		var c research.Coding
		var record int64
		if err := s.Scan(&c.ID, &record, &c.CodeID, &c.CoderID, &c.Start, &c.End, &c.At); err != nil {
			return err
		}
		if i, ok := texts[record]; ok {
			m.Texts[i].Codings = append(m.Texts[i].Codings, c)
			coders[c.CoderID] = true
		}
		return nil
	}, `SELECT id, record_id, code_id, coded_by, sel_start, sel_end, created_at FROM codings WHERE codebook_id IN (`+books+`) ORDER BY id`,
		regionID, regionID); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, func(s *sql.Rows) error {
		var n research.Memo
		if err := s.Scan(&n.ID, &n.CoderID, &n.Kind, &n.Body, &n.At); err != nil {
			return err
		}
		coders[n.CoderID] = true
		m.Memos = append(m.Memos, n)
		return nil
	}, `SELECT id, created_by, kind, body, created_at FROM codebook_notes WHERE codebook_id IN (`+books+`) ORDER BY id`, regionID, regionID); err != nil {
		return nil, err
	}
	if err := loadCoders(ctx, tx, m, coders); err != nil {
		return nil, err
	}
	return m, loadResearchCases(ctx, tx, m)
}

func loadCoders(ctx context.Context, tx *Tx, m *research.Material, ids map[int64]bool) error {
	for id := range ids {
		c := research.Coder{ID: id}
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&c.Name); err != nil && !isNoRows(err) {
			return err
		}
		m.Coders = append(m.Coders, c)
	}
	sort.Slice(m.Coders, func(i, j int) bool { return m.Coders[i].ID < m.Coders[j].ID })
	return nil
}

// loadResearchCases gives the cases of the texts with their variables: the
// owner's organisation, the region and the current phase of learning
// together — never a title, a reason or a name.
func loadResearchCases(ctx context.Context, tx *Tx, m *research.Material) error {
	seen := map[int64]bool{}
	for _, t := range m.Texts {
		if t.CaseID == 0 || seen[t.CaseID] {
			continue
		}
		seen[t.CaseID] = true
		c := research.Case{ID: t.CaseID}
		err := tx.QueryRow(ctx, `SELECT COALESCE(o.name, ''), COALESCE(rm.name, ro.name, ''),
			COALESCE((SELECT p.phase FROM case_phases p WHERE p.case_id = c.id ORDER BY p.id DESC LIMIT 1), '')
			FROM cases c JOIN users u ON u.id = c.created_by LEFT JOIN organisations o ON o.id = u.org_id
			LEFT JOIN regions ro ON ro.id = o.region_id
			LEFT JOIN organisations mo ON mo.id = c.municipality_id LEFT JOIN regions rm ON rm.id = mo.region_id
			WHERE c.id = ?`, t.CaseID).Scan(&c.Organisation, &c.Region, &c.Phase)
		if err != nil {
			return err
		}
		m.Cases = append(m.Cases, c)
	}
	return nil
}

// ImportCodings stores what another tool added to the network's codebook.
func (db *ResearchService) ImportCodings(ctx context.Context, actor *rotonde.User, regionID int64, read func(*research.Material) (*research.Material, int, error)) (research.ImportResult, error) {
	var res research.ImportResult
	if regionID == 0 {
		return res, rotonde.E(rotonde.EInvalid, "err.research.choose_network")
	}
	if actor != nil {
		if err := db.MayResearch(ctx, actor, regionID); err != nil {
			return res, err
		}
	}
	now := db.Now()
	err := db.WriteTx(ctx, func(tx *Tx) error {
		res = research.ImportResult{}
		known, err := loadMaterial(ctx, tx, regionID)
		if err != nil {
			return err
		}
		add, skipped, err := read(known)
		if err != nil {
			return err
		}
		res.Skipped = skipped
		imp := researchImport{tx: tx, actor: actor, now: now, known: known, res: &res}
		if err := imp.codebook(ctx, regionID); err != nil {
			return err
		}
		if err := imp.store(ctx, add); err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, researchRecord(actor, rotonde.AuditCreate, "onderzoek/import",
			fmt.Sprintf("regio %d: %d codes, %d coderingen, %d memo's", regionID, res.Codes, res.Codings, res.Memos)))
	})
	if err != nil {
		var re *rotonde.Error
		if errors.As(err, &re) {
			return research.ImportResult{}, err
		}
		return research.ImportResult{}, fmt.Errorf("research import: %w", err)
	}
	return res, nil
}

type researchImport struct {
	tx     *Tx
	actor  *rotonde.User
	now    time.Time
	known  *research.Material
	res    *research.ImportResult
	bookID int64
}

// codebook finds the network's codebook, or starts one. From the command
// line (no actor) what is new is credited to the codebook's creator.
func (imp *researchImport) codebook(ctx context.Context, regionID int64) error {
	var creator int64
	err := imp.tx.QueryRow(ctx, `SELECT id, created_by FROM codebooks WHERE region_id = ? ORDER BY id LIMIT 1`, regionID).Scan(&imp.bookID, &creator)
	if imp.actor == nil {
		if isNoRows(err) {
			return rotonde.E(rotonde.EInvalid, "err.research.network_has_no_codebook")
		}
		imp.actor = &rotonde.User{ID: creator}
	}
	if !isNoRows(err) {
		return err
	}
	return imp.tx.QueryRow(ctx, `INSERT INTO codebooks (name, region_id, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		"Codeboek "+imp.known.Network, regionID, imp.actor.ID, imp.now).Scan(&imp.bookID)
}

func (imp *researchImport) store(ctx context.Context, add *research.Material) error {
	ids := map[int64]int64{}
	for _, c := range imp.known.Codes {
		ids[c.ID] = c.ID
	}
	for _, c := range add.Codes {
		colour := c.Colour
		if colour == "" {
			colour = "#777777"
		}
		name := strings.TrimSpace(c.Name)
		if name == "" {
			return rotonde.E(rotonde.EInvalid, "err.research.code_without_name")
		}
		var id int64
		if err := imp.tx.QueryRow(ctx, `INSERT INTO codebook_codes (codebook_id, parent_id, code_group, lib_key, name, colour, created_by, created_at)
			VALUES (?, ?, 'theme', '', ?, ?, ?, ?) RETURNING id`, imp.bookID, nullInt(ids[c.ParentID]), name, colour, imp.actor.ID, imp.now).Scan(&id); err != nil {
			return err
		}
		ids[c.ID] = id
		imp.res.Codes++
	}
	coders := map[int64]bool{}
	for _, c := range imp.known.Coders {
		coders[c.ID] = true
	}
	length := map[int64]int{}
	for _, t := range imp.known.Texts {
		length[t.ID] = utf8.RuneCountInString(t.Body)
	}
	for _, t := range add.Texts {
		for _, c := range t.Codings {
			if c.Start < 0 || c.End < c.Start || c.End > length[t.ID] {
				return rotonde.E(rotonde.EInvalid, "err.research.coding_outside_text", t.ID)
			}
			if err := imp.coding(ctx, t.ID, ids[c.CodeID], c, coders); err != nil {
				return err
			}
		}
	}
	for _, n := range add.Memos {
		if strings.TrimSpace(n.Body) == "" {
			continue
		}
		if _, err := imp.tx.Exec(ctx, `INSERT INTO codebook_notes (codebook_id, kind, body, created_by, created_at) VALUES (?, 'memo', ?, ?, ?)`,
			imp.bookID, n.Body, imp.actor.ID, imp.now); err != nil {
			return err
		}
		imp.res.Memos++
	}
	return nil
}

func (imp *researchImport) coding(ctx context.Context, recordID, codeID int64, c research.Coding, coders map[int64]bool) error {
	if codeID == 0 {
		return rotonde.E(rotonde.EInvalid, "err.research.coding_without_code")
	}
	coder := imp.actor.ID
	if coders[c.CoderID] {
		coder = c.CoderID
	}
	var n int
	if err := imp.tx.QueryRow(ctx, `SELECT COUNT(*) FROM codings WHERE code_id = ? AND record_id = ? AND coded_by = ? AND sel_start = ? AND sel_end = ?`,
		codeID, recordID, coder, c.Start, c.End).Scan(&n); err != nil || n > 0 {
		return err
	}
	at := c.At
	if at.IsZero() {
		at = imp.now
	}
	if _, err := imp.tx.Exec(ctx, `INSERT INTO codings (codebook_id, code_id, record_id, coded_by, sel_start, sel_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		imp.bookID, codeID, recordID, coder, c.Start, c.End, at); err != nil {
		return err
	}
	imp.res.Codings++
	return nil
}
