// Package drawingsbench measures how long Chromium takes to show the
// geno-sociogram of a large invented family (2,000 persons): the whole
// drawing (budget 150 ms from navigation) and the focused view around the
// child, two generations up and down (budget 50 ms). The page holds the
// SVG inline, as the genogram page does; "drawn" is a performance mark set
// in the first animation frame after the SVG was parsed and laid out (the
// frame in which it is painted, after that frame), measured from the start
// of navigation.
//
//	go test -run x -bench . -benchtime 10x ./bench/drawings/
package drawingsbench

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// On a shared machine the mean swings with the load of others; the
// minimum (drawn-min-ms) is the steadier figure to compare versions by.

// page wraps an SVG in the smallest HTML page that shows it at the size
// the genogram page gives it.
func page(svg string, fit bool) string {
	return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
		`<title>geno-sociogram</title><style>body{margin:0;font-family:system-ui}figure{margin:0;overflow:auto}figure svg{max-width:100%;height:auto}` +
		`figure.focus svg{max-width:none}</style></head><body><figure` + map[bool]string{false: ` class="focus"`, true: ""}[fit] + `>` + svg +
		`</figure><script>requestAnimationFrame(function(){setTimeout(function(){performance.mark("drawn");});});</script></body></html>`
}

func render(b *testing.B, g *genogram.Genogram, opts genogram.Options) string {
	var buf bytes.Buffer
	if err := genogram.Render(&buf, g, opts); err != nil {
		b.Fatal(err)
	}
	return buf.String()
}

// The options are the genogram page's: the whole family shrunk to the
// page's width (984 px), or the focused view at 4/3 scale with links.
var (
	wholeOpts = genogram.Options{FitWidth: 984}
	focusOpts = genogram.Options{Scale: 4.0 / 3, PersonHref: func(id string) string { return "#geno-p-" + id }}
)

// largestKin is the person whose focused view (two generations) holds the
// most persons: the hardest focus in the family.
func largestKin(g *genogram.Genogram) string {
	best, n := "", 0
	for _, p := range g.Persons {
		if k := len(g.Kin(p.ID, 2).Persons); k > n {
			best, n = p.ID, k
		}
	}
	return best
}

// benchDrawing shows the whole family, or the focused view around the
// person with the most kin; window draws the focused view as the page
// first does: only the window around the focus person that fits the first
// screen (twice the page's width), which the page's script centres on.
func benchDrawing(b *testing.B, focus, window bool, budget float64) {
	g := genogram.SyntheticFamily(2000, 1)
	if !focus {
		serve(b, page(render(b, g, wholeOpts), true), budget)
		return
	}
	html, persons := focusPage(b, g, map[bool]float64{true: 2 * 984}[window])
	b.ReportMetric(float64(persons), "persons")
	serve(b, html, budget)
}

// focusPage is the page of the focused view around the person with the
// most kin in g, and how many persons it holds: drawn whole (window 0), or
// only the window of that many screen pixels around the person, which the
// page's script centres on.
func focusPage(tb testing.TB, g *genogram.Genogram, window float64) (string, int) {
	id, drawing, persons := focusDrawing(tb, g, window)
	centre := `<script>(function(){var f=document.querySelector("figure"),p=f.querySelector('[data-person-id="` + id + `"]').getBoundingClientRect();` +
		`f.scrollLeft+=p.left+p.width/2-f.clientWidth/2;}());</script>`
	return strings.Replace(page(drawing, false), "</figure>", "</figure>"+centre, 1), persons
}

// focusDrawing is the SVG of the focused view around the person id with
// the most kin in g, whole (window 0) or only its first window of that
// many screen pixels, and how many persons the view holds.
func focusDrawing(tb testing.TB, g *genogram.Genogram, window float64) (id, svg string, persons int) {
	id = largestKin(g)
	g = g.Kin(id, 2)
	opts := focusOpts
	l := genogram.ComputeLayout(g, opts)
	if window > 0 {
		opts.Window, _ = l.FocusWindow(id, window, opts.Scale)
	}
	var buf bytes.Buffer
	if err := l.Render(&buf, g, opts); err != nil {
		tb.Fatal(err)
	}
	return id, buf.String(), len(g.Persons)
}

// serve shows html in Chromium again and again, and reports the time from
// navigation until the drawing is drawn.
func serve(b *testing.B, html string, budget float64) { serveFiles(b, html, nil, budget) }

