package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/web"
)

// openAPIDoc fetches the description the server publishes.
func openAPIDoc(t *testing.T, e *env) map[string]any {
	t.Helper()
	res, b := e.get(e.client(), "/api/v1/openapi.json")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(b), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi version %v", doc["openapi"])
	}
	return doc
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "patch": true, "head": true, "options": true}

// TestOpenAPIDescribesEveryRoute: every /api/v1 route of the router is in
// the description with its method, every described operation is a route,
// and every reference in the description resolves.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t)
	doc := openAPIDoc(t, e)
	probe := probeServer(t, loadMatrixDeps(t))
	routes := map[string]bool{}
	for _, p := range probe.Routes() {
		if method, path, ok := strings.Cut(p, " "); ok && strings.HasPrefix(path, "/api/v1/") {
			routes[method+" "+path] = true
		}
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			if httpMethods[m] {
				documented[strings.ToUpper(m)+" "+path] = true
			}
		}
	}
	for r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in /api/v1/openapi.json", r)
		}
	}
	for d := range documented {
		if !routes[d] {
			t.Errorf("/api/v1/openapi.json describes %s, which is no route", d)
		}
	}
	if len(routes) < 8 {
		t.Errorf("only %d API routes found", len(routes))
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "$ref" {
					if _, err := resolveRef(doc, x.(string)); err != nil {
						t.Errorf("%s: %v", at, err)
					}
					continue
				}
				walk(at+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", at, i), x)
			}
		}
	}
	walk("#", doc)
}

// TestOpenAPIResponsesMatchTheirSchemas asks every described GET with real
// data (and a few refusals) and checks each answer against the schema the
// description gives for its status.
func TestOpenAPIResponsesMatchTheirSchemas(t *testing.T) {
	e := newEnv(t)
	doc := openAPIDoc(t, e)
	caseID := e.demoCaseID()
	fac := e.login("facilitator@demo.test")
	ctx := context.Background()
	rounds, err := e.db.Tension.CaseRounds(ctx, e.user("facilitator@demo.test"), caseID)
	if err != nil || len(rounds) == 0 {
		t.Fatalf("demo rounds: %v %v", rounds, err)
	}
	checked := map[string]bool{}
	check := func(c *http.Client, template, path string, wantStatus int) {
		t.Helper()
		res, b := e.get(c, path)
		if res.StatusCode != wantStatus {
			t.Errorf("GET %s: status %d, want %d: %s", path, res.StatusCode, wantStatus, b)
			return
		}
		if errs := validateAnswer(doc, template, "get", res, []byte(b)); len(errs) > 0 {
			t.Errorf("GET %s (%d) does not match its description:\n  %s", path, res.StatusCode, strings.Join(errs, "\n  "))
		}
		if wantStatus == 200 {
			checked[template] = true
		}
	}
	anon, outsider := e.client(), e.login("beleid@demo.test")
	cs := "/api/v1/cases/" + itoa(caseID)
	check(anon, "/api/v1/openapi.json", "/api/v1/openapi.json", 200)
	check(fac, "/api/v1/cases", "/api/v1/cases", 200)
	check(fac, "/api/v1/cases", "/api/v1/cases?limit=1", 200)
	check(fac, "/api/v1/cases", "/api/v1/cases?limit=0", 422)
	check(anon, "/api/v1/cases", "/api/v1/cases", 401)
	check(fac, "/api/v1/cases/{id}", cs, 200)
	check(outsider, "/api/v1/cases/{id}", cs, 404)
	check(fac, "/api/v1/cases/{id}/audit", cs+"/audit", 200)
	check(anon, "/api/v1/cases/{id}/audit", cs+"/audit", 401)
	check(fac, "/api/v1/cases/{id}/insights", cs+"/insights", 200)
	check(fac, "/api/v1/cases/{id}/steps", cs+"/steps", 200)
	check(outsider, "/api/v1/cases/{id}/steps", cs+"/steps", 404)
	for _, r := range rounds {
		check(fac, "/api/v1/rounds/{round}/spread", "/api/v1/rounds/"+itoa(r.ID)+"/spread", 200)
	}
	check(fac, "/api/v1/search", "/api/v1/search?q=school", 200)
	check(fac, "/api/v1/search", "/api/v1/search?q=school&kind=event&limit=5", 200)
	check(fac, "/api/v1/search", "/api/v1/search?q=school&kind=elders", 422)
	check(fac, "/api/v1/search", "/api/v1/search?q=", 422)
	check(anon, "/api/v1/search", "/api/v1/search?q=school", 401)
	region, second := e.demoRegion()
	check(outsider, "/api/v1/regions/{region}/overview", "/api/v1/regions/"+itoa(region)+"/overview", 200)
	check(fac, "/api/v1/regions/{region}/overview", "/api/v1/regions/"+itoa(region)+"/overview", 404)
	check(outsider, "/api/v1/municipalities/{municipality}/overview", "/api/v1/municipalities/"+itoa(second)+"/overview", 200)
	for path, item := range doc["paths"].(map[string]any) {
		if _, ok := item.(map[string]any)["get"]; ok && !checked[path] {
			t.Errorf("GET %s is described but its answer was not checked", path)
		}
	}
}

