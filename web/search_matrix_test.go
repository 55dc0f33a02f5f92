package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/search"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// searchRoutes holds the rules of search, an organisation's synonyms and the
// API that writes timeline events and insights (web/routes_search.go).
func searchRoutes() map[string]route {
	return map[string]route{
		"GET /zoeken":        {allow: loggedIn},
		"GET /api/v1/search": {allow: loggedIn},
		"GET /beheer/organisaties/{id}/synoniemen": {allow: userAdminOfA},
		"POST /beheer/organisaties/{id}/synoniemen": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"terms": {"OTS, ondertoezichtstelling"}}
		}},
		"POST /beheer/organisaties/{id}/synoniemen/verwijderen": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"group": {"1"}}
		}},
		"POST /api/v1/cases/{id}/events": {allow: dreamWrite,
			json: `{"date":"2020-03","kind":"beleving","lane":"gezin","source":"gezinslid","description":"Niemand luisterde"}`},
		"POST /api/v1/cases/{id}/insights": {allow: dreamWrite, json: `{"body":"wij wachten op elkaar","level":"network"}`},
	}
}

// The search column of the authorization matrix: every actor of the matrix
// (each network role as a member, as a non-member of the owner's
// organisation and of another one, the owner, the system administrator,
// meeting guests and an anonymous visitor) searches for each kind of
// content of the matrix case. A member gets the hit, nobody else gets a hit,
// a count or a snippet of it; the method library is everyone's who is
// signed in. Every search by someone signed in leaves one access-log record
// with action S naming exactly the cases whose content it returned.
func TestSearchColumnOfTheMatrix(t *testing.T) {
	m := newMatrixRun(t)
	h, db := m.copy(t, "search.db")
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	w := m.w
	var owner *rotonde.User
	for _, a := range m.actors {
		if a.relation == "owner" {
			owner = a.user
		}
	}
	words := seedSearchWords(t, db, owner, w)

	lastSearch := func(userID int64) (seq int64, detail string) {
		_ = db.Reader().QueryRowContext(ctx, `SELECT seq, detail FROM audit_log WHERE action = 'S' AND user_id = ? ORDER BY seq DESC LIMIT 1`, userID).Scan(&seq, &detail)
		return seq, detail
	}
	cells := 0
	for _, a := range m.actors {
		for _, kind := range searchMatrixKinds {
			var before int64
			if a.user != nil {
				before, _ = lastSearch(a.user.ID)
			}
			path := "/api/v1/search?" + url.Values{"q": {words[kind]}, "kind": {string(kind)}}.Encode()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, matrixRequest(w, route{}, a, http.MethodGet, path))
			cells++
			if a.user == nil {
				if rec.Code != http.StatusUnauthorized {
					t.Errorf("%s searches %s: status %d", a.name, kind, rec.Code)
				}
				continue
			}
			var out struct {
				Hits []struct {
					Kind    string `json:"kind"`
					CaseID  int64  `json:"case_id"`
					Snippet string `json:"snippet"`
				} `json:"hits"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK {
				t.Fatalf("%s searches %s: %d %s", a.name, kind, rec.Code, rec.Body)
			}
			want := caseMember(a)
			if kind == search.KindMethod {
				want = true
			}
			found, ofCase := false, false
			for _, hit := range out.Hits {
				if hit.Kind != string(kind) {
					t.Errorf("%s asked for %s, got %s", a.name, kind, hit.Kind)
				}
				found = true
				if hit.CaseID != 0 {
					ofCase = true
					if hit.CaseID != w.caseID || !caseMember(a) {
						t.Errorf("LEAK: %s finds %s of case %d", a.name, kind, hit.CaseID)
					}
				}
			}
			if found != want {
				t.Errorf("%s searches %s (%q): found %v, want %v (%s)", a.name, kind, words[kind], found, want, rec.Body)
			}
			seq, detail := lastSearch(a.user.ID)
			if seq <= before {
				t.Errorf("%s searches %s: no access-log record with action S", a.name, kind)
				continue
			}
			wantDetail := "geen casussen"
			if ofCase {
				wantDetail = fmt.Sprintf("casussen %d;", w.caseID)
			}
			if !strings.HasPrefix(detail, wantDetail) {
				t.Errorf("%s searches %s: record says %q, want it to start with %q", a.name, kind, detail, wantDetail)
			}
		}
	}
	t.Logf("search column: %d actors × %d kinds = %d cells", len(m.actors), len(searchMatrixKinds), cells)
}

// searchMatrixKinds are the kinds of content the search column asks for.
// KindRecord: an unshared dilemma of the case and one of the case's
// intervision group (whose members are the case's), the same word in both.
var searchMatrixKinds = []search.Kind{search.KindCase, search.KindDream, search.KindEvent, search.KindInsight, search.KindRecord,
	search.KindCapture, search.KindReport, search.KindMethod}

// seedSearchWords writes one word per kind of content into the matrix case
// (the method library's word is one of a work card's title) and returns them.
func seedSearchWords(t *testing.T, db *sqldb.DB, owner *rotonde.User, w matrixWorld) map[search.Kind]string {
	t.Helper()
	ctx := context.Background()
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	// The method's word is the longest of a work card's title: a content
	// word, never one the analyzer passes over ("de", "het").
	longest := ""
	for _, f := range strings.Fields(lib.Cards[0].Title.NL) {
		if len(f) > len(longest) {
			longest = f
		}
	}
	words := map[search.Kind]string{search.KindCase: "matrix", search.KindMethod: longest}
	words[search.KindDream] = "droomwoord"
	if err := db.Dreams.SaveDreamAnswers(ctx, owner, w.caseID, []rotonde.DreamAnswer{{QuestionKey: lib.Dream.Child[0].Key, Answer: "Een droomwoord van Matrix"}}); err != nil {
		t.Fatal(err)
	}
	words[search.KindEvent] = "tijdlijnwoord"
	if _, err := db.Timeline.AddTimelineEvent(ctx, owner, w.caseID, &timeline.Event{Date: timeline.YearOf(2021), Kind: timeline.KindContact, Source: timeline.SourceDossier, Description: "Een tijdlijnwoord"}); err != nil {
		t.Fatal(err)
	}
	words[search.KindInsight] = "inzichtwoord"
	if err := db.Progress.AddInsight(ctx, owner, &rotonde.Insight{CaseID: w.caseID, Body: "Een inzichtwoord"}); err != nil {
		t.Fatal(err)
	}
	words[search.KindCapture] = "inbrengwoord"
	if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: owner}, &meeting.Capture{MeetingID: w.meeting.id, StepPosition: 0, Kind: meeting.Observation, Body: "Een inbrengwoord"}); err != nil {
		t.Fatal(err)
	}
	words[search.KindReport] = "verslagwoord"
	closed := &meeting.Meeting{CaseID: w.caseID, Title: "Verslagwoord bijeenkomst"}
	if err := db.Meetings.CreateMeeting(ctx, owner, closed); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.CloseMeeting(ctx, owner, closed.ID, ""); err != nil {
		t.Fatal(err)
	}
	words[search.KindRecord] = "dilemmawoord"
	for _, r := range []*knowledge.Record{
		{Kind: knowledge.KindDilemma, CaseID: w.caseID, Body: "Een dilemmawoord in de casus"},
		{Kind: knowledge.KindInsight, GroupID: w.groupID, Body: "Een dilemmawoord in de intervisiegroep"},
	} {
		if err := db.Knowledge.AddRecord(ctx, owner, r); err != nil {
			t.Fatal(err)
		}
	}

	return words
}

// The write API: 201 with the new record's id only, findable at once; the
// pages' validation and errors in the caller's language; writers only.
func TestAPIWritesEventsAndInsights(t *testing.T) {
	e := newEnv(t)
	caseID := e.demoCaseID()
	fac := e.login("facilitator@demo.test")
	cs := "/api/v1/cases/" + itoa(caseID)
	res, body := e.postJSON(fac, cs+"/events", "application/json", `{"date":"3-2021","kind":"beslismoment","description":"Zwembadbesluit genomen","persons":["Noor (15)"],"opinions":"moeder twijfelt"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("event: %d %s", res.StatusCode, body)
	}
	var created map[string]any
	if err := json.Unmarshal([]byte(body), &created); err != nil || len(created) != 1 || created["id"] == nil {
		t.Errorf("event answer: %s", body)
	}
	res, body = e.get(fac, "/api/v1/search?q=zwembadbesluit")
	var found struct {
		Hits []map[string]any `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &found); err != nil || res.StatusCode != 200 || len(found.Hits) != 1 {
		t.Fatalf("search after the write: %d %s", res.StatusCode, body)
	}
	want := map[string]any{"kind": "event", "id": created["id"], "case_id": float64(caseID), "title": "Zwembadbesluit genomen",
		"snippet": "<mark>Zwembadbesluit</mark> genomen Noor (15) moeder twijfelt", "url": fmt.Sprintf("/casussen/%d/tijdlijn#ev-%v", caseID, created["id"])}
	if fmt.Sprint(found.Hits[0]) != fmt.Sprint(want) {
		t.Errorf("hit:\n got %v\nwant %v", found.Hits[0], want)
	}
	res, body = e.postJSON(fac, cs+"/insights", "application/json", `{"body":"Wij beslissen over Noor zonder Noor","level":"network"}`)
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"id"`) {
		t.Fatalf("insight: %d %s", res.StatusCode, body)
	}
	if res, body := e.get(fac, "/api/v1/search?q=beslissen+noor&kind=insight"); res.StatusCode != 200 || !strings.Contains(body, `"kind": "insight"`) {
		t.Errorf("search for the insight: %s", body)
	}
	// The pages' validation, in Dutch.
	for _, c := range []struct{ path, body, want string }{
		{"/insights", `{"body":"   "}`, "inzicht"},
		{"/insights", `{"body":"x","level":"overal"}`, "niveau"},
		{"/insights", `{}`, "body"},
		{"/events", `{"date":"gisteren","description":"x"}`, "datum"},
		{"/events", `{"date":"2020"}`, "description"},
		{"/events", `{"date":"2020","description":"x","kind":"onzin"}`, ""},
	} {
		res, body := e.postJSON(fac, cs+c.path, "application/json", c.body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(body), c.want) {
			t.Errorf("POST %s %s: %d %s", c.path, c.body, res.StatusCode, body)
		}
	}
	// Someone who may not write in the case gets nothing written.
	outsider := e.login("beleid@demo.test")
	if res, body := e.postJSON(outsider, cs+"/insights", "application/json", `{"body":"van buiten"}`); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider writes an insight: %d %s", res.StatusCode, body)
	}
	if res, body := e.get(fac, "/api/v1/search?q=buiten&kind=insight"); !strings.Contains(body, `"hits": []`) {
		t.Errorf("refused insight stored: %d %s", res.StatusCode, body)
	}
}
