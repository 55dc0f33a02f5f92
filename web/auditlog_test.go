package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// auditRows splits the rows out of an access log page.
func auditRows(page string) []string {
	parts := strings.Split(page, `<li class="audit-`)
	if len(parts) < 2 {
		return nil
	}
	rows := parts[1:]
	last := rows[len(rows)-1]
	if i := strings.Index(last, "</ol>"); i >= 0 {
		rows[len(rows)-1] = last[:i]
	}
	return rows
}

// TestAuditLogSpeaksAndFiltersAndPages: the access log page shows every
// code in words (Dutch, or English when chosen), filters by person, part
// and period, and shows 50 records a page with links to the others.
func TestAuditLogSpeaksAndFiltersAndPages(t *testing.T) {
	e, _, path := newDemoCase(t)
	log := path + "/toegangslog"
	fac := e.login("facilitator@demo.test")
	e.get(e.login("beleid@demo.test"), path) // a refused attempt
	for range 60 {
		e.get(fac, path)
	}
	res, page := e.get(fac, log)
	if res.StatusCode != 200 {
		t.Fatalf("log: %d", res.StatusCode)
	}
	for _, raw := range []string{"lidmaatschap/gedeeld/consent", "facilitator/facilitator", "<em>casus</em>", "<em>toegangslog</em>"} {
		if strings.Contains(page, raw) {
			t.Errorf("the log shows the raw code %q", raw)
		}
	}
	for _, words := range []string{"<em>de casus", "facilitator, in de casus: facilitator", "met toestemming van het gezin"} {
		if !strings.Contains(page, words) {
			t.Errorf("the log lacks %q", words)
		}
	}
	if rows := auditRows(page); len(rows) != 50 {
		t.Errorf("first page: %d rows, want 50", len(rows))
	}
	if !strings.Contains(page, "Pagina 1 van") || !strings.Contains(page, `href="`+log+`?pagina=2"`) {
		t.Errorf("first page without its place or a link to the next")
	}
	_, page2 := e.get(fac, log+"?pagina=2")
	if !strings.Contains(page2, "Pagina 2 van") || !strings.Contains(page2, `rel="prev"`) || len(auditRows(page2)) == 0 {
		t.Errorf("second page: place, link back or rows missing")
	}

	// By person: only the refused policy officer.
	m := regexp.MustCompile(`<option value="([0-9]+)">Aylin Demir</option>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no person filter for Aylin Demir")
	}
	_, page = e.get(fac, log+"?persoon="+m[1])
	rows := auditRows(page)
	if len(rows) == 0 {
		t.Fatal("person filter: no rows")
	}
	for _, r := range rows {
		if !strings.Contains(r, "Aylin Demir") || !strings.Contains(r, "geweigerd") {
			t.Errorf("person filter shows %q", r)
		}
	}
	// By part, with the other filters kept in the paging links.
	_, page = e.get(fac, log+"?"+url.Values{"onderdeel": {"casus"}, "van": {"2000-01-01"}}.Encode())
	rows = auditRows(page)
	if len(rows) != 50 || !strings.Contains(page, `?onderdeel=casus&amp;pagina=2&amp;van=2000-01-01"`) {
		t.Errorf("part filter: %d rows, or the next page loses the filter", len(rows))
	}
	for _, r := range rows {
		if !strings.Contains(r, "<em>de casus") {
			t.Errorf("part filter shows %q", r)
		}
	}
	// By period: nothing in 2000; a date that is not one is refused.
	if _, page = e.get(fac, log+"?van=2000-01-01&tot=2000-12-31"); len(auditRows(page)) != 0 || !strings.Contains(page, "Niets gevonden met deze filters.") {
		t.Errorf("period filter: %d rows", len(auditRows(page)))
	}
	if res, _ := e.get(fac, log+"?van=gisteren"); res.StatusCode != 400 && res.StatusCode != 422 {
		t.Errorf("a wrong date: %d", res.StatusCode)
	}
	// In English.
	e.post(fac, "/taal", url.Values{"lang": {"en"}, "next": {"/"}})
	_, page = e.get(fac, log)
	for _, words := range []string{"<em>the case", "facilitator, in the case: facilitator", "with the family&#39;s consent", "Page 1 of"} {
		if !strings.Contains(page, words) {
			t.Errorf("the English log lacks %q", words)
		}
	}
}