// TestAPIBearerSchemeAndChallenge: the scheme of the Authorization header
// is case-insensitive, and every 401 names the scheme to use.
func TestAPIBearerSchemeAndChallenge(t *testing.T) {
	e := newEnv(t)
	u := e.user("facilitator@demo.test")
	tok, hash := web.NewToken("rtd_")
	if err := e.db.Sessions.CreateAPIToken(context.Background(), u, &rotonde.APIToken{Name: "test", ExpiresAt: time.Now().Add(time.Hour)}, hash); err != nil {
		t.Fatal(err)
	}
	ask := func(auth string) *http.Response {
		res := e.do(http.DefaultClient, http.MethodGet, "/api/v1/cases", nil, "Authorization", auth)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	for _, auth := range []string{"Bearer " + tok, "bearer " + tok, "BEARER " + tok, "bEaReR  " + tok + " "} {
		if res := ask(auth); res.StatusCode != 200 {
			t.Errorf("%q: status %d", strings.Replace(auth, tok, "<token>", 1), res.StatusCode)
		}
	}
	for _, auth := range []string{"", "Bearer " + tok + "x", "Basic " + tok, "Bearer"} {
		res := ask(auth)
		if res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") != `Bearer realm="rotonde"` {
			t.Errorf("%q: status %d, WWW-Authenticate %q", strings.Replace(auth, tok, "<token>", 1), res.StatusCode, res.Header.Get("WWW-Authenticate"))
		}
	}
}

// TestAPIBadJSONNamesTheProblem: a body that is not valid gets a message
// that says which field, where, and what was expected, in the user's language.
func TestAPIBadJSONNamesTheProblem(t *testing.T) {
	e := newEnv(t)
	c := e.login("hulpverlener@demo.test")
	message := func(body string) string {
		t.Helper()
		res := e.api(c, http.MethodPost, "/api/v1/cases", body)
		var eb struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.NewDecoder(res.Body).Decode(&eb); err != nil || res.StatusCode != 422 || eb.Error.Code != "invalid" {
			t.Errorf("POST %q: %d %+v %v", body, res.StatusCode, eb, err)
		}
		return eb.Error.Message
	}
	cases := []struct{ body, nl, en string }{
		{`{"title": 5}`, `Het veld "title" moet tekst zijn, tussen aanhalingstekens (regel 1, kolom 11)`, `The field "title" must be a string, in quotes (line 1, column 11)`},
		{"{\n  \"titel\": \"x\"\n}", `Het veld "titel" bestaat niet (regel 2, kolom 3)`, `There is no field "titel" (line 2, column 3)`},
		{"{\n  \"title\": \"a\",\n  x\n}", `Ongeldige JSON op regel 3, kolom 3: hier hoort geen 'x'`, `Invalid JSON at line 3, column 3: 'x' does not belong here`},
		{`{"title": "a"`, `De JSON houdt op voordat hij af is (regel 1, kolom 14)`, `The JSON ends before it is complete (line 1, column 14)`},
		{`["title"]`, `Stuur één JSON-object ({…}) (regel 1`, `Send one JSON object ({…}) (line 1`},
	}
	for _, tc := range cases {
		if got := message(tc.body); !strings.Contains(got, tc.nl) {
			t.Errorf("POST %q:\n got %q\nwant %q", tc.body, got, tc.nl)
		}
	}
	if res := e.post(c, "/taal", url.Values{"lang": {"en"}, "next": {"/"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose English: %d", res.StatusCode)
	}
	for _, tc := range cases {
		if got := message(tc.body); !strings.Contains(got, tc.en) {
			t.Errorf("POST %q in English:\n got %q\nwant %q", tc.body, got, tc.en)
		}
	}
}

// --- A small JSON-schema checker: the subset the description uses. ---

func resolveRef(doc map[string]any, ref string) (map[string]any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("reference %q is not local", ref)
	}
	var v any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %q does not resolve", ref)
		}
		if v, ok = m[part]; !ok {
			return nil, fmt.Errorf("reference %q does not resolve", ref)
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("reference %q is not an object", ref)
	}
	return m, nil
}

