package browsertest_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// strictCSP is the policy the application will serve: no inline script
// without the nonce, so a <script> injected by a test tool is blocked.
const strictCSP = "default-src 'self'; script-src 'nonce-abc'"

const cleanPage = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Casus van Noor (15)</title></head>
<body><main><h1>Casus van Noor (15)</h1>
<p>Betrokken: vader, oma (m).</p>
<img src="/pixel.png" alt="Genogram van de familie">
<script nonce="abc">document.body.dataset.nonceScriptRan = "yes";</script>
</main></body></html>`

const imgWithoutAlt = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Fout</title></head>
<body><main><h1>Fout</h1><img id="noalt" src="/pixel.png"></main></body></html>`

// formPage posts a name and shows it back, as the app's server-rendered
// forms do (no JavaScript needed).
const formPage = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Formulier</title></head>
<body><main><h1>Nieuwe casus</h1>
<form method="post" action="/submit">
<label for="alias">Alias</label><input id="alias" name="alias">
<button id="save" type="submit">Opslaan</button>
</form></main></body></html>`

// A 1×1 transparent PNG.
var pixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /clean", page(cleanPage))
	mux.HandleFunc("GET /noalt", page(imgWithoutAlt))
	mux.HandleFunc("GET /form", page(formPage))
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="nl"><head><title>Opgeslagen</title></head>
<body><main><h1>Opgeslagen</h1><p id="result">Casus voor %s opgeslagen.</p></main></body></html>`,
			html.EscapeString(r.PostFormValue("alias")))
	})
	mux.HandleFunc("GET /pixel.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pixelPNG)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
}

// One browser serves all subtests (each in its own tab): starting Chromium
// costs about a second.
func TestBrowser(t *testing.T) {
	srv := newServer(t)
	browser := browsertest.New(t)
	for _, tc := range []struct {
		name, path string
		run        func(t *testing.T, ctx context.Context)
	}{
		{"CSPBlocksInjectedScripts", "/clean", browserCSPBlocksInjectedScripts},
		{"AxeFindsImageWithoutAlt", "/noalt", browserAxeFindsImageWithoutAlt},
		{"AxeCleanPage", "/clean", browserAxeCleanPage},
		{"FormPost", "/form", browserFormPost},
		{"Screenshot", "/clean", browserScreenshot},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := browsertest.NewTab(t, browser)
			navigate(t, ctx, srv.URL+tc.path)
			tc.run(t, ctx)
		})
	}
}

// browserCSPBlocksInjectedScripts guards the premise of Axe's design: the
// test page's CSP really blocks a script added to the page, yet the nonce'd
// script runs.
func browserCSPBlocksInjectedScripts(t *testing.T, ctx context.Context) {
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(resolve => {
		const s = document.createElement('script');
		s.textContent = 'window.injected = true';
		document.head.appendChild(s);
		setTimeout(() => resolve(String(window.injected) + ' ' + document.body.dataset.nonceScriptRan), 100);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got != "undefined yes" {
		t.Fatalf("injected script / nonce script = %q, want %q", got, "undefined yes")
	}
}

// browserAxeFindsImageWithoutAlt checks that Axe reports the image without
// alt text, with its details, also on a second run.
func browserAxeFindsImageWithoutAlt(t *testing.T, ctx context.Context) {
	vs, err := browsertest.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found *browsertest.Violation
	for i := range vs {
		if vs[i].ID == "image-alt" {
			found = &vs[i]
		}
	}
	if found == nil {
		t.Fatalf("no image-alt violation; got %v", vs)
	}
	if found.Impact != "critical" || found.Help == "" || !strings.HasPrefix(found.HelpURL, "https://") {
		t.Errorf("image-alt details incomplete: %+v", *found)
	}
	if len(found.Nodes) != 1 || len(found.Nodes[0].Target) != 1 || found.Nodes[0].Target[0] != "#noalt" {
		t.Errorf("image-alt nodes = %+v, want one with target #noalt", found.Nodes)
	}
	// A second run on the same page reuses the injected axe.
	again, err := browsertest.Axe(ctx)
	if err != nil || len(again) != len(vs) {
		t.Errorf("second Axe run: %d violations, %v; first had %d", len(again), err, len(vs))
	}
}

// browserAxeCleanPage checks that Axe finds nothing on the clean page.
func browserAxeCleanPage(t *testing.T, ctx context.Context) {
	vs, err := browsertest.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 0 {
		t.Errorf("clean page has %d violations:\n%v", len(vs), vs)
	}
	browsertest.AssertAccessible(t, ctx)
}

// browserFormPost types into the form, posts it and reads the escaped result.
func browserFormPost(t *testing.T, ctx context.Context) {
	tctx, tcancel := context.WithTimeout(ctx, 30*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx,
		chromedp.SendKeys(chromedp.ID("alias"), "Noor (15) & <vader>"),
		chromedp.Click(chromedp.ID("save")),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(tctx, chromedp.Text(chromedp.ID("result")))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Casus voor Noor (15) & <vader> opgeslagen."; text != want {
		t.Errorf("result text = %q, want %q", text, want)
	}
	title, err := chromedp.Run(tctx, chromedp.Title())
	if err != nil || title != "Opgeslagen" {
		t.Errorf("title after post = %q, %v", title, err)
	}
}

// browserScreenshot checks that a screenshot is written as a PNG.
func browserScreenshot(t *testing.T, ctx context.Context) {
	path := filepath.Join(t.TempDir(), "page.png")
	if err := browsertest.Screenshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 1000 {
		t.Errorf("screenshot is not a plausible PNG (%d bytes)", len(b))
	}
}