// serveFiles is serve with files beside the page (SVG, cached by the
// browser as Rotonde's static files are).
func serveFiles(b *testing.B, html string, files map[string]string, budget float64) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f, ok := files[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Header().Set("Cache-Control", "max-age=3600")
			w.Write([]byte(f))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(html))
	}))
	b.Cleanup(srv.Close)
	ctx, cancel := chromedp.NewContext(browsertest.New(b))
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		b.Fatal(err)
	}
	elements, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg *").length`))
	size := len(html)
	for _, f := range files {
		size += len(f)
		elements = -1 // inside an image: not counted
	}
	if err != nil {
		b.Fatal(err)
	}
	var total, worst, cpu float64
	best := math.Inf(1)
	proc := chromedp.FromContext(ctx).Browser.Process()
	n := 0
	for b.Loop() {
		cpu0 := cpuTime(proc.Pid)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
			b.Fatal(err)
		}
		drawn, err := chromedp.Run(ctx, chromedp.Poll[float64](`(() => { const m = performance.getEntriesByName("drawn")[0]; return m ? m.startTime : false; })()`))
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime(proc.Pid) - cpu0
		total += drawn
		worst = max(worst, drawn)
		best = min(best, drawn)
		n++
	}
	if elements >= 0 {
		b.ReportMetric(float64(elements), "elements")
	}
	b.ReportMetric(float64(size)/1024, "KiB")
	b.ReportMetric(total/float64(n), "drawn-ms")
	b.ReportMetric(worst, "drawn-max-ms")
	b.ReportMetric(best, "drawn-min-ms")
	b.ReportMetric(cpu/float64(n), "cpu-ms")
	if budget > 0 && total/float64(n) > budget {
		b.Logf("over budget: %.0f ms on average, budget %.0f ms", total/float64(n), budget)
	}
}

// BenchmarkWhole2000: the whole family at once (budget 150 ms).
func BenchmarkWhole2000(b *testing.B) { benchDrawing(b, false, false, 150) }

// BenchmarkFocus2000: two generations around the person with the most
// kin, as the page first draws it: the window around them (budget 50 ms).
func BenchmarkFocus2000(b *testing.B) { benchDrawing(b, true, true, 50) }

// BenchmarkFocus2000Whole: the same focused view drawn whole at once (the
// page's "Toon de hele weergave", and what the script swaps in later).
func BenchmarkFocus2000Whole(b *testing.B) { benchDrawing(b, true, false, 50) }

// BenchmarkWhole2000Image: the whole family as an <img> of an SVG file
// the browser may cache, to compare with drawing it inline; "drawn" is
// set once the image is decoded, in the next frame.
func BenchmarkWhole2000Image(b *testing.B) {
	drawing := render(b, genogram.SyntheticFamily(2000, 1), wholeOpts)
	html := `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
		`<title>geno-sociogram</title><style>body{margin:0}img{max-width:100%;height:auto}</style></head><body><figure>` +
		`<img id="g" src="/drawing.svg" alt="geno-sociogram"></figure><script>document.getElementById("g").decode().then(function(){` +
		`requestAnimationFrame(function(){setTimeout(function(){performance.mark("drawn");});});});</script></body></html>`
	serveFiles(b, html, map[string]string{"/drawing.svg": drawing}, 150)
}

// BenchmarkFile measures an SVG file given in DRAWINGS_SVG (shrunk to the
// page's width when DRAWINGS_FIT=1), to compare with an earlier version:
//
//	DRAWINGS_SVG=/tmp/old.svg DRAWINGS_FIT=1 go test -run x -bench File ./bench/drawings/
func BenchmarkFile(b *testing.B) {
	path := os.Getenv("DRAWINGS_SVG")
	if path == "" {
		b.Skip("DRAWINGS_SVG not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	serve(b, page(string(data), os.Getenv("DRAWINGS_FIT") == "1"), 0)
}

// cpuTime is the processor time, in milliseconds, that the browser with
// process id pid and all its child processes (renderer, GPU, network) have
// used so far, summed over their threads (Linux: /proc/…/task/…/schedstat).
// Unlike the time until the drawing shows, it hardly changes with the load
// that others put on the machine.
func cpuTime(pid int) float64 {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses
		rest := string(data[bytes.LastIndexByte(data, ')')+1:])
		fields := strings.Fields(rest)
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		id, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		children[ppid] = append(children[ppid], id)
	}
	var ns float64
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		queue = append(queue, children[p]...)
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", p))
		for _, t := range tasks {
			data, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			if f := strings.Fields(string(data)); len(f) > 0 {
				v, _ := strconv.ParseFloat(f[0], 64)
				ns += v
			}
		}
	}
	return ns / 1e6
}

// BenchmarkEmptyPage is the floor: the same page with an SVG of one
// rectangle, as large as the overview.
func BenchmarkEmptyPage(b *testing.B) {
	serve(b, emptyPage(), 0)
}

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
