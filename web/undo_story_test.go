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
)

// Withdrawing a published story: the confirmation says who may undo it for
// how long, the result page offers "Ongedaan maken", undo puts the story
// back on the network; the feed and the access log show both, and
// someone outside the case cannot undo.
func TestUndoWithdrawingAStory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.demoCaseID()
	base := fmt.Sprintf("/casussen/%d/verhalen", id)
	owner := e.user("hulpverlener@demo.test")
	sanne, reader := e.login("hulpverlener@demo.test"), e.login("beleid@demo.test")
	res := e.post(sanne, base, url.Values{"title": {"Een plek om te blijven"}, "body": {"Een meisje vond na lang zoeken een plek om te blijven."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	sid := regexp.MustCompile(`#verhaal-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
	if res := e.post(sanne, base+"/"+sid+"/publiceren", url.Values{"consent": {"yes"}, "given_by": {"moeder"}, "names_checked": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	withdraw := base + "/" + sid + "/intrekken"
	if page := body(t, e.post(sanne, withdraw, nil)); !strings.Contains(page, "Wie verhalen van deze casus mag schrijven, kan dit 30 dagen lang ongedaan maken") {
		t.Errorf("the confirmation does not say who may undo it")
	}
	undo := e.doneThenUndo(sanne, withdraw, nil, "Uit het netwerk gehaald: Een plek om te blijven")
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != http.StatusNotFound {
		t.Fatalf("withdrawn, still on the network: %d", res.StatusCode)
	}
	if res := e.post(reader, undo, nil); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("someone outside the case undoes: %d", res.StatusCode)
	}
	res = e.post(sanne, undo, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	if _, page := e.get(sanne, res.Header.Get("Location")); !strings.Contains(page, "Weer gepubliceerd in het netwerk: Een plek om te blijven") {
		t.Errorf("no notice after undo")
	}
	if res, _ := e.get(reader, "/verhalen/"+sid); res.StatusCode != http.StatusOK {
		t.Fatalf("undone, not on the network: %d", res.StatusCode)
	}
	if res := e.post(sanne, undo, nil); res.StatusCode != http.StatusConflict {
		t.Errorf("undone twice: %d", res.StatusCode)
	}
	_, casePage := e.get(sanne, fmt.Sprintf("/casussen/%d", id))
	if !strings.Contains(casePage, "haalde het verhaal ‘Een plek om te blijven’ uit het netwerk") ||
		!strings.Contains(casePage, "publiceerde het verhaal ‘Een plek om te blijven’ weer in het netwerk") {
		t.Errorf("the feed does not show the withdrawal and its undo")
	}
	log, err := e.db.Audit.CaseAudit(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	if !auditHas(log, rotonde.AuditUpdate, "verhalen", "intrekken") || !auditHas(log, rotonde.AuditUpdate, "verhalen", "ongedaan gemaakt") {
		t.Errorf("the access log lacks the withdrawal or its undo")
	}
}
