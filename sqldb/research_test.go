package sqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/refiqda"
	"github.com/rotonde-jeugd/rotonde/research"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// researchWorld: a region with organisation A, a case of A with one shared
// and one unshared record, a codebook of the region with a sub-code, two
// coders' codings and a memo; researchers in A and an administrator in A
// and in B.
type researchWorld struct {
	region                         *rotonde.Region
	adminA, adminB, root           *rotonde.User
	researcher, other, facilitator *rotonde.User
	shared, private                *knowledge.Record
	book                           *knowledge.Codebook
	owner                          *rotonde.User
	caseID                         int64
	code, sub                      *knowledge.Code
}

func newResearchWorld(t *testing.T, db *sqldb.DB) *researchWorld {
	t.Helper()
	ctx := context.Background()
	w := &researchWorld{region: &rotonde.Region{Name: "Rivierenland"}}
	if err := db.Orgs.CreateRegion(ctx, nil, w.region); err != nil {
		t.Fatal(err)
	}
	orgA := &rotonde.Organisation{Name: "Jeugdhulp De Linde", Kind: rotonde.OrgProvider, RegionID: w.region.ID}
	if err := db.Orgs.CreateOrganisation(ctx, nil, orgA); err != nil {
		t.Fatal(err)
	}
	orgB := testenv.MustOrg(t, db, "Elders", rotonde.OrgProvider)
	mk := func(email string, role rotonde.Role, org int64) *rotonde.User {
		return testenv.MustUser(t, db, &rotonde.User{Email: email, Name: email, Role: role, OrgID: org}, "wachtwoord-lang-genoeg")
	}
	owner := mk("owner@a.test", rotonde.RoleProfessional, orgA.ID)
	w.facilitator = mk("fac@a.test", rotonde.RoleFacilitator, orgA.ID)
	w.adminA, w.adminB = mk("admin@a.test", rotonde.RoleAdministrator, orgA.ID), mk("admin@b.test", rotonde.RoleAdministrator, orgB.ID)
	w.root = mk("root@test", rotonde.RoleSysAdmin, 0)
	w.researcher, w.other = mk("onderzoek@a.test", rotonde.RoleResearcher, orgA.ID), mk("onderzoek2@a.test", rotonde.RoleResearcher, orgA.ID)
	c := &rotonde.Case{Title: "Sanne (12)"}
	if err := db.Cases.CreateCase(ctx, owner, c); err != nil {
		t.Fatal(err)
	}
	w.owner, w.caseID = owner, c.ID
	recordConsent(t, db, owner, c.ID, 12, "Sanne en haar ouders")
	w.shared = &knowledge.Record{Kind: knowledge.KindDilemma, CaseID: c.ID, Level: "network", Body: "Sanne wachtte een jaar omdat het budget van Tiel op was."}
	w.private = &knowledge.Record{Kind: knowledge.KindInsight, CaseID: c.ID, Level: "personal", Body: "Geheim inzicht over Sanne"}
	for _, r := range []*knowledge.Record{w.shared, w.private} {
		if err := db.Knowledge.AddRecord(ctx, owner, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Knowledge.ShareRecord(ctx, owner, w.shared.ID, "Een kind wachtte een jaar omdat het budget op was.", true); err != nil {
		t.Fatal(err)
	}
	w.book = &knowledge.Codebook{Name: "Rode draden"}
	if err := db.Knowledge.CreateCodebook(ctx, w.facilitator, w.book, nil); err != nil {
		t.Fatal(err)
	}
	w.code = &knowledge.Code{CodebookID: w.book.ID, Group: "theme", Name: "Randvoorwaarden", Colour: "#336699"}
	if err := db.Knowledge.AddCode(ctx, w.facilitator, w.code); err != nil {
		t.Fatal(err)
	}
	w.sub = &knowledge.Code{CodebookID: w.book.ID, ParentID: w.code.ID, Group: "theme", Name: "Financiering", Colour: "#6699cc"}
	if err := db.Knowledge.AddCode(ctx, w.facilitator, w.sub); err != nil {
		t.Fatal(err)
	}
	for _, coder := range []*rotonde.User{w.facilitator, w.researcher} {
		if err := db.Knowledge.AddCoding(ctx, coder, &knowledge.Coding{CodebookID: w.book.ID, CodeID: w.sub.ID, RecordID: w.shared.ID, Start: 33, End: 50}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Knowledge.AddNote(ctx, w.facilitator, &knowledge.Note{CodebookID: w.book.ID, Kind: knowledge.NoteMemo, Body: "Budget komt vaker terug."}); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestResearchGrants(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newResearchWorld(t, db)
		until := db.Now().AddDate(0, 2, 0).UTC().Truncate(24 * time.Hour)
		grant := func(by *rotonde.User, to *rotonde.User) error {
			return db.Research.GrantAccess(ctx, by, &research.Grant{ResearcherID: to.ID, RegionID: w.region.ID, Until: until, Purpose: "Rode draden"})
		}
		if err := grant(w.adminB, w.researcher); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("an administrator outside the region grants: %v", err)
		}
		if err := grant(w.researcher, w.researcher); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("a researcher grants themselves: %v", err)
		}
		if err := grant(w.adminA, w.facilitator); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("a grant to a facilitator: %v", err)
		}
		if _, err := db.Research.Material(ctx, w.researcher, w.region.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("material without a grant: %v", err)
		}
		if err := grant(w.adminA, w.researcher); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Research.Material(ctx, w.other, w.region.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("another researcher uses the grant: %v", err)
		}
		if _, err := db.Research.Material(ctx, w.researcher, w.region.ID); err != nil {
			t.Fatal(err)
		}
		grants, err := db.Research.Grants(ctx, w.adminB)
		if err != nil || len(grants) != 0 {
			t.Fatalf("an administrator outside the region sees %d grants (%v)", len(grants), err)
		}
		if grants, err = db.Research.Grants(ctx, w.researcher); err != nil || len(grants) != 1 || grants[0].RegionName != "Rivierenland" {
			t.Fatalf("own grants: %+v %v", grants, err)
		}
		// After the last day the grant no longer holds.
		now := db.Now()
		db.Now = func() time.Time { return until.Add(49 * time.Hour) }
		if _, err := db.Research.Material(ctx, w.researcher, w.region.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("material after the end date: %v", err)
		}
		db.Now = func() time.Time { return now }
		if err := db.Research.RevokeAccess(ctx, w.adminB, grants[0].ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("an administrator outside the region revokes: %v", err)
		}
		if err := db.Research.RevokeAccess(ctx, w.root, grants[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Research.Material(ctx, w.researcher, w.region.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("material after revoking: %v", err)
		}
	})
}

// A refused grant or revocation is kept in the security log as denied, like
// the allowed ones as allowed.
func TestResearchGrantRefusalsAreLogged(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newResearchWorld(t, db)
		g := &research.Grant{ResearcherID: w.researcher.ID, RegionID: w.region.ID, Until: db.Now().AddDate(0, 1, 0), Purpose: "Rode draden"}
		if err := db.Research.GrantAccess(ctx, w.adminB, g); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("an administrator outside the region grants: %v", err)
		}
		if err := db.Research.GrantAccess(ctx, w.adminA, g); err != nil {
			t.Fatal(err)
		}
		if err := db.Research.RevokeAccess(ctx, w.adminB, g.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("an administrator outside the region revokes: %v", err)
		}
		events, err := db.Security.SecurityEvents(ctx, w.root, rotonde.SecurityQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			if e.Part == rotonde.SecurityResearchAccess && e.SubjectID == w.researcher.ID {
				got = append(got, fmt.Sprintf("%s %s by %d", e.Action, e.Outcome, e.UserID))
			}
		}
		want := []string{
			fmt.Sprintf("%s %s by %d", rotonde.AuditUpdate, rotonde.AuditDenied, w.adminB.ID),
			fmt.Sprintf("%s %s by %d", rotonde.AuditCreate, rotonde.AuditAllowed, w.adminA.ID),
			fmt.Sprintf("%s %s by %d", rotonde.AuditCreate, rotonde.AuditDenied, w.adminB.ID),
		}
		if !slices.Equal(got, want) {
			t.Fatalf("research access in the security log, newest first:\n got %q\nwant %q", got, want)
		}
	})
}

