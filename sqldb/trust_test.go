package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestSharingWithOtherOrganisationsNeedsAGround(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam (12)")
		// Same organisation and family: no ground needed.
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.colleague.Email, rotonde.MemberProfessional); err != nil {
			t.Fatal(err)
		}
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.family.Email, rotonde.MemberFamily); err != nil {
			t.Fatal(err)
		}
		// Another organisation: refused without consent or legal basis, nothing stored.
		err := db.Cases.AddMember(ctx, w.owner, c.ID, w.outsider.Email, rotonde.MemberFacilitator)
		if rotonde.ErrorCodeOf(err) != rotonde.EInvalid || !strings.Contains(rotonde.UserMessage(err, "nl"), "toestemming") {
			t.Fatalf("other-org member without ground: %v", err)
		}
		if m, _ := db.Cases.Members(ctx, w.owner, c.ID); len(m) != 3 {
			t.Fatalf("members after refusal: %d", len(m))
		}
		// Consent that breaks the age rules is refused.
		bad := &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundConsent, YoungPersonAge: 14, ParentsAgree: true, GivenBy: "moeder"}
		if err := db.Trust.RecordGround(ctx, w.owner, bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("14-year-old's consent without the young person: %v", err)
		}
		// A family member may not record grounds.
		ok := &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundConsent, YoungPersonAge: 14, ParentsAgree: true, YoungPersonAgrees: true, GivenBy: "Sam en moeder"}
		if err := db.Trust.RecordGround(ctx, w.family, ok); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("family records ground: %v", err)
		}
		if err := db.Trust.RecordGround(ctx, w.owner, ok); err != nil {
			t.Fatal(err)
		}
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.outsider.Email, rotonde.MemberFacilitator); err != nil {
			t.Fatal(err)
		}
		a, err := db.Trust.CaseAccess(ctx, w.outsider, c.ID)
		if err != nil || a.Role != rotonde.MemberFacilitator || a.Basis != "lidmaatschap/gedeeld/consent" {
			t.Fatalf("outsider access %+v %v", a, err)
		}
		// The family withdraws consent: the outsider loses access at once; the others keep it.
		if err := db.Trust.WithdrawGround(ctx, w.family, c.ID, ok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("outsider still reads after withdrawal: %v", err)
		}
		if list, _ := db.Cases.Cases(ctx, w.outsider); len(list) != 0 {
			t.Errorf("outsider still lists the case")
		}
		if m, _ := db.Cases.Members(ctx, w.owner, c.ID); len(m) != 3 {
			t.Errorf("member list still shows the outsider: %d", len(m))
		}
		for _, u := range []*rotonde.User{w.owner, w.colleague, w.family} {
			if _, _, err := db.Cases.Case(ctx, u, c.ID); err != nil {
				t.Errorf("%s lost access: %v", u.Email, err)
			}
		}
		// A legal basis restores it.
		if err := db.Trust.RecordGround(ctx, w.owner, &rotonde.SharingGround{CaseID: c.ID, Kind: rotonde.GroundLegal, LegalBasis: "OTS"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Cases.Case(ctx, w.outsider, c.ID); err != nil {
			t.Errorf("outsider without access under legal basis: %v", err)
		}
		gs, err := db.Trust.Grounds(ctx, w.family, c.ID)
		if err != nil || len(gs) != 2 || gs[1].Active() || !gs[0].Active() {
			t.Errorf("grounds %+v %v", gs, err)
		}
		// The family may not withdraw a legal basis.
		if err := db.Trust.WithdrawGround(ctx, w.family, c.ID, gs[0].ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family withdraws legal basis: %v", err)
		}
	})
}

func TestConsentAgeRules(t *testing.T) {
	cases := []struct {
		age          int
		young, paren bool
		ok           bool
	}{
		{8, false, true, true}, {8, true, false, false},
		{12, true, true, true}, {12, false, true, false}, {15, true, false, false},
		{16, true, false, true}, {16, false, true, false}, {17, true, true, true},
		{-1, true, true, false}, {40, true, true, false},
	}
	for _, tc := range cases {
		g := rotonde.SharingGround{Kind: rotonde.GroundConsent, YoungPersonAge: tc.age, YoungPersonAgrees: tc.young, ParentsAgree: tc.paren, GivenBy: "x"}
		if err := g.Validate(); (err == nil) != tc.ok {
			t.Errorf("age %d young %v parents %v: %v", tc.age, tc.young, tc.paren, err)
		}
	}
}

