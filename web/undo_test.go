package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// undoButton finds the "Ongedaan maken" form of the notice after an action.
var undoButton = regexp.MustCompile(`<form method="post" action="([^"]+)" class="inline undo">`)

// doneThenUndo posts a confirmed action, reads the notice on the page it
// leads to (it must say notice) and returns the address of its undo button.
func (e *env) doneThenUndo(c *http.Client, path string, form url.Values, notice string) string {
	e.t.Helper()
	res := e.post(c, path, confirm(form))
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("%s: %d", path, res.StatusCode)
	}
	_, page := e.get(c, res.Header.Get("Location"))
	m := undoButton.FindStringSubmatch(page)
	if !strings.Contains(page, notice) || m == nil {
		e.t.Fatalf("%s: no notice %q with an undo button:\n%s", path, notice, page)
	}
	return m[1]
}

// undoAs has c undo: the undo must succeed with state() back at want, and
// the page it leads to must say notice. If twice is not 0, undoing again
// must answer twice.
func (e *env) undoAs(c *http.Client, undo string, state func() any, want any, notice string, twice int) {
	e.t.Helper()
	res := e.post(c, undo, nil)
	if res.StatusCode != http.StatusSeeOther || state() != want {
		e.t.Fatalf("undo %s: %d, state %v, want %v", undo, res.StatusCode, state(), want)
	}
	if _, page := e.get(c, res.Header.Get("Location")); !strings.Contains(page, notice) {
		e.t.Errorf("no notice %q after undo", notice)
	}
	if twice == 0 {
		return
	}
	if res := e.post(c, undo, nil); res.StatusCode != twice {
		e.t.Errorf("undone twice: %d", res.StatusCode)
	}
}

