package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// addHenk has the case owner draw Opa Henk with a tie to Noor and a life
// event, and returns his person ID.
func (e *env) addHenk(caseID int64) string {
	e.t.Helper()
	ctx := context.Background()
	owner := e.user("hulpverlener@demo.test")
	henk := &genogram.Person{Alias: "Opa Henk", Sex: genogram.SexMale, BirthYear: 1948}
	if err := e.db.Genogram.SavePerson(ctx, owner, caseID, henk); err != nil {
		e.t.Fatal(err)
	}
	g, _, err := e.db.Genogram.Genogram(ctx, owner, caseID)
	if err != nil {
		e.t.Fatal(err)
	}
	var index string
	for _, p := range g.Persons {
		if p.Index {
			index = p.ID
		}
	}
	if err := e.db.Genogram.AddTie(ctx, owner, caseID, &genogram.Tie{A: henk.ID, B: index, Kind: genogram.TieClose, Note: "vissen op zaterdag"}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.Genogram.AddLifeEvent(ctx, owner, caseID, &genogram.LifeEvent{Person: henk.ID, Year: 2019, Kind: genogram.EventMove}); err != nil {
		e.t.Fatal(err)
	}
	return henk.ID
}

var undoForm = regexp.MustCompile(`<form method="post" action="(/casussen/\d+/prullenbak/\d+/terugzetten)" class="inline undo">`)

// exportsOf gathers what the case shows of its geno-sociogram: the page,
// the SVG, the GEDCOM file and the text of the PDF dossier.
func (e *env) exportsOf(c *http.Client, base string) string {
	e.t.Helper()
	var b strings.Builder
	for _, p := range []string{"/genogram", "/genogram.svg", "/genogram.ged"} {
		res, page := e.get(c, base+p)
		if res.StatusCode != http.StatusOK {
			e.t.Fatalf("%s: %d", p, res.StatusCode)
		}
		b.WriteString(page)
	}
	res, pdf := e.get(c, base+"/dossier.pdf")
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("dossier: %d", res.StatusCode)
	}
	b.WriteString(pdftest.Text(e.t, pdftest.WriteFile(e.t, []byte(pdf))))
	return b.String()
}

