package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/demo"
)

// Administrators, policy officers, researchers and the system administrator
// land on a page that shows what they can do here, not "Je bent nog geen lid
// van een casus"; family members and professionals keep their case list.
func TestStartPageForEveryRole(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		who        string
		want, dont []string
	}{
		{"bestuurder@demo.test", []string{`id="organisatie"`, `href="/beheer/gebruikers"`, `/methode"`, `id="privacy"`, `href="/privacy/verzoeken"`, `id="groepen"`, `href="/groepen"`, `id="reeksen"`, `id="netwerk"`, `href="/netwerk"`, `href="/rode-draden"`, `href="/beheer/onderzoek"`},
			[]string{`href="/beheer/noodtoegang"`, "Je bent nog geen lid van een casus"}},
		{"beleid@demo.test", []string{`id="groepen"`, `id="reeksen"`, `id="netwerk"`, `href="/netwerk"`, `href="/verhalen"`, `href="/kennis"`, `href="/spanningsvelden"`, `href="/bijeenkomsten"`, `href="/beheer/organisaties"`},
			[]string{`href="/beheer/gebruikers"`, `href="/beheer/noodtoegang"`, "Je bent nog geen lid van een casus"}},
		{"onderzoeker@demo.test", []string{`id="groepen"`, `id="netwerk"`, `href="/spanningsvelden"`, `href="/onderzoek"`, `href="/rode-draden"`, "Een onderzoeker ziet een casus alleen als de casushouder je uitnodigt."},
			[]string{`href="/beheer/gebruikers"`, "Je bent nog geen lid van een casus"}},
		{"beheer@demo.test", []string{`id="noodtoegang"`, `href="/beheer/noodtoegang"`, `href="/beheer/gebruikers"`, `href="/beheer/beveiligingslog"`, `id="netwerk"`, `href="/netwerk"`, `href="/beheer/onderzoek"`, "alleen noodtoegang opent een casus"},
			[]string{"Je bent nog geen lid van een casus", `/sso"`}},
		{"ouder@demo.test", []string{"Noor (15)", `id="cases-h"`}, []string{`class="card start-section"`}},
		{"hulpverlener@demo.test", []string{"Noor (15)", `action="/casussen"`}, []string{`class="card start-section"`}},
		// The next session of each intervision series, to its group's members only (web/serieshome_test.go).
		{"bestuurder@demo.test", []string{firstSeriesSession, boardSeriesSession}, nil},
		{"hulpverlener@demo.test", []string{firstSeriesSession}, []string{boardSeriesSession, demo.BoardGroup}},
		{"wijkteam@demo.test", []string{boardSeriesSession, demo.BoardGroup}, []string{firstSeriesSession}},
		{"ouder@demo.test", nil, []string{firstSeriesSession, boardSeriesSession}},
	} {
		res, page := e.get(e.login(tc.who), "/")
		page = html.UnescapeString(page)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", tc.who, res.StatusCode)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: start page lacks %s", tc.who, w)
			}
		}
		for _, d := range tc.dont {
			if strings.Contains(page, d) {
				t.Errorf("%s: start page has %s", tc.who, d)
			}
		}
	}
}
