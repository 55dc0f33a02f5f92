package sqldb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// world is a small network: two organisations, people in several roles.
type world struct {
	wijkteam, aanbieder                      *rotonde.Organisation
	owner, colleague, outsider, admin, sysad *rotonde.User
	family                                   *rotonde.User
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	w := &world{}
	w.wijkteam = testenv.MustOrg(t, db, "Wijkteam Test", rotonde.OrgNeighbourhood)
	w.aanbieder = testenv.MustOrg(t, db, "Aanbieder Test", rotonde.OrgProvider)
	w.owner = testenv.MustUser(t, db, &rotonde.User{Email: "owner@test.nl", Name: "Eigenaar", Role: rotonde.RoleProfessional, OrgID: w.wijkteam.ID}, "wachtwoord-1")
	w.colleague = testenv.MustUser(t, db, &rotonde.User{Email: "collega@test.nl", Name: "Collega", Role: rotonde.RoleProfessional, OrgID: w.wijkteam.ID}, "wachtwoord-1")
	w.outsider = testenv.MustUser(t, db, &rotonde.User{Email: "buiten@test.nl", Name: "Buitenstaander", Role: rotonde.RoleFacilitator, OrgID: w.aanbieder.ID}, "wachtwoord-1")
	w.admin = testenv.MustUser(t, db, &rotonde.User{Email: "bestuur@test.nl", Name: "Bestuurder", Role: rotonde.RoleAdministrator, OrgID: w.wijkteam.ID}, "wachtwoord-1")
	w.sysad = testenv.MustUser(t, db, &rotonde.User{Email: "beheer@test.nl", Name: "Beheer", Role: rotonde.RoleSysAdmin}, "wachtwoord-1")
	w.family = testenv.MustUser(t, db, &rotonde.User{Email: "ouder@test.nl", Name: "Ouder", Role: rotonde.RoleFamily}, "wachtwoord-1")
	return w
}

// recordConsent records, as u, the consent of a young person of age and
// their parents to share case caseID, given by givenBy.
func recordConsent(t *testing.T, db *sqldb.DB, u *rotonde.User, caseID int64, age int, givenBy string) *rotonde.SharingGround {
	t.Helper()
	g := &rotonde.SharingGround{CaseID: caseID, Kind: rotonde.GroundConsent, YoungPersonAge: age, YoungPersonAgrees: true, ParentsAgree: true, GivenBy: givenBy}
	if err := db.Trust.RecordGround(context.Background(), u, g); err != nil {
		t.Fatal(err)
	}
	return g
}

// atOnce calls fn n times at the same time, with i from 0 to n-1, and
// returns the errors by i.
func atOnce(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	return errs
}

// succeeded counts the calls that returned no error and lists the errors of
// the others.
func succeeded(errs []error) (ok int, failed []error) {
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			failed = append(failed, err)
		}
	}
	return ok, failed
}

// forEachWorld runs fn as a subtest on every engine with a fresh world
// (newWorld) and a background context.
func forEachWorld(t *testing.T, fn func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world)) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) { fn(t, context.Background(), db, newWorld(t, db)) })
}

func TestCaseMembershipScopesEveryRead(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Sam (12)", Reason: "vastgelopen"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Status != rotonde.CaseOpen {
			t.Fatalf("case not filled in: %+v", c)
		}
		got, role, err := db.Cases.Case(ctx, w.owner, c.ID)
		if err != nil || got.Title != "Sam (12)" || role != rotonde.MemberOwner {
			t.Fatalf("owner reads own case: %+v %q %v", got, role, err)
		}
		// Not members: same organisation's colleague, its administrator, the system administrator.
		for _, u := range []*rotonde.User{w.colleague, w.admin, w.sysad, w.outsider, w.family} {
			if _, _, err := db.Cases.Case(ctx, u, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s reads a case they are not a member of: %v", u.Email, err)
			}
			if list, err := db.Cases.Cases(ctx, u); err != nil || len(list) != 0 {
				t.Errorf("%s lists %d cases (err %v), want 0", u.Email, len(list), err)
			}
			if _, err := db.Cases.Members(ctx, u, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s lists members of a case they are not in: %v", u.Email, err)
			}
			if err := db.Cases.AddMember(ctx, u, c.ID, u.Email, rotonde.MemberObserver); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s adds themselves to a case: %v", u.Email, err)
			}
		}
		// A missing case looks exactly like an invisible one.
		if _, _, err := db.Cases.Case(ctx, w.owner, c.ID+1000); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("missing case: %v", err)
		}
		// Adding a member opens the case to them, at once; removing closes it at once.
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, "ouder@test.nl", rotonde.MemberFamily); err != nil {
			t.Fatal(err)
		}
		if _, role, err := db.Cases.Case(ctx, w.family, c.ID); err != nil || role != rotonde.MemberFamily {
			t.Fatalf("new member cannot read: %q %v", role, err)
		}
		if err := db.Cases.AddMember(ctx, w.family, c.ID, "collega@test.nl", rotonde.MemberProfessional); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family member adds members: %v", err)
		}
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.family.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Cases.Case(ctx, w.family, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("removed member still reads: %v", err)
		}
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.owner.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("last owner removed: %v", err)
		}
		members, err := db.Cases.Members(ctx, w.owner, c.ID)
		if err != nil || len(members) != 1 || members[0].OrgName != "Wijkteam Test" {
			t.Errorf("members: %+v %v", members, err)
		}
	})
}

