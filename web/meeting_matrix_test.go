package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// meetingMatrix is the live learning meeting of the matrix case: running,
// with an admitted guest, a guest waiting to be let in and an image.
type meetingMatrix struct {
	id, waitingID, attachmentID int64
}

const matrixJoinCode = "MATR23"

// Guests have no account: they are actors with only a guest cookie.
var (
	// meetingParticipant: members of the case and admitted guests.
	meetingParticipant rule = func(a *actor) bool { return caseMember(a) || a.relation == "guest" }
	// meetingLobby: the live page also shows a waiting guest the waiting room.
	meetingLobby rule = func(a *actor) bool { return meetingParticipant(a) || a.relation == "guest-waiting" }
)

func buildMeetingWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, caseID int64, w *matrixWorld) []*actor {
	t.Helper()
	ctx := context.Background()
	m := &meeting.Meeting{CaseID: caseID, Title: "Matrix-bijeenkomst"}
	if err := db.Meetings.CreateMeeting(ctx, owner, m); err != nil {
		t.Fatal(err)
	}
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := meeting.StepsForCard(lib, "art", "")
	if err := db.Meetings.AddSteps(ctx, owner, m.ID, steps); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.StartMeeting(ctx, owner, m.ID, matrixJoinCode); err != nil {
		t.Fatal(err)
	}
	if err := db.Meetings.PlanMeeting(ctx, owner, m.ID, meeting.Plan{At: time.Now().Add(time.Hour), Place: "Wijkcentrum"}); err != nil {
		t.Fatal(err)
	}
	guestTok, waitTok := "gt_matrix-guest", "gt_matrix-waiting"
	if _, err := db.Meetings.InviteGuest(ctx, owner, m.ID, "gast", web.HashToken("g_matrix-invite"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.AcceptGuestInvite(ctx, web.HashToken("g_matrix-invite"), web.HashToken(guestTok), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Meetings.JoinByCode(ctx, matrixJoinCode, nil, "wachtende", web.HashToken(waitTok)); err != nil {
		t.Fatal(err)
	}
	snap, _, err := db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: owner}, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range snap.Participants {
		if !p.Admitted {
			w.meeting.waitingID = p.ID
		}
	}
	at := &meeting.Attachment{MeetingID: m.ID, Purpose: meeting.PurposeArt, Title: "beeld", ContentType: "image/png"}
	if _, err := db.Meetings.AddAttachment(ctx, meeting.Viewer{User: owner}, at, pngHeader()); err != nil {
		t.Fatal(err)
	}
	w.meeting.id, w.meeting.attachmentID = m.ID, at.ID
	return []*actor{
		{name: "guest/admitted", relation: "guest", guestCookie: guestTok},
		{name: "guest/waiting", relation: "guest-waiting", guestCookie: waitTok},
	}
}

// meetingPath fills in the meeting's path values; an event stream is asked
// for once (backlog only), so that an allowed cell does not stream forever.
func meetingPath(path string, w matrixWorld) string {
	path = strings.NewReplacer("{mid}", fmt.Sprint(w.meeting.id), "{pid}", fmt.Sprint(w.meeting.waitingID),
		"{aid}", fmt.Sprint(w.meeting.attachmentID)).Replace(path)
	if strings.HasSuffix(path, "/events") {
		path += "?once=1"
	}
	return path
}

func form(kv ...string) func(matrixWorld) url.Values {
	return func(matrixWorld) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
}

func meetingRoutes() map[string]route {
	return map[string]route{
		"GET /casussen/{id}/bijeenkomsten":         {allow: caseMember},
		"POST /casussen/{id}/bijeenkomsten":        {allow: caseManage, form: form("title", "Nieuwe bijeenkomst")},
		"GET /bijeenkomsten":                       {allow: loggedIn},
		"POST /bijeenkomsten":                      {allow: groupCreator, form: form("title", "Thema-avond", "theme", "vertragen")},
		"GET /bijeenkomsten/{mid}":                 {allow: caseMember},
		"POST /bijeenkomsten/{mid}/agenda":         {allow: caseManage, form: form("card", "phases")},
		"POST /bijeenkomsten/{mid}/stappen":        {allow: caseManage, form: form("min-1", "12")},
		"POST /bijeenkomsten/{mid}/voorbereiding":  {allow: meetingPreparer, form: form("q-values", "nieuwsgierigheid")},
		"POST /bijeenkomsten/{mid}/gasten":         {allow: caseManage, form: form("name", "buurvrouw")},
		"POST /bijeenkomsten/{mid}/starten":        {allow: caseManage},
		"POST /bijeenkomsten/{mid}/stap":           {allow: caseManage, form: form("from", "0", "to", "1")},
		"POST /bijeenkomsten/{mid}/film":           {allow: caseManage, form: form("open", "1")},
		"POST /bijeenkomsten/{mid}/toelaten/{pid}": {allow: caseManage},
		"POST /bijeenkomsten/{mid}/afsluiten":      {allow: caseManage, form: form("feedback", "moeder wordt gebeld")},
		"POST /bijeenkomsten/{mid}/planning": {allow: caseManage,
			form: form("date", time.Now().AddDate(0, 1, 0).Format("2006-01-02"), "time", "14:00", "place", "Wijkcentrum De Linde")},
		"GET /bijeenkomsten/{mid}/agenda.ics":     {allow: exporter},
		"POST /bijeenkomsten/{mid}/spanningsveld": {allow: caseManage, form: form("round", "0")},
		"GET /bijeenkomsten/{mid}/live":           {allow: meetingLobby},
		"GET /bijeenkomsten/{mid}/events":         {allow: meetingParticipant},
		"POST /bijeenkomsten/{mid}/inbreng":       {allow: meetingParticipant, form: form("step", "0", "kind", "insight", "body", "inzicht")},
		"POST /bijeenkomsten/{mid}/film/antwoord": {allow: meetingParticipant, form: form("answer", "1")},
		"POST /bijeenkomsten/{mid}/bijlagen": {allow: meetingParticipant,
			form: form("step", "0", "purpose", "art", "title", "Gedicht", "link", "https://example.org/gedicht")},
		"GET /bijeenkomsten/{mid}/bijlagen/{aid}": {allow: meetingParticipant},
		"GET /bijeenkomsten/{mid}/verslag":        {allow: meetingParticipant},
		"GET /bijeenkomsten/{mid}/zaal":           {allow: caseManage},
		"GET /bijeenkomsten/{mid}/verslag.md":     {allow: meetingExporter},
		"GET /bijeenkomsten/{mid}/verslag.pdf":    {allow: meetingExporter},
		"GET /doe-mee":                            {public: true},
		"POST /doe-mee":                           {public: true, form: form("code", matrixJoinCode, "name", "iemand")},
		"GET /gast/{token}":                       {public: true},
		"POST /gast/{token}":                      {public: true},
	}
}
