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

// Removing a member says so and offers undo; undo re-adds them with their
// role; the feed and the access log show both; a non-manager cannot undo.
func TestUndoRemovingAMember(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.demoCaseID()
	base := "/casussen/" + itoa(id)
	owner := e.user("hulpverlener@demo.test")
	lotte := e.user("ggz@demo.test")
	sanne, parent := e.login("hulpverlener@demo.test"), e.login("ouder@demo.test")
	role := func() rotonde.MemberRole {
		ms, _ := e.db.Cases.Members(ctx, owner, id)
		for _, m := range ms {
			if m.UserID == lotte.ID {
				return m.Role
			}
		}
		return ""
	}
	was := role()
	path := fmt.Sprintf("%s/leden/%d/verwijderen", base, lotte.ID)
	if res := e.post(sanne, path, nil); !strings.Contains(body(t, res), "Iemand die de casus beheert kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say it can be undone")
	}
	undo := e.doneThenUndo(sanne, path, nil, "Uit de casus gehaald: Lotte Jansen")
	if role() != "" {
		t.Fatal("still a member")
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("a family member undoes: %d", res.StatusCode)
	}
	res := e.post(sanne, undo, nil)
	if res.StatusCode != http.StatusSeeOther || role() != was {
		t.Fatalf("undo: %d, role %q, want %q", res.StatusCode, role(), was)
	}
	if _, page := e.get(sanne, res.Header.Get("Location")); !strings.Contains(page, "Weer lid van de casus: Lotte Jansen") {
		t.Errorf("no notice after undo")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("undone twice: %d", res.StatusCode)
	}
	_, casePage := e.get(sanne, base)
	if !strings.Contains(casePage, "Sanne Bakker haalde Lotte Jansen uit de casus") || !strings.Contains(casePage, "Sanne Bakker zette Lotte Jansen terug in de casus") {
		t.Errorf("the feed does not show the removal and its undo")
	}
	log, err := e.db.Audit.CaseAudit(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	if !auditHas(log, rotonde.AuditUpdate, "leden", "ongedaan gemaakt") {
		t.Errorf("the access log has no undo")
	}
}

// Withdrawing consent: the family member who withdrew it can put it back,
// nobody else; a professional is told plainly that they cannot.
func TestUndoWithdrawingConsentIsTheFamilysChoice(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.demoCaseID()
	base := "/casussen/" + itoa(id)
	owner := e.user("hulpverlener@demo.test")
	sanne, parent := e.login("hulpverlener@demo.test"), e.login("ouder@demo.test")
	var consent int64
	grounds, _ := e.db.Trust.Grounds(ctx, owner, id)
	for _, g := range grounds {
		if g.Kind == rotonde.GroundConsent && g.Active() {
			consent = g.ID
		}
	}
	active := func() bool {
		gs, _ := e.db.Trust.Grounds(ctx, owner, id)
		for _, g := range gs {
			if g.ID == consent {
				return g.Active()
			}
		}
		return false
	}
	path := fmt.Sprintf("%s/grondslagen/%d/intrekken", base, consent)
	if page := body(t, e.post(sanne, path, nil)); !strings.Contains(page, "Dit kun je niet ongedaan maken: alleen het gezin kan opnieuw toestemming geven.") {
		t.Errorf("the professional's confirmation does not say it is final")
	}
	if page := body(t, e.post(parent, path, nil)); !strings.Contains(page, "Alleen jij kunt dit 30 dagen lang ongedaan maken") {
		t.Errorf("the family member's confirmation does not offer undo")
	}
	undo := e.doneThenUndo(parent, path, nil, "Ingetrokken:")
	if active() {
		t.Fatal("consent still in force")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode != http.StatusForbidden || active() {
		t.Errorf("the case owner puts the family's consent back: %d", res.StatusCode)
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusSeeOther || !active() {
		t.Fatalf("the family member puts it back: %d, active %v", res.StatusCode, active())
	}
	if _, casePage := e.get(sanne, base); !strings.Contains(casePage, "Moeder van Noor zette de toestemming of grondslag") {
		t.Errorf("the feed does not show the undo")
	}
	log, _ := e.db.Audit.CaseAudit(ctx, owner, id)
	if !auditHas(log, rotonde.AuditUpdate, "toestemming", "ongedaan gemaakt") {
		t.Errorf("the access log has no undo")
	}
}

// Closing a meeting and revoking an invitation say what happened and can
// be undone: the meeting runs again, the invitation works again.
func TestUndoClosingAMeetingAndRevokingAnInvitation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.demoCaseID()
	base := "/casussen/" + itoa(id)
	fac := e.user("facilitator@demo.test")
	owner := e.user("hulpverlener@demo.test")
	femke, sanne, parent := e.login("facilitator@demo.test"), e.login("hulpverlener@demo.test"), e.login("ouder@demo.test")
	meetings, _ := e.db.Meetings.Meetings(ctx, fac, id)
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
	status := func() meeting.Status {
		a, _ := e.db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: fac}, live.ID)
		return a.Meeting.Status
	}
	if status() != meeting.Closed {
		t.Fatal("not closed")
	}
	if res := e.post(parent, undo, nil); res.StatusCode != http.StatusForbidden || status() != meeting.Closed {
		t.Errorf("a family member reopens the meeting: %d", res.StatusCode)
	}
	if res := e.post(femke, undo, nil); res.StatusCode != http.StatusSeeOther || status() != live.Status {
		t.Fatalf("reopen: %d, status %s", res.StatusCode, status())
	}
	if _, casePage := e.get(sanne, base); !strings.Contains(casePage, "heropende de bijeenkomst ‘"+live.Title+"’") {
		t.Errorf("the feed does not show the reopening")
	}

	inv := &rotonde.Invitation{CaseID: id, Name: "Oom Kees", Email: "kees@familie.test", Role: rotonde.MemberFamily}
	if err := e.db.Invitations.CreateInvitation(ctx, owner, inv, 7, []byte("web-undo-invitation")); err != nil {
		t.Fatal(err)
	}
	path = fmt.Sprintf("%s/uitnodigingen/%d/intrekken", base, inv.ID)
	undo = e.doneThenUndo(sanne, path, nil, "Uitnodiging ingetrokken: Oom Kees")
	if res := e.post(sanne, undo, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo revocation: %d", res.StatusCode)
	}
	if open, _ := e.db.Invitations.OpenInvitations(ctx, owner, id); len(open) == 0 || open[len(open)-1].Email != "kees@familie.test" {
		t.Errorf("the invitation is not open again: %+v", open)
	}
}