func TestAddMemberBadInput(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Sam (12)")
		cases := []struct {
			email string
			role  rotonde.MemberRole
			code  rotonde.ErrorCode
		}{
			{"niemand@test.nl", rotonde.MemberProfessional, rotonde.EInvalid},
			{"collega@test.nl", "koning", rotonde.EInvalid},
			{"beheer@test.nl", rotonde.MemberObserver, rotonde.EInvalid},
			{"owner@test.nl", rotonde.MemberProfessional, rotonde.EConflict},
		}
		for _, tc := range cases {
			err := db.Cases.AddMember(ctx, w.owner, c.ID, tc.email, tc.role)
			if rotonde.ErrorCodeOf(err) != tc.code {
				t.Errorf("AddMember(%s, %s) = %v, want %s", tc.email, tc.role, err, tc.code)
			}
		}
		if m, _ := db.Cases.Members(ctx, w.owner, c.ID); len(m) != 1 {
			t.Errorf("refused additions changed membership: %d members", len(m))
		}
	})
}

func TestCreateCaseRules(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		for _, u := range []*rotonde.User{w.admin, w.sysad, w.family} {
			if err := db.Cases.CreateCase(ctx, u, &rotonde.Case{Title: "X"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s creates a case: %v", u.Role, err)
			}
		}
		for _, title := range []string{"", "   ", string(make([]rune, 121))} {
			if err := db.Cases.CreateCase(ctx, w.owner, &rotonde.Case{Title: title}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
				t.Errorf("title %q accepted: %v", title, err)
			}
		}
		if list, _ := db.Cases.Cases(ctx, w.owner); len(list) != 0 {
			t.Errorf("refused cases were stored: %d", len(list))
		}
	})
}

func TestUsersAndOrganisations(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		h, _ := testenv.HashPassword("wachtwoord-1")
		// An administrator manages their own organisation's people only.
		if err := db.Users.CreateUser(ctx, w.admin, &rotonde.User{Email: "nieuw@test.nl", Name: "Nieuw", Role: rotonde.RoleProfessional, OrgID: w.aanbieder.ID}, h); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("admin creates user in other org: %v", err)
		}
		if err := db.Users.CreateUser(ctx, w.admin, &rotonde.User{Email: "root2@test.nl", Name: "Root", Role: rotonde.RoleSysAdmin, OrgID: w.wijkteam.ID}, h); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("admin creates sysadmin: %v", err)
		}
		nu := &rotonde.User{Email: " Nieuw@Test.nl ", Name: "Nieuw", Role: rotonde.RoleProfessional, OrgID: w.wijkteam.ID}
		if err := db.Users.CreateUser(ctx, w.admin, nu, h); err != nil {
			t.Fatal(err)
		}
		if nu.Email != "nieuw@test.nl" {
			t.Errorf("email not normalised: %q", nu.Email)
		}
		if err := db.Users.CreateUser(ctx, nil, &rotonde.User{Email: "nieuw@test.nl", Name: "Dubbel", Role: rotonde.RoleFamily}, h); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("duplicate email: %v", err)
		}
		for _, bad := range []rotonde.User{
			{Email: "geen-adres", Name: "X", Role: rotonde.RoleFamily},
			{Email: "x@test.nl", Name: "", Role: rotonde.RoleFamily},
			{Email: "x@test.nl", Name: "X", Role: "koning"},
			{Email: "x@test.nl", Name: "X", Role: rotonde.RoleProfessional},              // needs an organisation
			{Email: "x@test.nl", Name: "X", Role: rotonde.RoleProfessional, OrgID: 9999}, // unknown organisation
		} {
			if err := db.Users.CreateUser(ctx, nil, &bad, h); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
				t.Errorf("bad user %+v accepted: %v", bad, err)
			}
		}
		list, err := db.Users.Users(ctx, w.admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range list {
			if u.OrgID != w.wijkteam.ID {
				t.Errorf("admin sees user of another organisation: %s", u.Email)
			}
		}
		if _, err := db.Users.Users(ctx, w.owner); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("professional lists users: %v", err)
		}
		if all, _ := db.Users.Users(ctx, w.sysad); len(all) != 7 {
			t.Errorf("sysadmin sees %d users, want 7", len(all))
		}
		// Other organisation's account looks missing to this administrator.
		if err := db.Users.SetDisabled(ctx, w.admin, w.outsider.ID, true); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("admin disables user of other org: %v", err)
		}
		if err := db.Orgs.CreateOrganisation(ctx, w.admin, &rotonde.Organisation{Name: "Nieuw", Kind: rotonde.OrgSchool}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("admin creates organisation: %v", err)
		}
		if err := db.Orgs.CreateOrganisation(ctx, w.sysad, &rotonde.Organisation{Name: "Wijkteam Test", Kind: rotonde.OrgSchool}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("duplicate organisation: %v", err)
		}
		if err := db.Orgs.CreateOrganisation(ctx, w.sysad, &rotonde.Organisation{Name: "Z", Kind: "bakkerij"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("unknown kind: %v", err)
		}
	})
}