// A parent removes a person the case owner drew: the first click asks, the
// confirmed one moves Opa Henk with his tie and event to the trash, where
// he is invisible on every page and export; the notice offers to undo it,
// the owner reads it in the feed and the access log, and undo puts him back whole.
func TestDeletingAPersonAsksGoesToTheTrashAndIsUndone(t *testing.T) {
	e, id, base := newDemoCase(t)
	ctx := context.Background()
	henk := e.addHenk(id)
	owner := e.user("hulpverlener@demo.test")
	before, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	parent := e.login("ouder@demo.test")
	sanne := e.login("hulpverlener@demo.test")
	if all := e.exportsOf(sanne, base); strings.Count(all, "Opa Henk") < 4 {
		t.Fatalf("Opa Henk is not on every page and export before: %d times", strings.Count(all, "Opa Henk"))
	}

	form := url.Values{"kind": {"person"}, "item": {henk}}
	res := e.post(parent, base+"/genogram/verwijderen", form)
	page := body(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Weet je het zeker?") || !strings.Contains(page, "‘Opa Henk’ verdwijnt uit het geno-sociogram") ||
		!strings.Contains(page, `name="bevestigd" value="ja"`) || !strings.Contains(page, "30 dagen lang terugzetten") || !strings.Contains(page, "Er gaan 2 onderdelen mee") {
		t.Fatalf("first click: %d\n%s", res.StatusCode, page)
	}
	if g, _, _ := e.db.Genogram.Genogram(ctx, owner, id); len(g.Persons) != len(before.Persons) || len(g.Ties) != len(before.Ties) {
		t.Fatalf("the first click changed the genogram")
	}

	res = e.post(parent, base+"/genogram/verwijderen", confirm(form))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", res.StatusCode)
	}
	_, page = e.get(parent, res.Header.Get("Location"))
	m := undoForm.FindStringSubmatch(page)
	if !strings.Contains(page, "Verplaatst naar de prullenbak: Opa Henk") || m == nil {
		t.Fatalf("no notice with undo after deleting:\n%s", page)
	}
	if all := e.exportsOf(sanne, base); strings.Contains(all, "Opa Henk") || strings.Contains(all, "vissen op zaterdag") {
		t.Errorf("the trashed person still shows on a page or in an export")
	}
	// The other members see who removed what, with a way back.
	_, casePage := e.get(sanne, base)
	if !strings.Contains(casePage, "Moeder van Noor verwijderde ‘Opa Henk’ uit het geno-sociogram") || !strings.Contains(casePage, base+"/prullenbak") {
		t.Errorf("the case feed does not show the deletion")
	}
	_, trash := e.get(sanne, base+"/prullenbak")
	if !strings.Contains(trash, "Opa Henk") || !strings.Contains(trash, "Verwijderd door Moeder van Noor") || !strings.Contains(trash, m[1]) {
		t.Errorf("trash page:\n%s", trash)
	}
	log, err := e.db.Audit.CaseAudit(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	if !auditHas(log, rotonde.AuditDelete, "genogram", "naar prullenbak") {
		t.Errorf("the access log has no deletion")
	}

	// Undo from the notice: Opa Henk comes back with his tie and his event.
	res = e.post(parent, m[1], nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"/genogram" {
		t.Fatalf("undo: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	after, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	if len(after.Persons) != len(before.Persons) || len(after.Ties) != len(before.Ties) || len(after.Events) != len(before.Events) {
		t.Errorf("after undo: %d persons, %d ties, %d events; want %d, %d, %d", len(after.Persons), len(after.Ties), len(after.Events),
			len(before.Persons), len(before.Ties), len(before.Events))
	}
	if all := e.exportsOf(sanne, base); !strings.Contains(all, "Opa Henk") || !strings.Contains(all, "vissen op zaterdag") {
		t.Errorf("Opa Henk is not back on every page")
	}
	_, casePage = e.get(sanne, base)
	if !strings.Contains(casePage, "Moeder van Noor zette ‘Opa Henk’ terug in het geno-sociogram") {
		t.Errorf("the case feed does not show the restore")
	}
	log, _ = e.db.Audit.CaseAudit(ctx, owner, id)
	if !auditHas(log, rotonde.AuditCreate, "prullenbak", "terugzetten") {
		t.Errorf("the access log has no restore")
	}
}

func auditHas(log []rotonde.AuditEntry, action rotonde.AuditAction, part, detail string) bool {
	for _, a := range log {
		if a.Action == action && a.Part == part && strings.Contains(a.Detail, detail) {
			return true
		}
	}
	return false
}

// After 30 days a deleted item cannot be put back, and housekeeping
// removes it for good.
func TestTrashExpiresAfterThirtyDays(t *testing.T) {
	e, id, base := newDemoCase(t)
	ctx := context.Background()
	owner := e.user("hulpverlener@demo.test")
	sanne := e.login("hulpverlener@demo.test")
	evs, err := e.db.Timeline.TimelineEvents(ctx, owner, id, timeline.Query{})
	if err != nil || len(evs) == 0 {
		t.Fatal(err)
	}
	ev := evs[0]
	path := fmt.Sprintf("%s/tijdlijn/%d/verwijderen", base, ev.ID)
	if res := e.post(sanne, path, nil); res.StatusCode != http.StatusOK || !strings.Contains(body(t, res), "verdwijnt van de tijdlijn") {
		t.Fatalf("first click: %d", res.StatusCode)
	}
	if _, err := e.db.Timeline.TimelineEvent(ctx, owner, id, ev.ID); err != nil {
		t.Fatalf("the first click deleted the event: %v", err)
	}
	res := e.post(sanne, path, confirm(nil))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	_, page := e.get(sanne, res.Header.Get("Location"))
	m := undoForm.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no undo after deleting an event")
	}
	real := e.db.Now
	t.Cleanup(func() { e.db.Now = real })
	e.db.Now = func() time.Time { return real().AddDate(0, 0, rotonde.TrashDays).Add(time.Minute) }
	if res := e.post(sanne, m[1], nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("restored after %d days: %d", rotonde.TrashDays, res.StatusCode)
	}
	if _, err := e.db.PurgeExpired(ctx, e.db.Now(), time.Hour); err != nil {
		t.Fatal(err)
	}
	e.db.Now = real
	sanne = e.login("hulpverlener@demo.test") // housekeeping ended the session, 30 days on
	if res := e.post(sanne, m[1], nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("restored after housekeeping: %d", res.StatusCode)
	}
	if _, trash := e.get(sanne, base+"/prullenbak"); !strings.Contains(trash, "De prullenbak is leeg.") {
		t.Errorf("the trash still lists the event")
	}
}

// Every action that deletes or ends something asks first: a POST without
// the confirmation changes nothing and answers with the question.
func TestEveryDestructiveActionAsksFirst(t *testing.T) {
	e, id, base := newDemoCase(t)
	ctx := context.Background()
	owner := e.user("hulpverlener@demo.test")
	fac := e.user("facilitator@demo.test")
	sanne, femke, parent := e.login("hulpverlener@demo.test"), e.login("facilitator@demo.test"), e.login("ouder@demo.test")
	root := e.login("beheer@demo.test")

	members, _ := e.db.Cases.Members(ctx, owner, id)
	var ggz int64
	for _, m := range members {
		if m.UserEmail == "ggz@demo.test" {
			ggz = m.UserID
		}
	}
	consent := e.groundID(owner, id, rotonde.GroundConsent)
	ff, _ := e.db.Genogram.ForceField(ctx, owner, id)
	meetings, _ := e.db.Meetings.Meetings(ctx, fac, id)
	var live int64
	for _, m := range meetings {
		if m.Status != meeting.Closed {
			live = m.ID
		}
	}
	rounds, _ := e.db.Tension.CaseRounds(ctx, owner, id)
	evs, _ := e.db.Timeline.TimelineEvents(ctx, owner, id, timeline.Query{})
	g, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	if ggz == 0 || consent == 0 || len(ff.Stakeholders) == 0 || live == 0 || len(rounds) == 0 || len(evs) == 0 {
		t.Fatalf("demo: member %d, consent %d, %d stakeholders, meeting %d, %d rounds, %d events", ggz, consent, len(ff.Stakeholders), live, len(rounds), len(evs))
	}
	if res := e.post(sanne, "/account/tokens", url.Values{"name": {"script"}, "days": {"30"}}); res.StatusCode >= 400 {
		t.Fatalf("token: %d", res.StatusCode)
	}
	toks, _ := e.db.Identity.APITokens(ctx, owner)
	hv := e.user("mentor@demo.test")
	barrier := &rotonde.Barrier{CaseID: id, Kind: rotonde.BarrierWaiting, Explanation: "De wachtlijst is lang."}
	if err := e.db.Network.AddBarrier(ctx, owner, barrier); err != nil {
		t.Fatal(err)
	}

	// state is what the actions would change, read from the store.
	state := func() string {
		ms, _ := e.db.Cases.Members(ctx, owner, id)
		gs, _ := e.db.Trust.Grounds(ctx, owner, id)
		active := 0
		for _, g := range gs {
			if g.Active() {
				active++
			}
		}
		f, _ := e.db.Genogram.ForceField(ctx, owner, id)
		gg, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
		es, _ := e.db.Timeline.TimelineEvents(ctx, owner, id, timeline.Query{})
		a, _ := e.db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: fac}, live)
		c, _, _ := e.db.Cases.Case(ctx, owner, id)
		r, _ := e.db.Tension.Round(ctx, owner, rounds[0].ID)
		tk, _ := e.db.Identity.APITokens(ctx, owner)
		revoked := 0
		for _, x := range tk {
			if x.Revoked {
				revoked++
			}
		}
		u, _ := e.db.Users.User(ctx, hv.ID)
		bs, _ := e.db.Network.Barriers(ctx, owner, id)
		return fmt.Sprint(len(ms), active, len(f.Stakeholders), len(gg.Persons), len(es), a.Meeting.Status, c.Status, r.State, revoked, u.Disabled, len(bs))
	}
	start := state()
	for _, step := range []struct {
		who  *http.Client
		path string
		form url.Values
		what string
	}{
		{parent, base + "/genogram/verwijderen", url.Values{"kind": {"person"}, "item": {g.Persons[len(g.Persons)-1].ID}}, "verdwijnt uit het geno-sociogram"},
		{sanne, base + "/krachtenveld/betrokkenen/verwijderen", url.Values{"stakeholder": {ff.Stakeholders[0].ID}}, "verdwijnt uit het krachtenveld"},
		{sanne, fmt.Sprintf("%s/tijdlijn/%d/verwijderen", base, evs[0].ID), nil, "verdwijnt van de tijdlijn"},
		{sanne, fmt.Sprintf("%s/randvoorwaarden/%d/verwijderen", base, barrier.ID), nil, "De randvoorwaarde ‘De wachtlijst is lang.’ verdwijnt uit de casus"},
		{sanne, fmt.Sprintf("%s/leden/%d/verwijderen", base, ggz), nil, "Lotte Jansen wordt uit de casus gehaald"},
		{parent, fmt.Sprintf("%s/grondslagen/%d/intrekken", base, consent), nil, "Je trekt de toestemming in"},
		{femke, fmt.Sprintf("/bijeenkomsten/%d/afsluiten", live), url.Values{"feedback": {"klaar"}}, "De bijeenkomst wordt afgesloten"},
		{sanne, base + "/status", url.Values{"status": {"closed"}}, "De casus wordt gesloten"},
		{sanne, fmt.Sprintf("/spanningsvelden/rondes/%d/sluiten", rounds[0].ID), nil, "De ronde wordt gesloten"},
		{sanne, fmt.Sprintf("/account/tokens/%d/intrekken", toks[0].ID), nil, "Het token werkt meteen niet meer"},
		{root, fmt.Sprintf("/beheer/gebruikers/%d/blokkeren", hv.ID), nil, "Het account wordt geblokkeerd"},
	} {
		res := e.post(step.who, step.path, step.form)
		page := body(t, res)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "Weet je het zeker?") || !strings.Contains(page, step.what) ||
			!strings.Contains(page, `action="`+step.path+`"`) || !strings.Contains(page, `name="bevestigd" value="ja"`) {
			t.Errorf("%s: %d, no confirmation saying %q", step.path, res.StatusCode, step.what)
		}
		if now := state(); now != start {
			t.Fatalf("%s without confirmation changed %s into %s", step.path, start, now)
		}
	}
}

