package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// A parent asks for grandma to be erased from the demo case; the owner sees
// the deadline on the start page, a parent may not decide, the owner carries
// it out; the receipt lists what went and the genogram no longer has her.
func TestErasureThroughThePages(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	owner := e.user("hulpverlener@demo.test")
	g, _, err := e.db.Genogram.Genogram(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	var oma string
	var omaAlias string
	for _, p := range g.Persons {
		if strings.HasPrefix(p.Alias, "oma") {
			oma, omaAlias = p.ID, p.Alias
			break
		}
	}
	if oma == "" {
		t.Fatal("the demo genogram has no grandmother")
	}
	parent := e.login("ouder@demo.test")
	if res, page := e.get(parent, "/casussen/"+itoa(id)+"/privacy"); res.StatusCode != http.StatusOK || !strings.Contains(page, "Iemand laten wissen") {
		t.Fatalf("privacy page: %d", res.StatusCode)
	}
	res := e.post(parent, "/casussen/"+itoa(id)+"/wissen", url.Values{"person": {oma}, "name": {omaAlias}, "reason": {"Zij wil er niet in."}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/privacy/verzoeken/") {
		t.Fatalf("request: %d %s", res.StatusCode, body(t, res))
	}
	receipt := res.Header.Get("Location")
	// An empty request is refused with the form shown again.
	if res := e.post(parent, "/casussen/"+itoa(id)+"/wissen", url.Values{"name": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty request: %d", res.StatusCode)
	}
	if res := e.post(parent, receipt+"/besluit", url.Values{"decision": {"approve"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("the requester decides: %d", res.StatusCode)
	}
	outsider := e.login("beleid@demo.test")
	if res, _ := e.get(outsider, receipt); res.StatusCode != http.StatusNotFound {
		t.Fatalf("an outsider reads the request: %d", res.StatusCode)
	}
	oc := e.login("hulpverlener@demo.test")
	if _, home := e.get(oc, "/"); !strings.Contains(home, "wacht(en) op jouw besluit") {
		t.Fatal("the start page does not warn the reviewer")
	}
	if res := e.post(oc, receipt+"/besluit", url.Values{"decision": {"approve"}, "note": {"akkoord"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.StatusCode, body(t, res))
	}
	res2, page := e.get(parent, receipt)
	if res2.StatusCode != http.StatusOK || !strings.Contains(page, "Bewijs van uitvoering") || !strings.Contains(page, "genogram_persons") || strings.Contains(page, "Zij wil er niet in") {
		t.Fatalf("receipt: %d %s", res2.StatusCode, page)
	}
	g, _, _ = e.db.Genogram.Genogram(ctx, owner, id)
	for _, p := range g.Persons {
		if p.ID == oma {
			t.Fatal("grandma is still in the genogram")
		}
	}
	if _, home := e.get(oc, "/"); strings.Contains(home, "wacht(en) op jouw besluit") {
		t.Fatal("the start page still warns after the decision")
	}
}

// The owner closes the case and sees when it will be purged; the system
// administrator sets an organisation's retention period.
func TestCaseClosureAndRetentionSetting(t *testing.T) {
	e, id, _ := newDemoCase(t)
	parent := e.login("ouder@demo.test")
	if res := e.post(parent, "/casussen/"+itoa(id)+"/status", confirm(url.Values{"status": {"closed"}})); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a parent closes the case: %d", res.StatusCode)
	}
	oc := e.login("hulpverlener@demo.test")
	if res := e.post(oc, "/casussen/"+itoa(id)+"/status", confirm(url.Values{"status": {"closed"}})); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	_, page := e.get(oc, "/casussen/"+itoa(id)+"/privacy")
	if !strings.Contains(page, "De inhoud wordt verwijderd na") || !strings.Contains(page, "Casus heropenen") {
		t.Fatalf("closed case page: %s", page)
	}
	owner := e.user("hulpverlener@demo.test")
	admin := e.login("beheer@demo.test")
	path := "/beheer/organisaties/" + itoa(owner.OrgID) + "/privacy"
	if res := e.post(admin, path, url.Values{"years": {"50"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("50 years: %d", res.StatusCode)
	}
	if res := e.post(admin, path, url.Values{"years": {"5"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if _, page := e.get(admin, path); !regexp.MustCompile(`name="years"[^>]*value="5"`).MatchString(page) {
		t.Fatalf("setting not shown: %s", page)
	}
	if _, page := e.get(oc, "/casussen/"+itoa(id)+"/privacy"); !strings.Contains(page, "(5 jaar)") {
		t.Fatalf("the case does not show the organisation's period: %s", page)
	}
	if res, _ := e.get(parent, path); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a parent opens the setting: %d", res.StatusCode)
	}
}

// The person's own copy: JSON with the account, the case and who looked;
// asking for it is logged as an export on the case and on the account.
func TestPersonalCopyDownload(t *testing.T) {
	e, id, _ := newDemoCase(t)
	parent := e.login("ouder@demo.test")
	e.get(e.login("facilitator@demo.test"), "/casussen/"+itoa(id)+"/tijdlijn")
	res, b := e.get(parent, "/account/mijn-gegevens.json")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	var pc rotonde.PersonalCopy
	if err := json.Unmarshal([]byte(b), &pc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b, "ouder@demo.test") || len(pc.CaseIDs) != 1 || pc.CaseIDs[0] != id {
		t.Fatalf("copy: %s", b)
	}
	looked := false
	for _, a := range pc.Access {
		looked = looked || (a.By == "Femke de Vries" && strings.Contains(a.Part, "tijdlijn"))
	}
	if !looked {
		t.Fatal("the copy does not say the facilitator looked at the timeline")
	}
	if strings.Contains(b, "hulpverlener@demo.test") {
		t.Fatal("the copy holds another account's address")
	}
	if _, page := e.get(parent, "/account/mijn-gegevens"); !strings.Contains(page, "Wie keek er?") || !strings.Contains(page, "ouder@demo.test") {
		t.Fatalf("html copy: %s", page)
	}
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'E' AND part = 'eigen-gegevens' AND case_id = ?`, id).Scan(&n); err != nil || n != 2 {
		t.Fatalf("export records on the case: %d %v", n, err)
	}
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE part = 'beveiliging/inzage'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("security records: %d %v", n, err)
	}
}