func TestSessionsEndWhenUserDisabledOrPasswordChanges(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now().UTC()
		mk := func(tok string) []byte {
			h := []byte(tok + "-hash-000000000000000000000000000")
			s := &rotonde.Session{UserID: w.colleague.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(12 * time.Hour)}
			if err := db.Sessions.CreateSession(ctx, s, h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		a := mk("a")
		if _, u, err := db.Sessions.SessionUser(ctx, a, now.Add(time.Minute), 30*time.Minute); err != nil || u.ID != w.colleague.ID {
			t.Fatalf("session lookup: %v", err)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, a, now.Add(40*time.Minute), 30*time.Minute); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("idle session accepted: %v", err)
		}
		b := mk("b")
		if _, _, err := db.Sessions.SessionUser(ctx, b, now.Add(13*time.Hour), 24*time.Hour); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("session past absolute end accepted: %v", err)
		}
		c := mk("c")
		if err := db.Users.SetDisabled(ctx, w.admin, w.colleague.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, c, now, time.Hour); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("disabled user's session accepted: %v", err)
		}
		if err := db.Users.SetDisabled(ctx, w.admin, w.colleague.ID, false); err != nil {
			t.Fatal(err)
		}
		d := mk("d")
		if err := db.Users.SetPasswordHash(ctx, w.colleague, w.colleague.ID, "$argon2id$new"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Sessions.SessionUser(ctx, d, now, time.Hour); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("session survives password change: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		now := time.Now().UTC()
		h := []byte("token-hash-0000000000000000000000")
		tok := &rotonde.APIToken{Name: "script", ExpiresAt: now.Add(time.Hour)}
		if err := db.Sessions.CreateAPIToken(ctx, w.owner, tok, h); err != nil {
			t.Fatal(err)
		}
		if u, err := db.Sessions.TokenUser(ctx, h, now); err != nil || u.ID != w.owner.ID {
			t.Fatalf("token lookup: %v", err)
		}
		if _, err := db.Sessions.TokenUser(ctx, h, now.Add(2*time.Hour)); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("expired token accepted: %v", err)
		}
		if _, err := db.Sessions.TokenUser(ctx, []byte("other"), now); rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
			t.Errorf("unknown token accepted: %v", err)
		}
	})
}

func TestConcurrentCaseCreation(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		errs := atOnce(40, func(i int) error {
			return db.Cases.CreateCase(ctx, w.owner, &rotonde.Case{Title: "Casus " + string(rune('A'+i%26))})
		})
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if list, _ := db.Cases.Cases(ctx, w.owner); len(list) != 40 {
			t.Errorf("got %d cases, want 40", len(list))
		}
	})
}

func TestMigrationsAreRecordedAndSchemaChecked(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d (%v), want 0", n, err)
		}
		if err := db.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
		// A database written by a newer rotonde is refused.
		if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, 999, "999_future.sql", "x")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckSchema(ctx); err == nil {
			t.Fatal("schema ahead of the binary was accepted")
		}
	})
}

// ownerCase creates a case titled title that w.owner owns.
func (w *world) ownerCase(t *testing.T, db *sqldb.DB, title string) *rotonde.Case {
	t.Helper()
	c := &rotonde.Case{Title: title}
	if err := db.Cases.CreateCase(context.Background(), w.owner, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// caseWithColleague creates a case of w.owner's with w.colleague as a
// professional member.
func (w *world) caseWithColleague(t *testing.T, db *sqldb.DB, title string) *rotonde.Case {
	t.Helper()
	return w.caseWith(t, db, title, w.colleague, rotonde.MemberProfessional)
}

// caseWithFamily creates a case of w.owner's with w.family as a family member.
func (w *world) caseWithFamily(t *testing.T, db *sqldb.DB, title string) *rotonde.Case {
	t.Helper()
	return w.caseWith(t, db, title, w.family, rotonde.MemberFamily)
}

// caseWith creates a case of w.owner's with u as a member in role.
func (w *world) caseWith(t *testing.T, db *sqldb.DB, title string, u *rotonde.User, role rotonde.MemberRole) *rotonde.Case {
	t.Helper()
	c := w.ownerCase(t, db, title)
	if err := db.Cases.AddMember(context.Background(), w.owner, c.ID, u.Email, role); err != nil {
		t.Fatal(err)
	}
	return c
}
