package sqldb_test

import (
	"context"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The development agenda: administrators and policy officers write their
// own party's plan and answer the questions put to it; the region's
// network roles read; nobody outside the region sees it.
func TestDevelopmentAgenda(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		year := time.Now().Year()
		item, err := db.Agenda.AddAgendaItem(ctx, w.admin, year, "  Wachttijd jeugd-ggz onder de acht weken  ")
		if err != nil || item.OrgID != w.provider.ID || item.Body != "Wachttijd jeugd-ggz onder de acht weken" {
			t.Fatalf("plan item: %+v %v", item, err)
		}
		if _, err := db.Agenda.AddAgendaItem(ctx, w.policy, year, "Eén casusregisseur per gezin"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(db.Agenda.AddAgendaItem(ctx, w.professional, year, "Mijn plan")), rotonde.EForbidden)
		wantCode(t, errOf(db.Agenda.AddAgendaItem(ctx, w.admin, year, " ")), rotonde.EInvalid)
		wantCode(t, errOf(db.Agenda.AddAgendaItem(ctx, w.admin, 1999, "Te vroeg")), rotonde.EInvalid)
		wantCode(t, errOf(db.Agenda.AddAgendaItem(ctx, w.root, year, "Beheer")), rotonde.ENotFound)

		q := &rotonde.AgendaQuestion{Year: year, ToOrg: w.north.ID, Question: "Wat heb je van ons nodig om sneller te beschikken?"}
		if err := db.Agenda.AskAgendaQuestion(ctx, w.admin, q); err != nil || q.FromOrg != w.provider.ID {
			t.Fatalf("ask: %+v %v", q, err)
		}
		wantCode(t, db.Agenda.AskAgendaQuestion(ctx, w.admin, &rotonde.AgendaQuestion{Year: year, ToOrg: w.far.ID, Question: "Buiten de regio?"}), rotonde.EInvalid)
		wantCode(t, db.Agenda.AskAgendaQuestion(ctx, w.admin, &rotonde.AgendaQuestion{Year: year, ToOrg: w.provider.ID, Question: "Aan onszelf?"}), rotonde.EInvalid)
		wantCode(t, db.Agenda.AnswerAgendaQuestion(ctx, w.admin, q.ID, "Wij antwoorden zelf"), rotonde.EForbidden)
		wantCode(t, db.Agenda.AnswerAgendaQuestion(ctx, w.farPolicy, q.ID, "Van ver"), rotonde.ENotFound)
		if err := db.Agenda.AnswerAgendaQuestion(ctx, w.policy, q.ID, "Een vast aanspreekpunt en de plannen vóór 1 maart."); err != nil {
			t.Fatal(err)
		}

		for _, u := range []*rotonde.User{w.professional, w.policy, w.admin} {
			a, err := db.Agenda.Agenda(ctx, u, year)
			if err != nil {
				t.Fatal(err)
			}
			if a.RegionID != w.region.ID || len(a.Parties) != 3 || a.Parties[0].Kind != rotonde.OrgMunicipality || len(a.Questions) != 1 || !a.Questions[0].Answered() {
				t.Fatalf("%s: agenda %+v", u.Email, a)
			}
			items := 0
			for _, p := range a.Parties {
				items += len(p.Items)
			}
			if items != 2 {
				t.Errorf("%s: %d plan items", u.Email, items)
			}
			if (u == w.professional) != (a.OwnOrg == 0) {
				t.Errorf("%s writes for %d", u.Email, a.OwnOrg)
			}
		}
		if a, err := db.Agenda.Agenda(ctx, w.farPolicy, year); err != nil || len(a.Questions) != 0 || len(a.Parties) != 1 || len(a.Parties[0].Items) != 0 {
			t.Errorf("another region's agenda: %+v %v", a, err)
		}
		wantCode(t, errOf(db.Agenda.Agenda(ctx, w.root, year)), rotonde.ENotFound)
		if a, _ := db.Agenda.Agenda(ctx, w.admin, year+1); len(a.Questions) != 0 || len(a.Parties[2].Items) != 0 {
			t.Errorf("next year's agenda: %+v", a)
		}
		wantCode(t, db.Agenda.DeleteAgendaItem(ctx, w.policy, item.ID), rotonde.ENotFound)
		if err := db.Agenda.DeleteAgendaItem(ctx, w.admin, item.ID); err != nil {
			t.Fatal(err)
		}
	})
}