// caselessAudit counts the allowed access-log records without a case on
// part whose detail is like pattern.
func (e *env) caselessAudit(part, pattern string) (n int, err error) {
	err = e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE case_id = 0 AND part = ? AND detail LIKE ? AND outcome = 'allowed'`,
		part, pattern).Scan(&n)
	return n, err
}

// Removing a member says so and offers undo; undo re-adds them with their
// role; the feed and the access log show both; a non-manager cannot undo.
func TestUndoRemovingAMember(t *testing.T) {
	e := newOwnedCase(t)
	lotte := e.user("ggz@demo.test")
	parent := e.login("ouder@demo.test")
	role := func() any {
		ms, _ := e.db.Cases.Members(t.Context(), e.owner, e.id)
		for _, m := range ms {
			if m.UserID == lotte.ID {
				return m.Role
			}
		}
		return rotonde.MemberRole("")
	}
	was := role()
	path := fmt.Sprintf("%s/leden/%d/verwijderen", e.base, lotte.ID)
	if res := e.post(e.sanne, path, nil); !strings.Contains(body(t, res), "Iemand die de casus beheert kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say it can be undone")
	}
	undo := e.doneThenUndo(e.sanne, path, nil, "Uit de casus gehaald: Lotte Jansen")
	if role() != rotonde.MemberRole("") {
		t.Fatal("still a member")
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a family member undoes: %d", res.StatusCode)
	}
	e.undoAs(e.sanne, undo, role, was, "Weer lid van de casus: Lotte Jansen", http.StatusNotFound)
	_, casePage := e.get(e.sanne, e.base)
	if !strings.Contains(casePage, "Sanne Bakker haalde Lotte Jansen uit de casus") || !strings.Contains(casePage, "Sanne Bakker zette Lotte Jansen terug in de casus") {
		t.Errorf("the feed does not show the removal and its undo")
	}
	e.caseAuditHas(rotonde.AuditUpdate, "leden", "ongedaan gemaakt")
}

// Withdrawing consent: the family member who withdrew it can put it back,
// nobody else; a professional is told plainly that they cannot.
func TestUndoWithdrawingConsentIsTheFamilysChoice(t *testing.T) {
	e := newOwnedCase(t)
	parent := e.login("ouder@demo.test")
	var consent int64
	grounds, _ := e.db.Trust.Grounds(t.Context(), e.owner, e.id)
	for _, g := range grounds {
		if g.Kind == rotonde.GroundConsent && g.Active() {
			consent = g.ID
		}
	}
	active := func() bool {
		gs, _ := e.db.Trust.Grounds(t.Context(), e.owner, e.id)
		for _, g := range gs {
			if g.ID == consent {
				return g.Active()
			}
		}
		return false
	}
	path := fmt.Sprintf("%s/grondslagen/%d/intrekken", e.base, consent)
	if page := body(t, e.post(e.sanne, path, nil)); !strings.Contains(page, "Dit kun je niet ongedaan maken: alleen het gezin kan opnieuw toestemming geven.") {
		t.Errorf("the professional's confirmation does not say it is final")
	}
	if page := body(t, e.post(parent, path, nil)); !strings.Contains(page, "Alleen jij kunt dit 30 dagen lang ongedaan maken") {
		t.Errorf("the family member's confirmation does not offer undo")
	}
	undo := e.doneThenUndo(parent, path, nil, "Ingetrokken:")
	if active() {
		t.Fatal("consent still in force")
	}
	if res := e.post(e.sanne, undo, nil); res.StatusCode != http.StatusForbidden || active() {
		t.Errorf("the case owner puts the family's consent back: %d", res.StatusCode)
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusSeeOther || !active() {
		t.Fatalf("the family member puts it back: %d, active %v", res.StatusCode, active())
	}
	if _, casePage := e.get(e.sanne, e.base); !strings.Contains(casePage, "Moeder van Noor zette de toestemming of grondslag") {
		t.Errorf("the feed does not show the undo")
	}
	e.caseAuditHas(rotonde.AuditUpdate, "toestemming", "ongedaan gemaakt")
}

// Closing a meeting and revoking an invitation say what happened and can
// be undone: the meeting runs again, the invitation works again.
func TestUndoClosingAMeetingAndRevokingAnInvitation(t *testing.T) {
	e := newOwnedCase(t)
	ctx := t.Context()
	fac := e.user("facilitator@demo.test")
	femke, parent := e.login("facilitator@demo.test"), e.login("ouder@demo.test")
	meetings, _ := e.db.Meetings.Meetings(ctx, fac, e.id)
	var live *meeting.Meeting
	for i := range meetings {
		if meetings[i].Status != meeting.Closed {
			live = &meetings[i]
		}
	}
	if live == nil {
		t.Fatal("the demo has no open meeting")
	}
	path := fmt.Sprintf("/bijeenkomsten/%d/afsluiten", live.ID)
	if page := body(t, e.post(femke, path, nil)); !strings.Contains(page, "Een begeleider kan de bijeenkomst 30 dagen lang heropenen.") {
		t.Errorf("the confirmation does not say the meeting can be reopened")
	}
	undo := e.doneThenUndo(femke, path, url.Values{"feedback": {"klaar"}}, "Bijeenkomst afgesloten: "+live.Title)
	status := e.meetingStatus(fac, live.ID)
	if status() != meeting.Closed {
		t.Fatal("not closed")
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusForbidden || status() != meeting.Closed {
		t.Errorf("a family member reopens the meeting: %d", res.StatusCode)
	}
	if res := e.post(femke, undo, nil); res.StatusCode != http.StatusSeeOther || status() != live.Status {
		t.Fatalf("reopen: %d, status %s", res.StatusCode, status())
	}
	if _, casePage := e.get(e.sanne, e.base); !strings.Contains(casePage, "heropende de bijeenkomst ‘"+live.Title+"’") {
		t.Errorf("the feed does not show the reopening")
	}

	inv := &rotonde.Invitation{CaseID: e.id, Name: "Oom Kees", Email: "kees@familie.test", Role: rotonde.MemberFamily}
	if err := e.db.Invitations.CreateInvitation(ctx, e.owner, inv, 7, []byte("web-undo-invitation")); err != nil {
		t.Fatal(err)
	}
	path = fmt.Sprintf("%s/uitnodigingen/%d/intrekken", e.base, inv.ID)
	undo = e.doneThenUndo(e.sanne, path, nil, "Uitnodiging ingetrokken: Oom Kees")
	if res := e.post(e.sanne, undo, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo revocation: %d", res.StatusCode)
	}
	if open, _ := e.db.Invitations.OpenInvitations(ctx, e.owner, e.id); len(open) == 0 || open[len(open)-1].Email != "kees@familie.test" {
		t.Errorf("the invitation is not open again: %+v", open)
	}
}

// meetingStatus reads meeting mid's status as fac sees it.
func (e *env) meetingStatus(fac *rotonde.User, mid int64) func() meeting.Status {
	return func() meeting.Status {
		a, _ := e.db.Meetings.MeetingAccess(context.Background(), meeting.Viewer{User: fac}, mid)
		return a.Meeting.Status
	}
}

// Deleting a barrier asks first, goes to the trash and is undone; an
// import that replaces the geno-sociogram offers to put the old one back.
func TestUndoDeletingABarrierAndAnImport(t *testing.T) {
	e := newOwnedCase(t)
	ctx := t.Context()
	b := &rotonde.Barrier{CaseID: e.id, Kind: rotonde.BarrierFinancing, Explanation: "Het budget is op."}
	if err := e.db.Network.AddBarrier(ctx, e.owner, b); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("%s/randvoorwaarden/%d/verwijderen", e.base, b.ID)
	if page := body(t, e.post(e.sanne, path, nil)); !strings.Contains(page, "De randvoorwaarde ‘Het budget is op.’ verdwijnt uit de casus.") {
		t.Fatalf("no confirmation:\n%s", page)
	}
	shown := func() bool {
		_, page := e.get(e.sanne, e.base+"/randvoorwaarden")
		return strings.Contains(page, "Het budget is op.")
	}
	if !shown() {
		t.Fatal("the first click deleted the barrier")
	}
	undo := e.doneThenUndo(e.sanne, path, nil, "Verplaatst naar de prullenbak: Het budget is op.")
	if shown() {
		t.Fatal("the barrier is still shown")
	}
	if res := e.post(e.sanne, undo, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	if !shown() {
		t.Fatal("the barrier is not back")
	}

	before, _, _ := e.db.Genogram.Genogram(ctx, e.owner, e.id)
	ged := "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME Ingelezen /Kind/\n1 SEX F\n1 BIRT\n2 DATE 2011\n0 TRLR\n"
	res, _ := e.postText(e.sanne, e.base+"/genogram/import/bevestigen", map[string]string{"gedcom": ged})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", res.StatusCode)
	}
	_, page := e.get(e.sanne, res.Header.Get("Location"))
	m := undoButton.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Verplaatst naar de prullenbak:") {
		t.Fatalf("no undo after the import:\n%s", page)
	}
	if res := e.post(e.sanne, m[1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo import: %d", res.StatusCode)
	}
	after, _, _ := e.db.Genogram.Genogram(ctx, e.owner, e.id)
	if len(after.Persons) != len(before.Persons) || len(after.Ties) != len(before.Ties) || len(after.Partnerships) != len(before.Partnerships) {
		t.Errorf("after undoing the import: %d persons, %d ties; want %d, %d", len(after.Persons), len(after.Ties), len(before.Persons), len(before.Ties))
	}
}

// Withdrawing a published story: the confirmation says who may undo it for
// how long, the result page offers "Ongedaan maken", undo puts the story
// back on the network; the feed and the access log show both, and
// someone outside the case cannot undo.
func TestUndoWithdrawingAStory(t *testing.T) {
	e := newOwnedCase(t)
	reader := e.login("beleid@demo.test")
	base := e.base + "/verhalen"
	sid := e.publishedStory(e.sanne, base)
	withdraw := base + "/" + sid + "/intrekken"
	if page := body(t, e.post(e.sanne, withdraw, nil)); !strings.Contains(page, "Wie verhalen van deze casus mag schrijven, kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say who may undo it")
	}
	undo := e.doneThenUndo(e.sanne, withdraw, nil, "Uit het netwerk gehaald: Een plek om te blijven")
	published := func() any {
		res, _ := e.get(reader, "/verhalen/"+sid)
		return res.StatusCode
	}
	if got := published(); got != http.StatusNotFound {
		t.Fatalf("withdrawn, still on the network: %d", got)
	}
	if res := e.post(reader, undo, nil); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("someone outside the case undoes: %d", res.StatusCode)
	}
	e.undoAs(e.sanne, undo, published, http.StatusOK, "Weer gepubliceerd in het netwerk: Een plek om te blijven", http.StatusConflict)
	_, casePage := e.get(e.sanne, e.base)
	if !strings.Contains(casePage, "haalde het verhaal ‘Een plek om te blijven’ uit het netwerk") ||
		!strings.Contains(casePage, "publiceerde het verhaal ‘Een plek om te blijven’ weer in het netwerk") {
		t.Errorf("the feed does not show the withdrawal and its undo")
	}
	e.caseAuditHas(rotonde.AuditUpdate, "verhalen", "intrekken")
	e.caseAuditHas(rotonde.AuditUpdate, "verhalen", "ongedaan gemaakt")
}

// A meeting without a case: the confirmation says its facilitator can
// reopen it for 30 days, the notice after closing offers to, and only they
// can; the access log holds the closing and the reopening.
func TestUndoClosingAMeetingWithoutCase(t *testing.T) {
	e := newEnv(t)
	fac := e.user("facilitator@demo.test")
	m := &meeting.Meeting{Title: "Themabijeenkomst", Theme: "Wachtlijsten in de regio"}
	if err := e.db.Meetings.CreateMeeting(t.Context(), fac, m); err != nil {
		t.Fatal(err)
	}
	femke, sanne := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test")
	path := fmt.Sprintf("/bijeenkomsten/%d/afsluiten", m.ID)
	page := body(t, e.post(femke, path, nil))
	if !strings.Contains(page, "Een begeleider kan de bijeenkomst 30 dagen lang heropenen.") || strings.Contains(page, "Dit kun je niet ongedaan maken.") {
		t.Errorf("the confirmation does not say the meeting can be reopened:\n%s", page)
	}
	if !strings.Contains(page, "het verslag wordt vastgelegd zoals het nu is") || strings.Contains(page, "het verslag wordt definitief") {
		t.Errorf("the confirmation does not say what closing does")
	}
	undo := e.doneThenUndo(femke, path, url.Values{"feedback": {"klaar"}}, "Bijeenkomst afgesloten: Themabijeenkomst")
	status := e.meetingStatus(fac, m.ID)
	if status() != meeting.Closed {
		t.Fatal("not closed")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode == http.StatusSeeOther || status() != meeting.Closed {
		t.Errorf("someone else reopens the meeting: %d", res.StatusCode)
	}
	e.undoAs(femke, undo, func() any { return status() }, meeting.Draft, "Bijeenkomst heropend: Themabijeenkomst", 0)
	for _, q := range []struct{ part, detail string }{{"bijeenkomst-afsluiten", ""}, {"bijeenkomst", "heropenen"}} {
		if n, err := e.caselessAudit(q.part, fmt.Sprintf("bijeenkomst %d%%%s", m.ID, q.detail)); err != nil || n != 1 {
			t.Errorf("access log %s %s: %d %v", q.part, q.detail, n, err)
		}
	}
}

// Taking a member out of a group: the confirmation says a facilitator can
// undo it for 30 days, the notice offers to, only a facilitator can, and
// the member is back with their role; the access log holds both.
func TestUndoRemovingAGroupMember(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	fac, lotte := e.user("facilitator@demo.test"), e.user("ggz@demo.test")
	g := &tension.Group{Name: "Intervisie Oost"}
	if err := e.db.Tension.CreateGroup(ctx, fac, g); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Tension.AddGroupMember(ctx, fac, g.ID, lotte.Email, tension.GroupRoleFacilitator); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Tension.AddGroupMember(ctx, fac, g.ID, "hulpverlener@demo.test", tension.GroupRoleMember); err != nil {
		t.Fatal(err)
	}
	roleOf := func() any {
		ms, _ := e.db.Tension.GroupMembers(ctx, fac, g.ID)
		for _, m := range ms {
			if m.UserID == lotte.ID {
				return m.Role
			}
		}
		return tension.GroupRole("")
	}
	femke, sanne := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test")
	path := fmt.Sprintf("/groepen/%d/leden/%d/verwijderen", g.ID, lotte.ID)
	if page := body(t, e.post(femke, path, nil)); !strings.Contains(page, "Een begeleider van de groep kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say who may undo it")
	}
	undo := e.doneThenUndo(femke, path, nil, "Uit de groep gehaald: "+lotte.Name)
	if roleOf() != tension.GroupRole("") {
		t.Fatal("still a member")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode == http.StatusSeeOther || roleOf() != tension.GroupRole("") {
		t.Errorf("a plain member undoes: %d", res.StatusCode)
	}
	e.undoAs(femke, undo, roleOf, tension.GroupRoleFacilitator, "Weer lid van de groep: "+lotte.Name, http.StatusConflict)
	for _, detail := range []string{"uit de groep gehaald", "ongedaan gemaakt"} {
		if n, err := e.caselessAudit("groep", fmt.Sprintf("groep %d;%%%s%%", g.ID, detail)); err != nil || n != 1 {
			t.Errorf("access log %q: %d %v", detail, n, err)
		}
	}
}
