package drawingsbench

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// TestOverviewTapShowsThePerson: the overview of a 2,000-person family has
// no element per person; tapping the marked child finds her through the
// drawing's data-hit list (genogram-view.js) and opens her details, named
// from her row in the list of persons, with a link to the view around her.
func TestOverviewTapShowsThePerson(t *testing.T) {
	g := genogram.SyntheticFamily(2000, 1)
	var child genogram.Person
	for _, p := range g.Persons {
		if p.Index {
			child = p
		}
	}
	script, err := os.ReadFile("../../web/static/genogram-view.js")
	if err != nil {
		t.Fatal(err)
	}
	var drawing strings.Builder
	if err := genogram.Render(&drawing, g, wholeOpts); err != nil {
		t.Fatal(err)
	}
	doc := `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>overzicht</title></head><body>` +
		`<figure class="drawing"><div class="geno-view" data-focus-base="/genogram?focus=" data-details="Gegevens" data-focus-here="Rond deze persoon"` +
		` data-close="Sluiten" data-zoom-in="In" data-zoom-out="Uit" data-zoom-reset="Terug">` + drawing.String() + `</div></figure>` +
		`<table><tr id="geno-p-` + html.EscapeString(child.ID) + `"><td>` + html.EscapeString(child.Alias) + ` <a href="#">Rond deze persoon</a></td><td>v</td><td>2010</td></tr></table>` +
		`<script>` + string(script) + `</script></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(doc))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(browsertest.New(t), time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1000, 700), chromedp.Navigate(srv.URL), chromedp.WaitVisible(`svg.genogram-overview path.index`)); err != nil {
		t.Fatal(err)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('path.index').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at[0], at[1]), chromedp.WaitVisible(`.geno-detail`)); err != nil {
		t.Fatal(err)
	}
	detail, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.geno-detail').innerHTML`))
	if err != nil || !strings.Contains(detail, html.EscapeString(child.Alias)+" (2010)") || !strings.Contains(detail, "focus="+child.ID) || !strings.Contains(detail, "#geno-p-"+child.ID) {
		t.Errorf("details after a tap on the child: %s %v", detail, err)
	}
}
