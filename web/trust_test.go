package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

func TestEveryCaseReadIsLoggedAndVisibleToMembers(t *testing.T) {
	e, id, path := newDemoCase(t)
	ctx := context.Background()
	fac := e.login("facilitator@demo.test")
	if res, _ := e.get(fac, path); res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	pol := e.login("beleid@demo.test")
	if res, _ := e.get(pol, path); res.StatusCode != 404 {
		t.Fatal(res.StatusCode)
	}
	// The member's read and the outsider's refused attempt are both in the log.
	owner := e.user("hulpverlener@demo.test")
	entries, err := e.db.Audit.CaseAudit(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	var sawRead, sawDenied bool
	for _, en := range entries {
		if en.Action == rotonde.AuditRead && en.UserName == "Femke de Vries" && en.Outcome == rotonde.AuditAllowed &&
			strings.HasPrefix(en.Role, "facilitator/facilitator") && en.Basis == "lidmaatschap/gedeeld/consent" && en.Address == "127.0.0.1" {
			sawRead = true
		}
		if en.UserName == "Aylin Demir" && en.Outcome == rotonde.AuditDenied {
			sawDenied = true
		}
	}
	if !sawRead || !sawDenied {
		t.Fatalf("log lacks the read (%v) or the refused attempt (%v): %+v", sawRead, sawDenied, entries)
	}
	// Members read the log as a page and through the API; reading it is logged too.
	res, page := e.get(fac, path+"/toegangslog")
	if res.StatusCode != 200 || !strings.Contains(page, "Aylin Demir") || !strings.Contains(page, "geweigerd") {
		t.Errorf("audit page: %d", res.StatusCode)
	}
	res, body := e.get(fac, "/api/v1/cases/"+itoa(id)+"/audit")
	var out struct {
		Entries []struct {
			Action, Part, Outcome, UserName string `json:"-"`
		} `json:"entries"`
	}
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil || len(out.Entries) < 3 || !strings.Contains(body, `"part": "toegangslog"`) {
		t.Errorf("audit API: %d %s", res.StatusCode, body)
	}
	// Non-members get nothing, through page or API.
	if res, page := e.get(pol, path+"/toegangslog"); res.StatusCode != 404 || strings.Contains(page, "Femke") {
		t.Errorf("outsider audit page: %d", res.StatusCode)
	}
	if res, _ := e.get(pol, "/api/v1/cases/"+itoa(id)+"/audit"); res.StatusCode != 404 {
		t.Errorf("outsider audit API: %d", res.StatusCode)
	}
	if v, err := e.db.Audit.VerifyAudit(ctx); err != nil || v.BrokenSeq != 0 {
		t.Errorf("chain after requests: %+v %v", v, err)
	}
}

func TestWithdrawnConsentClosesTheCaseAtOnce(t *testing.T) {
	e, id, path := newDemoCase(t)
	ctx := context.Background()
	ggz := e.login("ggz@demo.test")
	if res, _ := e.get(ggz, path); res.StatusCode != 200 {
		t.Fatalf("GGZ member before: %d", res.StatusCode)
	}
	parent := e.login("ouder@demo.test")
	owner := e.user("hulpverlener@demo.test")
	grounds, err := e.db.Trust.Grounds(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range grounds {
		// The parent withdraws consent; the owner ends the legal basis.
		who := parent
		if g.Kind == rotonde.GroundLegal {
			who = e.login("hulpverlener@demo.test")
		}
		if res := e.post(who, path+"/grondslagen/"+itoa(g.ID)+"/intrekken", confirm(nil)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw %s: %d", g.Kind, res.StatusCode)
		}
	}
	if res, _ := e.get(ggz, path); res.StatusCode != 404 {
		t.Errorf("GGZ member after withdrawal: %d", res.StatusCode)
	}
	if res, _ := e.get(parent, path); res.StatusCode != 200 {
		t.Errorf("parent after withdrawal: %d", res.StatusCode)
	}
	// Bad consent input: a clear message and nothing stored.
	own := e.login("hulpverlener@demo.test")
	res := e.post(own, path+"/grondslagen", url.Values{"kind": {"consent"}, "age": {"14"}, "given_by": {"moeder"}, "parents_agree": {"on"}})
	if res.StatusCode != 422 || !strings.Contains(body(t, res), "de jongere én de ouders") {
		t.Errorf("bad consent: %d", res.StatusCode)
	}
	if after, _ := e.db.Trust.Grounds(ctx, owner, id); len(after) != len(grounds) {
		t.Errorf("refused consent stored")
	}
}

func TestBreakGlassIsShownToMembers(t *testing.T) {
	e, id, _ := newDemoCase(t)
	root := e.login("beheer@demo.test")
	if res, _ := e.get(root, "/casussen/"+itoa(id)); res.StatusCode != 404 {
		t.Fatalf("sysadmin before break-glass: %d", res.StatusCode)
	}
	res := e.breakGlass(root, id, "te kort")
	if res.StatusCode != 422 {
		t.Errorf("short reason: %d", res.StatusCode)
	}
	res = e.breakGlass(root, id, "Melding van een mogelijk datalek in deze casus onderzoeken.")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("break-glass: %d", res.StatusCode)
	}
	res, page := e.get(root, "/casussen/"+itoa(id))
	if res.StatusCode != 200 || !strings.Contains(page, "noodtoegang") {
		t.Fatalf("sysadmin with break-glass: %d", res.StatusCode)
	}
	if res := e.post(root, "/casussen/"+itoa(id)+"/leden", url.Values{"email": {"beheer@demo.test"}, "role": {"observer"}}); res.StatusCode != 403 {
		t.Errorf("write under break-glass: %d", res.StatusCode)
	}
	_, page = e.get(e.login("ouder@demo.test"), "/casussen/"+itoa(id))
	if !strings.Contains(page, "Melding van een mogelijk datalek") || !strings.Contains(page, "Beheer Rotonde") {
		t.Error("members do not see the break-glass access")
	}
	_, page = e.get(e.login("ouder@demo.test"), "/casussen/"+itoa(id)+"/toegangslog")
	if !strings.Contains(page, "audit-emergency") {
		t.Error("emergency reads not flagged in the log")
	}
	// Nobody else can break the glass.
	if res := e.breakGlass(e.login("bestuurder@demo.test"), id, "Melding van een mogelijk datalek onderzoeken."); res.StatusCode != 403 {
		t.Errorf("administrator breaks glass: %d", res.StatusCode)
	}
}
