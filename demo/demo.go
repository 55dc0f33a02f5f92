// Package demo fills an empty Rotonde with an invented youth-care network and
// one stalled case, "Noor (15)". Every person and organisation here is made
// up; none comes from the source publications or from real casework.
package demo

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Password is the password of every demo account. It exists only in demo mode.
const Password = "demo-rotonde"

// Account describes a demo login for the start-up banner.
type Account struct {
	Email       string
	Description string
}

// Accounts are printed when the demo starts.
var Accounts = []Account{
	{"facilitator@demo.test", "facilitator, lid van de casus / member of the case"},
	{"hulpverlener@demo.test", "hulpverlener wijkteam, inbrenger / professional, case owner"},
	{"ouder@demo.test", "ouder (gezinslid), lid / parent, member"},
	{"bestuurder@demo.test", "bestuurder aanbieder, géén lid / administrator, not a member"},
	{"beleid@demo.test", "beleidsmedewerker gemeente, géén lid / policy officer, not a member"},
	{"beheer@demo.test", "systeembeheerder, géén lid / system administrator, not a member"},
}

// Store is what seeding writes through: one service per area (see
// internal/wire for the SQL store's).
type Store struct {
	Orgs     rotonde.OrganisationService
	Users    rotonde.UserService
	Cases    rotonde.CaseService
	Trust    rotonde.TrustService
	Dreams   rotonde.DreamService    // the dream (demo/timeline.go)
	Timeline timeline.Store          // demo/timeline.go
	Genogram genogram.Store          // genogram and force field (demo/genogram.go)
	Progress rotonde.ProgressService // cycle, phase, steps, insights, interview (demo/genogram.go)
	Tension  tension.Service
	Meetings meeting.Store          // the past and the planned meeting (demo/together.go)
	Network  rotonde.NetworkService // the region's other cases, barriers and stories (demo/region.go)
	// Knowledge: a series in progress, shared records and a codebook (demo/knowledge.go).
	Knowledge knowledge.Store
	// Clock is the store's clock. Seeding sets it back while it writes the
	// region's shared records, so that they span the last quarters
	// (demo/history.go), and puts it back after; nil leaves every date today.
	Clock *func() time.Time
}

// CaseTitle is the demo case's alias.
const CaseTitle = "Noor (15)"

// Seed fills an empty database and reports whether it did; a database that
// already has organisations is left alone.
func Seed(ctx context.Context, s Store, passwordHash string) (bool, error) {
	existing, err := s.Orgs.Organisations(ctx)
	if err != nil {
		return false, err
	}
	if len(existing) > 0 {
		return false, nil
	}
	orgs, err := seedOrganisations(ctx, s)
	if err != nil {
		return false, err
	}
	users, err := seedUsers(ctx, s, orgs, passwordHash)
	if err != nil {
		return false, err
	}
	owner := users["hulpverlener@demo.test"]
	noor, err := seedCase(ctx, s, owner)
	if err != nil {
		return false, err
	}
	if err := seedCaseContent(ctx, s, noor.ID, owner, users["ouder@demo.test"], users["facilitator@demo.test"]); err != nil {
		return false, fmt.Errorf("case content: %w", err)
	}
	if err := seedProgress(ctx, s, noor.ID, owner, users["facilitator@demo.test"]); err != nil {
		return false, fmt.Errorf("case progress: %w", err)
	}
	round, err := seedTension(ctx, s, noor.ID, users)
	if err != nil {
		return false, fmt.Errorf("tension fields: %w", err)
	}
	if err := seedPastMeeting(ctx, s, noor.ID, round, users); err != nil {
		return false, fmt.Errorf("meeting: %w", err)
	}
	if err := seedMeeting(ctx, s, noor.ID, users["facilitator@demo.test"], time.Now()); err != nil {
		return false, fmt.Errorf("meeting: %w", err)
	}
	if err := seedRegion(ctx, s, orgs, users, noor.ID); err != nil {
		return false, fmt.Errorf("region: %w", err)
	}
	if err := seedKnowledge(ctx, s, users, time.Now()); err != nil {
		return false, fmt.Errorf("knowledge: %w", err)
	}
	return true, nil
}

