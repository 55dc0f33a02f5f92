// Package browsertest drives the machine's real Chromium (Debian's package)
// from tests, through the DevTools protocol with chromedp. It never
// downloads a browser.
//
//	ctx := browsertest.New(t) // browser closed when t ends
//	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL))
//	browsertest.AssertAccessible(t, ctx) // axe-core, WCAG 2.1 A/AA
//
// Without Chromium the test is skipped, or fails when CI=true, so CI never
// passes by skipping.
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvChromium names the variable with the path of the browser to use, to
// override /usr/bin/chromium and PATH.
const EnvChromium = "ROTONDE_CHROMIUM"

// FindChromium returns the path of the browser: $ROTONDE_CHROMIUM, else
// /usr/bin/chromium, else chromium in PATH.
func FindChromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvChromium, p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("no Chromium: set " + EnvChromium + " or install Debian's chromium package")
}

// New starts a headless Chromium for tb and returns a chromedp context for
// its first tab; run actions on it with chromedp.Do / chromedp.Run. The
// browser is closed and its fresh profile directory removed when tb ends.
// For parallel work in several tabs, derive contexts with
// chromedp.NewContext(ctx).
func New(tb testing.TB) context.Context {
	tb.Helper()
	path, err := FindChromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("browsertest: %v (CI=true, so this is a failure, not a skip)", err)
		}
		tb.Skipf("browsertest: %v", err)
	}

	// End a little before the test's own deadline, so a hung page gives an
	// error from the action rather than the test binary's panic.
	parent, cancelParent := context.Background(), context.CancelFunc(func() {})
	if d, ok := tb.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := d.Deadline(); ok {
			parent, cancelParent = context.WithDeadline(parent, deadline.Add(-5*time.Second))
		}
	}

	output := &tailBuffer{max: 8 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // we run as root on CI; the sandbox refuses root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// No traffic beyond the test's own server: the machine has no
		// network, and the browser would otherwise keep retrying.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
		// No UserDataDir option: chromedp then makes a fresh temporary
		// --user-data-dir and removes it after the browser exits.
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		cancelCtx()
		cancelAlloc() // waits for the browser to exit and its dir to go
		cancelParent()
	})
	// The first action starts the browser; with no steps it only does that.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("browsertest: start %s: %v\nbrowser output:\n%s", path, err, output.String())
	}
	return ctx
}

// NewTab opens a new tab in the browser of ctx (from New) and returns its
// context; the tab is closed when tb ends. Tabs of one browser may be used
// from parallel tests, one goroutine per tab.
//
// The tab is opened here, on a context without a deadline, because chromedp
// ties a tab's life to the context of the first action on it: a tab first
// used under context.WithTimeout would close when that timeout's cancel
// runs, and later actions on it would hang.
func NewTab(tb testing.TB, ctx context.Context) context.Context {
	tb.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	tb.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		tb.Fatalf("browsertest: open tab: %v", err)
	}
	return tab
}

// Tab opens a tab in browser (from New) whose actions share one deadline,
// d from now; the tab is closed when tb ends.
func Tab(tb testing.TB, browser context.Context, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelDeadline := context.WithTimeout(ctx, d)
	tb.Cleanup(func() {
		cancelDeadline()
		cancel()
	})
	return ctx
}

// Screenshot saves a PNG of the whole page (beyond the viewport), for
// debugging: look at it, or keep it as a CI artefact.
func Screenshot(ctx context.Context, path string) error {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 = PNG
	if err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	return os.WriteFile(path, png, 0o644)
}

// tailBuffer keeps the last max bytes written to it; safe for concurrent
// use (the browser's output is copied from another goroutine).
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if over := b.buf.Len() - b.max; over > 0 {
		b.buf.Next(over)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