// Withdrawing consent says, before it is confirmed, who keeps access on
// which other ground, and why.
func TestWithdrawingConsentSaysWhoKeepsAccess(t *testing.T) {
	e, id, _ := newDemoCase(t)
	owner := e.user("hulpverlener@demo.test")
	consent := e.groundID(owner, id, rotonde.GroundConsent)
	parent := e.login("ouder@demo.test")
	res := e.post(parent, fmt.Sprintf("/casussen/%d/grondslagen/%d/intrekken", id, consent), nil)
	page := strings.Join(strings.Fields(body(t, res)), " ")
	for _, want := range []string{
		"Je trekt de toestemming in die Noor en haar moeder (beiden met gezag: moeder) gaf",
		"Op grond van de wettelijke grondslag ‘Ondertoezichtstelling (OTS), Jeugdbescherming Vallei en Heuvels’ (vastgelegd door Sanne Bakker",
		"Karim El Amrani (Jeugdbescherming Vallei en Heuvels)",
		"Een wettelijke grondslag vraagt geen toestemming van het gezin.",
		"omdat de casus bij hun eigen organisatie (Wijkteam Lindeveld-Noord) hoort: Sanne Bakker",
		"Blijven toegang houden als gezinslid: Moeder van Noor",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the confirmation does not say %q:\n%s", want, page)
		}
	}
	// Without the legal basis, the confirmation warns who loses access.
	legal := e.groundID(owner, id, rotonde.GroundLegal)
	sanne := e.login("hulpverlener@demo.test")
	if res := e.post(sanne, fmt.Sprintf("/casussen/%d/grondslagen/%d/intrekken", id, legal), confirm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw legal basis: %d", res.StatusCode)
	}
	res = e.post(parent, fmt.Sprintf("/casussen/%d/grondslagen/%d/intrekken", id, consent), nil)
	page = strings.Join(strings.Fields(body(t, res)), " ")
	if !strings.Contains(page, "Zonder andere grondslag verliezen deze professionals van andere organisaties meteen hun toegang:") || !strings.Contains(page, "Karim El Amrani") {
		t.Errorf("no warning of who loses access:\n%s", page)
	}
}

