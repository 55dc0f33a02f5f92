package drawingsbench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// On a shared machine the time until a page is drawn swings with the load
// of others by more than the drawing itself costs. The paired benchmarks
// therefore load the pages to compare one after the other in each round,
// in the same browser, and report what a drawing adds to the empty page
// as the median of the differences within a round.

// timedPage is one page of a paired run, served at its own path.
type timedPage struct {
	name string // metric prefix: "empty", "focus", …
	html string
}

// browse serves h to a new browser for b, and returns the context of
// its tab and the server's address; both end with b.
func browse(b *testing.B, h http.HandlerFunc) (context.Context, string) {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	ctx, cancel := chromedp.NewContext(browsertest.New(b))
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	b.Cleanup(func() {
		cancelT()
		cancel()
	})
	return ctx, srv.URL
}

// timing is what one load of a page took, in milliseconds from the start
// of navigation: until the drawing was drawn, and the part of it after the
// page's last byte arrived (parsing, style, layout, paint: the browser's
// own work on this page, without the navigation around it).
type timing struct{ drawn, afterResponse, mainCPU, cpu float64 }

// timingJS reads the "drawn" mark and the navigation's responseEnd.
const timingJS = `(() => { const m = performance.getEntriesByName("drawn")[0]; if (!m) return false;` +
	` const n = performance.getEntriesByType("navigation")[0]; return [m.startTime, m.startTime - n.responseEnd]; })()`

// servePaired loads every page once per round, first to last, and
// reports for each its mean, best and median time until drawn and after
// the response; for every page after the first, the median and best of
// its difference to the first page in the same round ("added-ms"). The
// first page is meant to be the empty page, the floor.
func servePaired(b *testing.B, pages []timedPage) {
	ctx, base := browse(b, func(w http.ResponseWriter, r *http.Request) {
		for _, p := range pages {
			if r.URL.Path == "/"+p.name {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Header().Set("Cache-Control", "no-store")
				w.Write([]byte(p.html))
				return
			}
		}
		http.NotFound(w, r)
	})
	// The renderer's main thread time for the page's document (parsing,
	// script, style, layout, paint records; counted from each new
	// document) in thread ticks: processor time, which hardly changes with
	// the load of others.
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{TimeDomain: performance.EnableTimeDomainThreadTicks}); err != nil {
		b.Fatal(err)
	}
	taskTime := func() float64 {
		m, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range m.Metrics {
			if x.Name == "TaskDuration" {
				return x.Value * 1000
			}
		}
		return 0
	}
	proc := chromedp.FromContext(ctx).Browser.Process()
	load := func(p timedPage) timing {
		cpu0 := cpuTime(proc.Pid)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+p.name)); err != nil {
			b.Fatal(err)
		}
		t, err := chromedp.Run(ctx, chromedp.Poll[[]float64](timingJS))
		if err != nil || len(t) != 2 {
			b.Fatalf("%s: %v %v", p.name, t, err)
		}
		return timing{t[0], t[1], taskTime(), cpuTime(proc.Pid) - cpu0}
	}
	for _, p := range pages { // warm up: the first load of each starts caches
		load(p)
	}
	runs := make([][]timing, len(pages))
	for b.Loop() {
		for i, p := range pages {
			runs[i] = append(runs[i], load(p))
		}
	}
	for i, p := range pages {
		drawn := field(runs[i], func(t timing) float64 { return t.drawn })
		after := field(runs[i], func(t timing) float64 { return t.afterResponse })
		b.ReportMetric(mean(drawn), p.name+"-drawn-ms")
		b.ReportMetric(slices.Min(drawn), p.name+"-drawn-min-ms")
		b.ReportMetric(median(after), p.name+"-after-response-median-ms")
		b.ReportMetric(median(field(runs[i], func(t timing) float64 { return t.mainCPU })), p.name+"-main-cpu-median-ms")
		b.ReportMetric(median(field(runs[i], func(t timing) float64 { return t.cpu })), p.name+"-cpu-median-ms")
		if i == 0 {
			continue
		}
		diff := make([]float64, len(drawn))
		for k := range drawn {
			diff[k] = drawn[k] - runs[0][k].drawn
		}
		b.ReportMetric(median(diff), p.name+"-added-median-ms")
		b.ReportMetric(slices.Min(drawn)-slices.Min(field(runs[0], func(t timing) float64 { return t.drawn })), p.name+"-added-min-ms")
	}
}

func field(ts []timing, f func(timing) float64) []float64 {
	out := make([]float64, len(ts))
	for i, t := range ts {
		out[i] = f(t)
	}
	return out
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// emptyPage is the floor: the same page with an SVG of one rectangle, as
// large as the overview.
func emptyPage() string {
	return page(`<svg xmlns="http://www.w3.org/2000/svg" width="984" height="240" viewBox="0 0 984 240"><rect width="984" height="240" fill="#fff"/></svg>`, true)
}

// BenchmarkFocus2000Added: the focused view around the person with the
// most kin as the page first draws it (the window around them, centred),
// and the empty page loaded just before it in each round: what the
// drawing adds to the browser's floor (target ≤ 10 ms; the view drawn
// within 50 ms of navigation where the floor allows it). "focus" is the
// window without knowing the screen (twice the page's width, 1,968 px),
// "phone" the window for a phone's box of 330 px (660 px), as the page
// draws it once its script has told the server the box's width.
func BenchmarkFocus2000Added(b *testing.B) {
	g := genogram.SyntheticFamily(2000, 1)
	focus, _ := focusPage(b, g, 2*984)
	phone, _ := focusPage(b, g, 2*330)
	servePaired(b, []timedPage{{"empty", emptyPage()}, {"focus", focus}, {"phone", phone}})
}
