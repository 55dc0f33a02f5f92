package drawingsbench

import (
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/genogram"
)

// swapJS reads, once the whole drawing is swapped in and painted: the
// time from the start of its fetch, from the end of its response (parsing
// the fragment, importing it, style, layout, paint), and from navigation.
const swapJS = `(() => { const m = performance.getEntriesByName("swapped")[0]; if (!m) return false;` +
	` const r = performance.getEntriesByType("resource").find(e => e.name.includes("/tekening"));` +
	` return [m.startTime - r.startTime, m.startTime - r.responseEnd, m.startTime]; })()`

// BenchmarkFocus2000Swap: the in-page path of the focused view. The page
// first draws the window around the person (as BenchmarkFocus2000); the
// page's own script (web/static/genogram-view.js) then fetches the whole
// focused view from the drawing route and swaps it into the same <svg>.
// Measured until the frame after the swap is painted: from the start of
// the fetch ("swap-ms"), from the end of its response ("swap-after-
// response-ms": parse, import, style, layout, paint) and from navigation.
// The other way to another view, "Rond deze persoon", is a link to a new
// page: the time of BenchmarkFocus2000.
func BenchmarkFocus2000Swap(b *testing.B) { benchSwap(b, "../../web/static/genogram-view.js") }

// benchSwap measures the swap with the page's script at path.
func benchSwap(b *testing.B, path string) {
	g := genogram.SyntheticFamily(2000, 1)
	id, window, _ := focusDrawing(b, g, 2*984)
	_, whole, _ := focusDrawing(b, g, 0)
	script, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	doc := `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>geno-sociogram</title>` +
		`<style>body{margin:0;font-family:system-ui}figure{margin:0}.geno-view{overflow:auto;max-width:100%;max-height:75vh}.geno-view svg{display:block;max-width:none;height:auto}</style></head><body>` +
		`<figure class="drawing"><div class="geno-view geno-focus" data-focus-id="` + id + `" data-rest="/tekening" data-focus-base="/?focus="` +
		` data-details="Gegevens" data-focus-here="Rond deze persoon" data-close="Sluiten" data-zoom-in="In" data-zoom-out="Uit" data-zoom-reset="Terug">` +
		window + `</div></figure>` +
		`<script>new MutationObserver(function(){requestAnimationFrame(function(){setTimeout(function(){performance.mark("swapped");});});})` +
		`.observe(document.querySelector("svg.genogram"),{childList:true});</script>` +
		`<script>` + string(script) + `</script></body></html>`
	ctx, base := browse(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if r.URL.Path == "/tekening" {
			w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
			w.Write([]byte(whole))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(doc))
	})
	var fromFetch, afterResponse, fromNav []float64
	load := func() {
		if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
			b.Fatal(err)
		}
		t, err := chromedp.Run(ctx, chromedp.Poll[[]float64](swapJS))
		if err != nil || len(t) != 3 {
			b.Fatalf("swap: %v %v", t, err)
		}
		fromFetch, afterResponse, fromNav = append(fromFetch, t[0]), append(afterResponse, t[1]), append(fromNav, t[2])
	}
	load() // warm up
	fromFetch, afterResponse, fromNav = nil, nil, nil
	for b.Loop() {
		load()
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.genogram *").length`))
	if err != nil || n < 2000 {
		b.Fatalf("after the swap the drawing holds %d elements (%v)", n, err)
	}
	b.ReportMetric(float64(n), "elements")
	b.ReportMetric(mean(fromFetch), "swap-ms")
	b.ReportMetric(slices.Min(fromFetch), "swap-min-ms")
	b.ReportMetric(median(afterResponse), "swap-after-response-median-ms")
	b.ReportMetric(mean(fromNav), "swapped-from-navigation-ms")
}
