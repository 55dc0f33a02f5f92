package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/disclosure"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

type networkWorld struct {
	region, other       *rotonde.Region
	north, south, far   *rotonde.Organisation // municipalities: two in region, one in the other region
	provider            *rotonde.Organisation
	owner, observer     *rotonde.User
	policy, farPolicy   *rotonde.User
	admin, professional *rotonde.User
	root                *rotonde.User
	c                   *rotonde.Case
}

func buildNetworkWorld(t *testing.T, db *sqldb.DB) networkWorld {
	t.Helper()
	ctx := context.Background()
	var w networkWorld
	w.region, w.other = &rotonde.Region{Name: "Regio Rivierenland"}, &rotonde.Region{Name: "Regio Kust"}
	for _, r := range []*rotonde.Region{w.region, w.other} {
		if err := db.Orgs.CreateRegion(ctx, nil, r); err != nil {
			t.Fatal(err)
		}
	}
	org := func(name string, kind rotonde.OrgKind, region int64) *rotonde.Organisation {
		o := &rotonde.Organisation{Name: name, Kind: kind, RegionID: region}
		if err := db.Orgs.CreateOrganisation(ctx, nil, o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	w.north = org("Gemeente Noordwaard", rotonde.OrgMunicipality, w.region.ID)
	w.south = org("Gemeente Zuidwaard", rotonde.OrgMunicipality, w.region.ID)
	w.far = org("Gemeente Strandhoven", rotonde.OrgMunicipality, w.other.ID)
	w.provider = org("Jeugdhulp De Brug", rotonde.OrgProvider, w.region.ID)
	user := func(email string, role rotonde.Role, orgID int64) *rotonde.User {
		return testenv.MustUser(t, db, &rotonde.User{Email: email, Name: email, Role: role, OrgID: orgID}, "wachtwoord-123")
	}
	w.owner = user("owner@brug.test", rotonde.RoleProfessional, w.provider.ID)
	w.observer = user("observer@brug.test", rotonde.RoleProfessional, w.provider.ID)
	w.professional = user("pro@brug.test", rotonde.RoleProfessional, w.provider.ID)
	w.policy = user("beleid@noordwaard.test", rotonde.RolePolicyOfficer, w.north.ID)
	w.admin = user("bestuur@brug.test", rotonde.RoleAdministrator, w.provider.ID)
	w.farPolicy = user("beleid@strandhoven.test", rotonde.RolePolicyOfficer, w.far.ID)
	w.root = user("root@rotonde.test", rotonde.RoleSysAdmin, 0)
	w.c = &rotonde.Case{Title: "Sanne (13)"}
	if err := db.Cases.CreateCase(ctx, w.owner, w.c); err != nil {
		t.Fatal(err)
	}
	if err := db.Cases.AddMember(ctx, w.owner, w.c.ID, w.observer.Email, rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	return w
}

func wantCode(t *testing.T, err error, code rotonde.ErrorCode) {
	t.Helper()
	var e *rotonde.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// A case's municipality is the owner's to set, and only a municipality will do.
func TestCaseMunicipality(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		wantCode(t, db.Network.SetMunicipality(ctx, w.observer, w.c.ID, w.north.ID), rotonde.EForbidden)
		wantCode(t, db.Network.SetMunicipality(ctx, w.policy, w.c.ID, w.north.ID), rotonde.ENotFound)
		wantCode(t, db.Network.SetMunicipality(ctx, w.owner, w.c.ID, w.provider.ID), rotonde.EInvalid)
		if err := db.Network.SetMunicipality(ctx, w.owner, w.c.ID, w.north.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Progress.SetPhase(ctx, w.owner, &rotonde.PhaseChange{CaseID: w.c.ID, Phase: "pause"}); err != nil {
			t.Fatal(err)
		}
		p, err := db.Network.CasePlace(ctx, w.observer, w.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.MunicipalityID != w.north.ID || p.RegionID != w.region.ID || p.RegionName != "Regio Rivierenland" || p.Phase != "pause" {
			t.Fatalf("place %+v", p)
		}
		if _, err := db.Network.CasePlace(ctx, w.policy, w.c.ID); err == nil {
			t.Fatal("a policy officer who is no member reads where the case sits")
		}
		ms, err := db.Network.Municipalities(ctx)
		if err != nil || len(ms) != 3 {
			t.Fatalf("municipalities %v %v", ms, err)
		}
	})
}

// Barriers: writers add, change and remove them; observers read; others
// do not reach them.
func TestCaseBarriers(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		wantCode(t, db.Network.AddBarrier(ctx, w.owner, &rotonde.Barrier{CaseID: w.c.ID, Kind: "money", Explanation: "x"}), rotonde.EInvalid)
		wantCode(t, db.Network.AddBarrier(ctx, w.owner, &rotonde.Barrier{CaseID: w.c.ID, Kind: rotonde.BarrierWaiting, Explanation: " "}), rotonde.EInvalid)
		wantCode(t, db.Network.AddBarrier(ctx, w.observer, &rotonde.Barrier{CaseID: w.c.ID, Kind: rotonde.BarrierWaiting, Explanation: "Wachtlijst GGZ"}), rotonde.EForbidden)
		wantCode(t, db.Network.AddBarrier(ctx, w.policy, &rotonde.Barrier{CaseID: w.c.ID, Kind: rotonde.BarrierWaiting, Explanation: "Wachtlijst GGZ"}), rotonde.ENotFound)
		b := &rotonde.Barrier{CaseID: w.c.ID, Kind: rotonde.BarrierWaiting, Explanation: "Negen maanden wachtlijst voor traumabehandeling"}
		if err := db.Network.AddBarrier(ctx, w.owner, b); err != nil {
			t.Fatal(err)
		}
		if err := db.Network.AddBarrier(ctx, w.owner, &rotonde.Barrier{CaseID: w.c.ID, Kind: rotonde.BarrierRules, Explanation: "Woonplaatsbeginsel"}); err != nil {
			t.Fatal(err)
		}
		b.Kind, b.Explanation = rotonde.BarrierContracting, "Geen contract met de enige aanbieder die het kan"
		if err := db.Network.UpdateBarrier(ctx, w.owner, b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Network.Barriers(ctx, w.observer, w.c.ID)
		if err != nil || len(got) != 2 || got[0].Kind != rotonde.BarrierRules || got[1].Kind != rotonde.BarrierContracting || got[1].AuthorName != w.owner.Name {
			t.Fatalf("barriers %+v %v", got, err)
		}
		if _, err := db.Network.Barriers(ctx, w.policy, w.c.ID); err == nil {
			t.Fatal("a non-member reads the barriers")
		}
		wantCode(t, db.Network.DeleteBarrier(ctx, w.owner, w.c.ID, b.ID+100), rotonde.ENotFound)
		if err := db.Network.DeleteBarrier(ctx, w.owner, w.c.ID, b.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// Stories: a draft stays in the case; published with consent it is read in
// the region, without its case, and nowhere else.
func TestCaseStories(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		s := &rotonde.Story{CaseID: w.c.ID, Title: "Negen plekken in vier jaar", Body: "Een meisje van dertien woonde op negen plekken."}
		wantCode(t, db.Network.SaveStory(ctx, w.observer, s), rotonde.EForbidden)
		if err := db.Network.SaveStory(ctx, w.owner, s); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Network.PublishedStories(ctx, w.policy); len(got) != 0 {
			t.Fatalf("a draft is on the network: %+v", got)
		}
		wantCode(t, db.Network.PublishStory(ctx, w.owner, w.c.ID, s.ID, rotonde.StoryConsent{}), rotonde.EInvalid)
		wantCode(t, db.Network.PublishStory(ctx, w.owner, w.c.ID, s.ID, rotonde.StoryConsent{Given: true, GivenBy: "moeder"}), rotonde.EConflict)
		if err := db.Network.SetMunicipality(ctx, w.owner, w.c.ID, w.north.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Network.PublishStory(ctx, w.owner, w.c.ID, s.ID, rotonde.StoryConsent{Given: true, GivenBy: "moeder en Sanne"}); err != nil {
			t.Fatal(err)
		}
		if one, err := db.Network.CaseStory(ctx, w.owner, w.c.ID, s.ID); err != nil || !one.Published() || one.CaseID != w.c.ID {
			t.Fatalf("the case's published story: %+v %v", one, err)
		}
		s.Body = "changed"
		wantCode(t, db.Network.SaveStory(ctx, w.owner, s), rotonde.EConflict)
		for _, u := range []*rotonde.User{w.policy, w.admin, w.professional, w.root} {
			got, err := db.Network.PublishedStories(ctx, u)
			if err != nil || len(got) != 1 || got[0].CaseID != 0 || got[0].RegionName != "Regio Rivierenland" {
				t.Fatalf("%s: stories %+v %v", u.Email, got, err)
			}
			one, err := db.Network.PublishedStory(ctx, u, got[0].ID)
			if err != nil || one.CaseID != 0 || one.Title != "Negen plekken in vier jaar" {
				t.Fatalf("%s: story %+v %v", u.Email, one, err)
			}
		}
		if got, _ := db.Network.PublishedStories(ctx, w.farPolicy); len(got) != 0 {
			t.Fatalf("a story of another region: %+v", got)
		}
		wantCode(t, errOf(db.Network.PublishedStory(ctx, w.farPolicy, s.ID)), rotonde.ENotFound)
		if err := db.Network.WithdrawStory(ctx, w.owner, w.c.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(db.Network.PublishedStory(ctx, w.policy, s.ID)), rotonde.ENotFound)
		if one, err := db.Network.CaseStory(ctx, w.owner, w.c.ID, s.ID); err != nil || one.Published() || one.Title != "Negen plekken in vier jaar" {
			t.Fatalf("the case's withdrawn story: %+v %v", one, err)
		}
		wantCode(t, errOf(db.Network.CaseStory(ctx, w.owner, w.c.ID, s.ID+1000)), rotonde.ENotFound)
	})
}

func errOf[T any](_ T, err error) error { return err }

// The names a story is checked for: the geno-sociogram's persons, the
// members, and the timeline's persons and organisations.
func TestNamesInCase(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		if err := db.Genogram.SavePerson(ctx, w.owner, w.c.ID, &genogram.Person{Alias: "Oma Truus", Sex: genogram.SexFemale}); err != nil {
			t.Fatal(err)
		}
		ev := &timeline.Event{Date: timeline.MonthOf(2021, 3), Kind: timeline.KindContact, Source: timeline.SourceDossier,
			Description: "Gesprek", Persons: []string{"Kees"}, Organisations: []string{"Wijkteam Oost"}}
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, w.c.ID, ev); err != nil {
			t.Fatal(err)
		}
		names, err := db.Network.NamesInCase(ctx, w.owner, w.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Oma Truus", "Kees", "Wijkteam Oost", w.observer.Name, "Jeugdhulp De Brug"} {
			if !slices.Contains(names, want) {
				t.Errorf("%q missing from %v", want, names)
			}
		}
		found := rotonde.KnownNames("Kees en oma truus spraken af bij wijkteam oost.", names)
		if len(found) != 3 {
			t.Fatalf("found %v", found)
		}
	})
}

// The network view: counts only, nothing from 1 to 9, a municipality's view
// is its row of the region's, and only the region's administrators and
// policy officers (and the system administrator) open it.
func TestRegionOverview(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		mk := func(m *rotonde.Organisation, n int, phase string, barrier rotonde.BarrierKind) {
			for i := 0; i < n; i++ {
				c := &rotonde.Case{Title: fmt.Sprintf("Kind %d", i)}
				if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
					t.Fatal(err)
				}
				if err := db.Network.SetMunicipality(ctx, w.owner, c.ID, m.ID); err != nil {
					t.Fatal(err)
				}
				if phase != "" {
					if err := db.Progress.SetPhase(ctx, w.owner, &rotonde.PhaseChange{CaseID: c.ID, Phase: phase}); err != nil {
						t.Fatal(err)
					}
				}
				if barrier != "" {
					if err := db.Network.AddBarrier(ctx, w.owner, &rotonde.Barrier{CaseID: c.ID, Kind: barrier, Explanation: "lang wachten"}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		mk(w.north, 14, "urgency", rotonde.BarrierWaiting)
		mk(w.north, 12, "pause", "")
		mk(w.south, 3, "urgency", rotonde.BarrierWaiting)
		mk(w.south, 11, "", rotonde.BarrierFinancing)
		mk(w.far, 4, "design", "")
		if n, err := db.Network.RefreshSignals(ctx, time.Now().UTC(), 1000); err != nil || n == 0 {
			t.Fatalf("refresh signals: %d %v", n, err)
		}

		if _, err := db.Network.OverviewRegions(ctx, w.professional); err == nil {
			t.Fatal("a professional opens the network view")
		}
		regions, err := db.Network.OverviewRegions(ctx, w.policy)
		if err != nil || len(regions) != 1 || regions[0].ID != w.region.ID {
			t.Fatalf("regions %v %v", regions, err)
		}
		if all, _ := db.Network.OverviewRegions(ctx, w.root); len(all) != 2 {
			t.Fatalf("the system administrator sees %d regions", len(all))
		}
		wantCode(t, errOf(db.Network.RegionOverview(ctx, w.farPolicy, w.region.ID, 0)), rotonde.ENotFound)
		wantCode(t, errOf(db.Network.RegionOverview(ctx, w.professional, w.region.ID, 0)), rotonde.ENotFound)
		wantCode(t, errOf(db.Network.RegionOverview(ctx, w.policy, w.region.ID, w.far.ID)), rotonde.ENotFound)

		region, err := db.Network.RegionOverview(ctx, w.admin, w.region.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, tb := range region.Tables {
			names = append(names, tb.Name)
			if len(tb.Rows) != 3 || tb.Rows[2].Label != rotonde.OverviewTotalLabel {
				t.Fatalf("table %s rows %+v", tb.Name, tb.Rows)
			}
			for _, r := range tb.Rows {
				for _, c := range append([]rotonde.OverviewCell{{Label: "total", Count: r.Total}}, r.Cells...) {
					if c.Count != nil && *c.Count > 0 && *c.Count < 10 {
						t.Fatalf("%s/%s/%s published as %d", tb.Name, r.Label, c.Label, *c.Count)
					}
				}
			}
		}
		if fmt.Sprint(names) != "[phase cycle signals barriers]" {
			t.Fatalf("tables %v", names)
		}
		phase := region.Tables[0]
		north := phase.Rows[0]
		if north.Label != "Gemeente Noordwaard" || north.Total == nil || *north.Total != 26 {
			t.Fatalf("north %s", showRow(north))
		}
		for j, want := range []int{14, 12, 0, 0} {
			if c := north.Cells[j].Count; c != nil && *c != want {
				t.Fatalf("north %s", showRow(north))
			}
		}
		// Zuidwaard has 3 cases in urgency: hidden, and with it enough to keep it hidden.
		if phase.Rows[1].Cells[0].Count != nil {
			t.Fatal("3 cases in urgency published")
		}
		if phase.Rows[2].Total == nil || *phase.Rows[2].Total != 40 {
			t.Fatalf("region total %+v", phase.Rows[2])
		}
		for i, m := range []*rotonde.Organisation{w.north, w.south} {
			own, err := db.Network.RegionOverview(ctx, w.policy, w.region.ID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for ti, tb := range own.Tables {
				if len(tb.Rows) != 1 || showRow(tb.Rows[0]) != showRow(region.Tables[ti].Rows[i]) {
					t.Fatalf("%s view of %s: %s, region row %s", m.Name, tb.Name, showRow(tb.Rows[0]), showRow(region.Tables[ti].Rows[i]))
				}
			}
		}
	})
}

func showRow(r rotonde.OverviewRow) string {
	cells := make([]disclosure.Cell, len(r.Cells))
	for i, c := range r.Cells {
		cells[i] = disclosure.Cell(c)
	}
	return testenv.ShowRow(disclosure.Row{Label: r.Label, Cells: cells, Total: r.Total})
}