// Deleting a barrier asks first, goes to the trash and is undone; an
// import that replaces the geno-sociogram offers to put the old one back.
func TestUndoDeletingABarrierAndAnImport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.demoCaseID()
	base := "/casussen/" + itoa(id)
	owner := e.user("hulpverlener@demo.test")
	sanne := e.login("hulpverlener@demo.test")
	b := &rotonde.Barrier{CaseID: id, Kind: rotonde.BarrierFinancing, Explanation: "Het budget is op."}
	if err := e.db.Network.AddBarrier(ctx, owner, b); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("%s/randvoorwaarden/%d/verwijderen", base, b.ID)
	if page := body(t, e.post(sanne, path, nil)); !strings.Contains(page, "De randvoorwaarde ‘Het budget is op.’ verdwijnt uit de casus.") {
		t.Fatalf("no confirmation:\n%s", page)
	}
	if _, page := e.get(sanne, base+"/randvoorwaarden"); !strings.Contains(page, "Het budget is op.") {
		t.Fatal("the first click deleted the barrier")
	}
	undo := e.doneThenUndo(sanne, path, nil, "Verplaatst naar de prullenbak: Het budget is op.")
	if _, page := e.get(sanne, base+"/randvoorwaarden"); strings.Contains(page, "Het budget is op.") {
		t.Fatal("the barrier is still shown")
	}
	if res := e.post(sanne, undo, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	if _, page := e.get(sanne, base+"/randvoorwaarden"); !strings.Contains(page, "Het budget is op.") {
		t.Fatal("the barrier is not back")
	}

	before, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	ged := "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME Ingelezen /Kind/\n1 SEX F\n1 BIRT\n2 DATE 2011\n0 TRLR\n"
	res, _ := e.postText(sanne, base+"/genogram/import/bevestigen", map[string]string{"gedcom": ged})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", res.StatusCode)
	}
	_, page := e.get(sanne, res.Header.Get("Location"))
	m := undoButton.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Verplaatst naar de prullenbak:") {
		t.Fatalf("no undo after the import:\n%s", page)
	}
	if res := e.post(sanne, m[1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo import: %d", res.StatusCode)
	}
	after, _, _ := e.db.Genogram.Genogram(ctx, owner, id)
	if len(after.Persons) != len(before.Persons) || len(after.Ties) != len(before.Ties) || len(after.Partnerships) != len(before.Partnerships) {
		t.Errorf("after undoing the import: %d persons, %d ties; want %d, %d", len(after.Persons), len(after.Ties), len(before.Persons), len(before.Ties))
	}
}