// seedOrganisations creates the demo region, the learning network and the
// organisations in the region, keyed by name.
func seedOrganisations(ctx context.Context, s Store) (map[string]*rotonde.Organisation, error) {
	region := &rotonde.Region{Name: "Jeugdregio Lindeveld", Kind: "region"}
	if err := s.Orgs.CreateRegion(ctx, nil, region); err != nil {
		return nil, fmt.Errorf("region: %w", err)
	}
	network := &rotonde.Region{Name: "Lerend netwerk Vastgelopen Trajecten Lindeveld", Kind: "network"}
	if err := s.Orgs.CreateRegion(ctx, nil, network); err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	orgs := map[string]*rotonde.Organisation{}
	for _, o := range []rotonde.Organisation{
		{Name: "Gemeente Lindeveld", Kind: rotonde.OrgMunicipality},
		{Name: "Wijkteam Lindeveld-Noord", Kind: rotonde.OrgNeighbourhood},
		{Name: "De Linde Jeugdhulp", Kind: rotonde.OrgProvider},
		{Name: "Jeugdbescherming Vallei en Heuvels", Kind: rotonde.OrgChildProtection},
		{Name: "GGZ Jong Lindeveld", Kind: rotonde.OrgMentalHealth},
		{Name: "Pleegzorg De Overstap", Kind: rotonde.OrgFosterCare},
		{Name: "Het Baken College", Kind: rotonde.OrgSchool},
		{Name: "Crisisopvang De Haven", Kind: rotonde.OrgProvider},
		{Name: "Huisartsenpraktijk De Brink", Kind: rotonde.OrgGeneralPractice},
		{Name: "Leerwerkplaats Samen Vertragen", Kind: rotonde.OrgKnowledgeInstitute},
	} {
		o.RegionID = region.ID
		if err := s.Orgs.CreateOrganisation(ctx, nil, &o); err != nil {
			return nil, fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		orgs[o.Name] = &o
	}
	return orgs, nil
}

// seedUsers creates one demo account per role, keyed by e-mail address.
func seedUsers(ctx context.Context, s Store, orgs map[string]*rotonde.Organisation, passwordHash string) (map[string]*rotonde.User, error) {
	users := map[string]*rotonde.User{}
	for _, u := range []rotonde.User{
		{Email: "facilitator@demo.test", Name: "Femke de Vries", Role: rotonde.RoleFacilitator, OrgID: orgs["Leerwerkplaats Samen Vertragen"].ID},
		{Email: "hulpverlener@demo.test", Name: "Sanne Bakker", Role: rotonde.RoleProfessional, OrgID: orgs["Wijkteam Lindeveld-Noord"].ID},
		{Email: "ouder@demo.test", Name: "Moeder van Noor", Role: rotonde.RoleFamily},
		{Email: "bestuurder@demo.test", Name: "Jeroen Mulder", Role: rotonde.RoleAdministrator, OrgID: orgs["De Linde Jeugdhulp"].ID},
		{Email: "beleid@demo.test", Name: "Aylin Demir", Role: rotonde.RolePolicyOfficer, OrgID: orgs["Gemeente Lindeveld"].ID},
		{Email: "beheer@demo.test", Name: "Beheer Rotonde", Role: rotonde.RoleSysAdmin},
		{Email: "jeugdbeschermer@demo.test", Name: "Karim El Amrani", Role: rotonde.RoleProfessional, OrgID: orgs["Jeugdbescherming Vallei en Heuvels"].ID},
		{Email: "ggz@demo.test", Name: "Lotte Jansen", Role: rotonde.RoleProfessional, OrgID: orgs["GGZ Jong Lindeveld"].ID},
		{Email: "mentor@demo.test", Name: "Ruben Visser", Role: rotonde.RoleProfessional, OrgID: orgs["Het Baken College"].ID},
		{Email: "onderzoeker@demo.test", Name: "Iris Smit", Role: rotonde.RoleResearcher, OrgID: orgs["Leerwerkplaats Samen Vertragen"].ID},
		{Email: "aanbieder@demo.test", Name: "Mirjam Hoekstra", Role: rotonde.RoleProfessional, OrgID: orgs["De Linde Jeugdhulp"].ID},
		{Email: "wijkteam@demo.test", Name: "Tom de Graaf", Role: rotonde.RoleProfessional, OrgID: orgs["Wijkteam Lindeveld-Noord"].ID},
	} {
		if err := s.Users.CreateUser(ctx, nil, &u, passwordHash); err != nil {
			return nil, fmt.Errorf("user %s: %w", u.Email, err)
		}
		users[u.Email] = &u
	}
	return users, nil
}

// seedCase creates Noor's case owned by owner, with its sharing grounds and
// its members.
func seedCase(ctx context.Context, s Store, owner *rotonde.User) (*rotonde.Case, error) {
	noor := &rotonde.Case{
		Title: CaseTitle,
		Reason: "Noor is sinds haar negende bij veel hulpverleners en op veel plekken geweest: thuis, een pleeggezin, " +
			"crisisopvang en een leefgroep. Er wordt nu gesproken over gesloten jeugdhulp. Iedereen doet zijn best, " +
			"maar niemand overziet het geheel en Noor zegt dat niemand naar haar luistert. We willen samen vertragen " +
			"voordat we de volgende afslag nemen.",
	}
	if err := s.Cases.CreateCase(ctx, owner, noor); err != nil {
		return nil, fmt.Errorf("case: %w", err)
	}
	// Noor is 15: she and her parents with authority both agreed to share the
	// case with the other organisations; a supervision order gives a legal basis too.
	for _, g := range []rotonde.SharingGround{
		{CaseID: noor.ID, Kind: rotonde.GroundConsent, YoungPersonAge: 15, YoungPersonAgrees: true, ParentsAgree: true,
			GivenBy: "Noor en haar moeder (beiden met gezag: moeder)", Note: "Mondeling gegeven in het gesprek van 3 november, daarna schriftelijk bevestigd."},
		{CaseID: noor.ID, Kind: rotonde.GroundLegal, LegalBasis: "Ondertoezichtstelling (OTS), Jeugdbescherming Vallei en Heuvels"},
	} {
		if err := s.Trust.RecordGround(ctx, owner, &g); err != nil {
			return nil, fmt.Errorf("sharing ground: %w", err)
		}
	}
	for _, m := range []struct {
		email string
		role  rotonde.MemberRole
	}{
		{"facilitator@demo.test", rotonde.MemberFacilitator},
		{"ouder@demo.test", rotonde.MemberFamily},
		{"jeugdbeschermer@demo.test", rotonde.MemberProfessional},
		{"ggz@demo.test", rotonde.MemberProfessional},
		{"mentor@demo.test", rotonde.MemberProfessional},
	} {
		if err := s.Cases.AddMember(ctx, owner, noor.ID, m.email, m.role); err != nil {
			return nil, fmt.Errorf("member %s: %w", m.email, err)
		}
	}
	return noor, nil
}