func deref(doc, m map[string]any) map[string]any {
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		m, _ = resolveRef(doc, ref)
	}
	return m
}

// validateAnswer checks a response against what the description says for
// its path, method and status: content type and body schema.
func validateAnswer(doc map[string]any, path, method string, res *http.Response, body []byte) []string {
	item, _ := doc["paths"].(map[string]any)[path].(map[string]any)
	op, _ := item[method].(map[string]any)
	if op == nil {
		return []string{"not described"}
	}
	responses, _ := op["responses"].(map[string]any)
	resp := deref(doc, mapOf(responses[fmt.Sprint(res.StatusCode)]))
	if resp == nil {
		return []string{fmt.Sprintf("status %d is not described", res.StatusCode)}
	}
	var errs []string
	if hs, ok := resp["headers"].(map[string]any); ok {
		for h := range hs {
			if res.Header.Get(h) == "" {
				errs = append(errs, "header "+h+" is missing")
			}
		}
	}
	schema := deref(doc, mapOf(mapOf(mapOf(resp["content"])["application/json"])["schema"]))
	if schema == nil {
		return append(errs, "no JSON schema for this status")
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		errs = append(errs, "content type "+res.Header.Get("Content-Type"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return append(errs, err.Error())
	}
	return append(errs, checkSchema(doc, "$", schema, v)...)
}

func mapOf(v any) map[string]any { m, _ := v.(map[string]any); return m }

var dateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

func jsonTypeOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(v.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

// checkSchema supports $ref, type (one or a list), enum, properties,
// required, additionalProperties: false, items and format date-time.
func checkSchema(doc map[string]any, at string, schema map[string]any, v any) []string {
	schema = deref(doc, schema)
	var errs []string
	got := jsonTypeOf(v)
	if ty, ok := schema["type"]; ok {
		var types []string
		switch ty := ty.(type) {
		case string:
			types = []string{ty}
		case []any:
			for _, x := range ty {
				types = append(types, x.(string))
			}
		}
		fits := false
		for _, want := range types {
			fits = fits || want == got || (want == "number" && got == "integer")
		}
		if !fits {
			return []string{fmt.Sprintf("%s: %s, want %v", at, got, types)}
		}
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, x := range enum {
			found = found || fmt.Sprint(x) == fmt.Sprint(v)
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, v, enum))
		}
	}
	if schema["format"] == "date-time" && got == "string" && !dateTime.MatchString(v.(string)) {
		errs = append(errs, fmt.Sprintf("%s: %q is not a date-time", at, v))
	}
	switch v := v.(type) {
	case map[string]any:
		props := mapOf(schema["properties"])
		for _, r := range anySlice(schema["required"]) {
			if _, ok := v[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %q is missing", at, r))
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k]
			if !ok {
				if schema["additionalProperties"] == false {
					errs = append(errs, fmt.Sprintf("%s: %q is not described", at, k))
				}
				continue
			}
			errs = append(errs, checkSchema(doc, at+"."+k, mapOf(ps), v[k])...)
		}
	case []any:
		if items := mapOf(schema["items"]); items != nil {
			for i, x := range v {
				errs = append(errs, checkSchema(doc, fmt.Sprintf("%s[%d]", at, i), items, x)...)
			}
		}
	}
	return errs
}

func anySlice(v any) []any { s, _ := v.([]any); return s }