func TestBreakGlass(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam (12)")
		now := time.Now().UTC()
		for _, b := range []rotonde.BreakGlass{
			{CaseID: c.ID, Reason: "kort", StartedAt: now, ExpiresAt: now.Add(time.Hour)},
			{CaseID: c.ID, Reason: "Een melding van een datalek moet worden onderzocht.", StartedAt: now, ExpiresAt: now.Add(5 * time.Hour)},
		} {
			if err := db.Trust.BreakGlass(ctx, w.sysad, &b); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
				t.Errorf("bad break-glass %q accepted: %v", b.Reason, err)
			}
		}
		b := &rotonde.BreakGlass{CaseID: c.ID, Reason: "Een melding van een datalek moet worden onderzocht.", StartedAt: now, ExpiresAt: now.Add(30 * time.Minute)}
		if err := db.Trust.BreakGlass(ctx, w.admin, b); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("administrator breaks glass: %v", err)
		}
		if err := db.Trust.BreakGlass(ctx, w.sysad, b); err != nil {
			t.Fatal(err)
		}
		got, role, err := db.Cases.Case(ctx, w.sysad, c.ID)
		if err != nil || got.ID != c.ID || role != rotonde.MemberEmergency {
			t.Fatalf("emergency read: %q %v", role, err)
		}
		if list, _ := db.Cases.Cases(ctx, w.sysad); len(list) != 0 {
			t.Errorf("break-glass case appears in the administrator's list")
		}
		if err := db.Cases.AddMember(ctx, w.sysad, c.ID, w.colleague.Email, rotonde.MemberObserver); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("emergency access writes: %v", err)
		}
		bs, err := db.Trust.BreakGlasses(ctx, w.owner, c.ID)
		if err != nil || len(bs) != 1 || bs[0].UserName != "Beheer" {
			t.Errorf("members see break-glass: %+v %v", bs, err)
		}
		// Expired access is gone.
		db.Now = func() time.Time { return now.Add(31 * time.Minute) }
		if _, _, err := db.Cases.Case(ctx, w.sysad, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("expired break-glass still reads: %v", err)
		}
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for i := range 20 {
			e := &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: int64(1 + i%3), Part: "casus", UserID: 7, OrgID: 2,
				Role: "professional/owner", Address: "127.0.0.1", Outcome: rotonde.AuditAllowed, Basis: "lidmaatschap/eigen-organisatie"}
			if err := db.Audit.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		v, err := db.Audit.VerifyAudit(ctx)
		if err != nil || v.BrokenSeq != 0 || v.Checked != 20 {
			t.Fatalf("intact chain: %+v %v", v, err)
		}
		exec := func(q string) {
			if _, err := db.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		// Someone changes who looked.
		exec(`UPDATE audit_log SET user_id = 99 WHERE seq = 7`)
		if v, _ := db.Audit.VerifyAudit(ctx); v.BrokenSeq != 7 {
			t.Errorf("changed record: %+v, want broken at 7", v)
		}
		exec(`UPDATE audit_log SET user_id = 7 WHERE seq = 7`)
		if v, _ := db.Audit.VerifyAudit(ctx); v.BrokenSeq != 0 {
			t.Fatalf("restored chain: %+v", v)
		}
		// Someone deletes a record in the middle, or at the end.
		exec(`DELETE FROM audit_log WHERE seq = 12`)
		if v, _ := db.Audit.VerifyAudit(ctx); v.BrokenSeq != 12 {
			t.Errorf("deleted record: %+v, want broken at 12", v)
		}
	})
}

func TestAuditEndDeletionAndPurge(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		old := time.Now().UTC().AddDate(-6, 0, 0)
		for i := range 10 {
			at := old
			if i >= 4 {
				at = time.Now().UTC()
			}
			if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{At: at, Action: rotonde.AuditRead, CaseID: 1, Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := db.Audit.PurgeAudit(ctx, time.Now().UTC().AddDate(-5, 0, 0))
		if err != nil || n != 4 {
			t.Fatalf("purge removed %d (%v), want 4", n, err)
		}
		if v, _ := db.Audit.VerifyAudit(ctx); v.BrokenSeq != 0 || v.Checked != 6 {
			t.Fatalf("after purge: %+v", v)
		}
		if _, err := db.Writer().ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 10`); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.Audit.VerifyAudit(ctx); v.BrokenSeq != 10 {
			t.Errorf("deleted last record: %+v, want broken at 10", v)
		}
	})
}

func TestAuditConcurrentAppendsFormOneChain(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 10 {
					if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: int64(g), Part: "casus", Outcome: rotonde.AuditAllowed}); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if v, err := db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 || v.Checked != 80 {
			t.Fatalf("concurrent chain: %+v %v", v, err)
		}
	})
}

func TestCaseAuditOnlyForThoseWhoMayRead(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam (12)")
		if err := db.Audit.AppendAudit(ctx, &rotonde.AuditEntry{Action: rotonde.AuditRead, CaseID: c.ID, Part: "casus", UserID: w.owner.ID, OrgID: w.wijkteam.ID, Outcome: rotonde.AuditAllowed}); err != nil {
			t.Fatal(err)
		}
		log, err := db.Audit.CaseAudit(ctx, w.owner, c.ID)
		if err != nil || len(log) != 1 || log[0].UserName != "Eigenaar" || log[0].OrgName != "Wijkteam Test" {
			t.Fatalf("case audit: %+v %v", log, err)
		}
		for _, u := range []*rotonde.User{w.admin, w.sysad, w.colleague} {
			if _, err := db.Audit.CaseAudit(ctx, u, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s reads the case's log: %v", u.Email, err)
			}
		}
	})
}