// The facilitator's preparation is the facilitators' own: the case owner
// neither reads nor writes it, and is warned when facilitating their own case.
func TestPreparationIsPrivateToFacilitators(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	fac := e.user("facilitator@demo.test")
	meetings, _ := e.db.Meetings.Meetings(ctx, fac, id)
	var mid int64
	for _, m := range meetings {
		if m.FacilitatorID == fac.ID {
			mid = m.ID
		}
	}
	femke, sanne := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test")
	path := fmt.Sprintf("/bijeenkomsten/%d/voorbereiding", mid)
	if res := e.post(femke, path, url.Values{"q-values": {"geheime notitie van Femke"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("facilitator saves: %d", res.StatusCode)
	}
	if res := e.post(sanne, path, url.Values{"q-values": {"overschreven"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("case owner saves the preparation: %d", res.StatusCode)
	}
	for _, p := range []string{"", "/verslag", "/verslag.md"} {
		if _, page := e.get(sanne, fmt.Sprintf("/bijeenkomsten/%d%s", mid, p)); strings.Contains(page, "geheime notitie van Femke") {
			t.Errorf("case owner reads the preparation on %q", p)
		}
	}
	if _, page := e.get(femke, fmt.Sprintf("/bijeenkomsten/%d", mid)); !strings.Contains(page, "geheime notitie van Femke") || strings.Contains(page, "Je begeleidt als inbrenger") {
		t.Errorf("facilitator's page: preparation missing or owner warning shown")
	}
	// The owner who facilitates their own case is warned, not stopped.
	res := e.post(sanne, fmt.Sprintf("/casussen/%d/bijeenkomsten", id), url.Values{"title": {"Eigen bijeenkomst"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner creates a meeting: %d", res.StatusCode)
	}
	_, page := e.get(sanne, res.Header.Get("Location"))
	if !strings.Contains(page, "Je begeleidt als inbrenger je eigen casus") || !strings.Contains(page, `action="/bijeenkomsten/`) {
		t.Errorf("no warning for the owner facilitating:\n%s", page)
	}
}
