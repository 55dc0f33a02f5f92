package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The development agenda (web/agenda.go). Organisation A is in the matrix
// region (buildNetworkWorld); organisation B is in none. The region's
// network roles read the agenda; its administrators and policy officers
// write their own party's plan and answer what is asked of it.
var (
	agendaReader rule = func(a *actor) bool { return a.user != nil && !a.orgB && rotonde.CanReadAgenda(a.role) }
	agendaWriter rule = func(a *actor) bool { return a.user != nil && !a.orgB && rotonde.CanWriteAgenda(a.role) }
)

func init() {
	accessRules["agenda reader"] = agendaReader
	accessRules["agenda writer"] = agendaWriter
}

// agendaMatrix is the agenda's part of the matrix world: a point of
// organisation A's plan and a question the municipality put to A.
type agendaMatrix struct {
	itemID, questionID int64
}

func buildAgendaWorld(t *testing.T, db *sqldb.DB, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	year := time.Now().Year()
	admin := testenv.MustUser(t, db, &rotonde.User{Email: "agenda@a.test", Name: "Bestuur A", Role: rotonde.RoleAdministrator, OrgID: w.orgAID}, matrixPassword)
	officer := testenv.MustUser(t, db, &rotonde.User{Email: "beleid@gemeente.test", Name: "Beleid", Role: rotonde.RolePolicyOfficer, OrgID: w.network.municipalityID}, matrixPassword)
	item, err := db.Agenda.AddAgendaItem(ctx, admin, year, "Samen een wachtlijstaanpak")
	if err != nil {
		t.Fatal(err)
	}
	q := &rotonde.AgendaQuestion{Year: year, ToOrg: w.orgAID, Question: "Wat heb je van ons nodig?"}
	if err := db.Agenda.AskAgendaQuestion(ctx, officer, q); err != nil {
		t.Fatal(err)
	}
	w.agenda = agendaMatrix{itemID: item.ID, questionID: q.ID}
}

func agendaPath(path string, w matrixWorld) string {
	if !strings.HasPrefix(path, "/netwerk/agenda") {
		return path
	}
	return strings.NewReplacer("{entry}", fmt.Sprint(w.agenda.itemID), "{question}", fmt.Sprint(w.agenda.questionID)).Replace(path)
}

// agendaRoutes holds the rules of the development agenda.
func agendaRoutes() map[string]route {
	return map[string]route{
		"GET /netwerk/agenda": {allow: agendaReader},
		"POST /netwerk/agenda/plan": {allow: agendaWriter, form: func(matrixWorld) url.Values {
			return url.Values{"body": {"Eén plan per gezin"}}
		}},
		"POST /netwerk/agenda/plan/{entry}/verwijderen": {allow: agendaWriter},
		"POST /netwerk/agenda/vragen": {allow: agendaWriter, form: func(w matrixWorld) url.Values {
			return url.Values{"to": {fmt.Sprint(w.network.municipalityID)}, "question": {"Wat heb je van mij nodig?"}}
		}},
		"POST /netwerk/agenda/vragen/{question}/antwoord": {allow: agendaWriter, form: func(matrixWorld) url.Values {
			return url.Values{"answer": {"Een vast aanspreekpunt"}}
		}},
	}
}
