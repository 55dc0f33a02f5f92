// Command screenshots photographs the main pages of every demo role on a
// phone (360 px wide) and on a desktop (1366 px), for reviewers:
//
//	go run ./tools/screenshots -out screenshots
//
// It builds ./cmd/rotonde, starts `rotonde demo` on a free loopback port with
// a fresh data folder, logs in as each account of demo.Accounts in the
// machine's Chromium (see internal/browsertest), follows the links from the
// start page (one page of each kind: the same path up to its numbers, at most
// -pages a role) and writes full-page PNGs as OUT/ROLE/NN-PAGE-WIDTH.png,
// with OUT/index.html showing them side by side.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/browsertest"
)

// widths are the screens photographed: a small phone and a common laptop.
var widths = []struct{ W, H int }{{360, 740}, {1366, 900}}

func main() {
	out := flag.String("out", "screenshots", "folder for the PNG files and index.html")
	pages := flag.Int("pages", 24, "at most this many pages per role")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	if err := run(ctx, *out, *pages); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string, max int) error {
	tmp, err := os.MkdirTemp("", "rotonde-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "rotonde")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/rotonde")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	base, stop, err := startDemo(ctx, bin, filepath.Join(tmp, "data"))
	if err != nil {
		return err
	}
	defer stop()

	chromium, err := browsertest.FindChromium()
	if err != nil {
		return err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return fmt.Errorf("start %s: %w", chromium, err)
	}

	var index strings.Builder
	index.WriteString("<!doctype html><meta charset=utf-8><title>Rotonde screenshots</title><style>body{font-family:sans-serif}figure{display:inline-block;vertical-align:top;margin:0 1rem 1rem 0}img{border:1px solid #ccc;max-height:600px}</style>\n")
	for _, acc := range demo.Accounts {
		role := strings.TrimSuffix(acc.Email, "@demo.test")
		fmt.Fprintf(os.Stderr, "%s…\n", role)
		n, err := photographRole(browser, base, acc.Email, filepath.Join(out, role), max, &index)
		if err != nil {
			return fmt.Errorf("%s: %w", role, err)
		}
		fmt.Fprintf(os.Stderr, "%s: %d pages\n", role, n)
	}
	return os.WriteFile(filepath.Join(out, "index.html"), []byte(index.String()), 0o644)
}

// startDemo runs `rotonde demo` on a free port and returns its address.
func startDemo(ctx context.Context, bin, data string) (string, func(), error) {
	cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--data", data)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		pw.Close()
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if _, addr, ok := strings.Cut(sc.Text(), "Rotonde demo: "); ok {
				select {
				case found <- strings.TrimSpace(addr):
				default:
				}
			}
		}
	}()
	select {
	case addr := <-found:
		return addr, stop, nil
	case <-time.After(2 * time.Minute):
	case <-ctx.Done():
	}
	stop()
	return "", nil, errors.New("the demo did not start")
}

var numbers = regexp.MustCompile(`[0-9]+`)

func skip(p string) bool {
	last := p[strings.LastIndex(p, "/")+1:]
	return strings.Contains(last, ".") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/api/") ||
		strings.HasPrefix(p, "/uitloggen") || strings.HasPrefix(p, "/login") ||
		strings.HasSuffix(p, "/events") || strings.HasSuffix(p, "/status")
}

// photographRole logs in as email in a browser context of its own and
// photographs up to max pages, breadth first from the start page.
func photographRole(browser context.Context, base, email, dir string, max int, index *strings.Builder) (int, error) {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(`button.primary`),
		chromedp.WaitReady(`form[action="/uitloggen"]`),
	); err != nil {
		return 0, fmt.Errorf("log in: %w", err)
	}
	fmt.Fprintf(index, "<h2>%s</h2>\n", html.EscapeString(email))
	seen, queued := map[string]bool{}, map[string]bool{"/": true}
	queue := []string{"/"}
	n := 0
	for len(queue) > 0 && n < max {
		path := queue[0]
		queue = queue[1:]
		kind := numbers.ReplaceAllString(path, "#")
		if seen[kind] {
			continue
		}
		status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+"`"+path+"`"+`, {credentials: 'same-origin', redirect: 'manual'}).then(r => r.status + ' ' + (r.headers.get('content-type') || ''))`, chromedp.EvalAwaitPromise))
		if err != nil {
			return n, err
		}
		if !strings.HasPrefix(status, "200 text/html") {
			continue
		}
		seen[kind] = true
		n++
		name := fmt.Sprintf("%02d-%s", n, strings.Trim(strings.NewReplacer("/", "-", "#", "n").Replace(kind), "-"))
		if kind == "/" {
			name = fmt.Sprintf("%02d-start", n)
		}
		for _, w := range widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w.W), int64(w.H)), chromedp.Navigate(base+path), chromedp.WaitReady(`main`)); err != nil {
				return n, fmt.Errorf("%s: %w", path, err)
			}
			file := fmt.Sprintf("%s-%d.png", name, w.W)
			if err := browsertest.Screenshot(ctx, filepath.Join(dir, file)); err != nil {
				return n, err
			}
			fmt.Fprintf(index, `<figure><a href="%[1]s/%[2]s"><img src="%[1]s/%[2]s" alt="%[3]s at %[4]d px" loading="lazy"></a><figcaption>%[3]s · %[4]d px</figcaption></figure>`+"\n",
				filepath.Base(dir), file, html.EscapeString(path), w.W)
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => a.href)`))
		if err != nil {
			return n, err
		}
		for _, l := range links {
			u, err := url.Parse(l)
			if err != nil || !strings.HasPrefix(l, base) || skip(u.Path) || queued[u.Path] {
				continue
			}
			queued[u.Path] = true
			if strings.HasPrefix(u.Path, "/casussen/") {
				queue = append([]string{u.Path}, queue...) // the case's pages first: they are the main ones
			} else {
				queue = append(queue, u.Path)
			}
		}
	}
	return n, nil
}