// Only shared records go out, as their paraphrase; codings keep their coder
// and stretch; the export is logged; an export read back brings nothing new,
// and what another tool added comes home once.
func TestResearchMaterialRoundTrip(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newResearchWorld(t, db)
		at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return at }
		if err := db.Research.GrantAccess(ctx, w.adminA, &research.Grant{ResearcherID: w.researcher.ID, RegionID: w.region.ID, Until: at.AddDate(0, 1, 0), Purpose: "Rode draden"}); err != nil {
			t.Fatal(err)
		}
		m, err := db.Research.Material(ctx, w.researcher, w.region.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Texts) != 1 || m.Texts[0].ID != w.shared.ID || strings.Contains(m.Texts[0].Body, "Sanne") || strings.Contains(m.Texts[0].Body, "Tiel") {
			t.Fatalf("texts: %+v", m.Texts)
		}
		if len(m.Texts[0].Codings) != 2 || len(m.Codes) != 2 || len(m.Memos) != 1 || len(m.Coders) != 2 {
			t.Fatalf("codings %d, codes %d, memos %d, coders %d", len(m.Texts[0].Codings), len(m.Codes), len(m.Memos), len(m.Coders))
		}
		if len(m.Cases) != 1 || m.Cases[0].Region != "Rivierenland" || m.Cases[0].Organisation != "Jeugdhulp De Linde" {
			t.Fatalf("cases: %+v", m.Cases)
		}
		q := `SELECT COUNT(*) FROM audit_log WHERE action = 'E' AND part = 'onderzoek/export' AND user_id = ?`
		if db.Dialect() == sqldb.Postgres {
			q = strings.Replace(q, "?", "$1", 1)
		}
		var exports int
		if err := db.Reader().QueryRowContext(ctx, q, w.researcher.ID).Scan(&exports); err != nil {
			t.Fatal(err)
		}
		if exports != 1 {
			t.Fatalf("export logged %d times", exports)
		}
		export := func() []byte {
			m, err := db.Research.Material(ctx, w.researcher, w.region.ID)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := refiqda.Write(&buf, refiqda.FromMaterial(m)); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		importFile := func(data []byte) research.ImportResult {
			p, err := refiqda.Read(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			res, err := db.Research.ImportCodings(ctx, w.researcher, w.region.ID, func(known *research.Material) (*research.Material, int, error) {
				add, skipped := refiqda.ToMaterial(p, known)
				return add, skipped, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		first := export()
		if res := importFile(first); res != (research.ImportResult{}) {
			t.Fatalf("an unchanged export brought %+v", res)
		}
		if again := export(); !bytes.Equal(again, first) {
			t.Fatal("export → import → export changed the project")
		}
		// Another program adds a sub-code and codes with it.
		p, err := refiqda.Read(bytes.NewReader(first), int64(len(first)))
		if err != nil {
			t.Fatal(err)
		}
		code := refiqda.Code{GUID: "0f0f0f0f-0000-4000-8000-00000000000a", Name: "Contractering", Color: "#aa00aa", Codable: true}
		p.Codes[0].Children = append(p.Codes[0].Children, code)
		p.Sources[0].Selections = append(p.Sources[0].Selections, refiqda.Selection{GUID: "0f0f0f0f-0000-4000-8000-00000000000b", Start: 0, End: 9,
			Codings: []refiqda.Coding{{GUID: "0f0f0f0f-0000-4000-8000-00000000000c", Code: code.GUID}}})
		var buf bytes.Buffer
		if err := refiqda.Write(&buf, p); err != nil {
			t.Fatal(err)
		}
		if res := importFile(buf.Bytes()); res.Codes != 1 || res.Codings != 1 {
			t.Fatalf("import of another tool's work: %+v", res)
		}
		if res := importFile(buf.Bytes()); res != (research.ImportResult{}) {
			t.Fatalf("the same file imported twice added %+v", res)
		}
		m, err = db.Research.Material(ctx, w.researcher, w.region.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(m.Texts[0].Codings); n < 3 {
			t.Fatalf("after import the text has %d codings, want at least 3", n)
		}
	})
}
