package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
)

// checkSeriesReportFiles checks the series report as Markdown and PDF, as
// TestSeriesSessionLive leaves it: the checked paraphrase para is in both,
// for the group's facilitator and the author alike, and a facilitator's
// draft of another line (pending, whose record is pendingID), the original
// words and the members' names (secret) never are; someone outside the
// group gets neither file.
func checkSeriesReportFiles(t *testing.T, e *env, series, para string, pendingID int64, secret ...string) {
	t.Helper()
	admin, pol := e.login("bestuurder@demo.test"), e.login("beleid@demo.test")
	draft := "Een organisatie die het wachten beloont."
	if res := e.post(admin, series+"/verslag/"+itoa(pendingID), url.Values{"paraphrase": {draft}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", res.StatusCode, body(t, res))
	}
	if _, html := e.get(pol, series+"/verslag"); !strings.Contains(html, series+"/verslag.pdf") || !strings.Contains(html, series+"/verslag.md") {
		t.Error("the report page does not offer its files")
	}
	never := append([]string{draft}, secret...)
	check := func(who, format, text string) {
		t.Helper()
		text = strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Reeks 2027", "Sessie 1", para} {
			if !strings.Contains(text, want) {
				t.Errorf("%s's %s report lacks %q:\n%s", who, format, want, text)
			}
		}
		for _, s := range never {
			if strings.Contains(text, s) {
				t.Errorf("%s's %s report holds %q, which may not leave the group", who, format, s)
			}
		}
	}
	for who, c := range map[string]*http.Client{"the facilitator": admin, "the author": pol} {
		res, md := e.get(c, series+"/verslag.md")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("Markdown: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		check(who, "Markdown", md)
		check(who, "PDF", pdftest.Text(t, e.getPDF(c, series+"/verslag.pdf")))
	}
	outsider := e.login("facilitator@demo.test")
	for _, f := range []string{"/verslag.md", "/verslag.pdf"} {
		if res, _ := e.get(outsider, series+f); res.StatusCode != http.StatusNotFound {
			t.Errorf("someone outside the group gets %s: %d", f, res.StatusCode)
		}
	}
}
