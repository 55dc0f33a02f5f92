package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core 4.14.1 (npm package axe-core, file axe.min.js),
// MPL-2.0; its license header is kept in the file, full texts in
// axe-LICENSE.txt and axe-LICENSE-3RD-PARTY.txt. To update:
// `npm pack axe-core`, copy package/axe.min.js and the licenses here, and
// change the version in this comment.
//
//go:embed axe.min.js
var axeSource string

// axeTags are the rule sets Axe runs: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// WCAG22 are the rule sets of WCAG 2.0, 2.1 and 2.2, levels A and AA, for
// AxeTags (2.2 adds target size, 2.5.8).
var WCAG22 = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Violation is one failed axe-core rule with the elements that fail it.
type Violation struct {
	ID     string `json:"id"`     // rule, e.g. "image-alt"
	Impact string `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help   string `json:"help"`   // one-line description of the rule
	// HelpURL explains the rule and how to fix it.
	HelpURL string `json:"helpUrl"`
	Nodes   []Node `json:"nodes"`
}

// Node is one element that fails a rule.
type Node struct {
	// Target is the CSS selector path of the element: one entry per frame,
	// outermost first; shadow-DOM steps inside an entry are joined by " >>> ".
	Target []string `json:"target"`
	HTML   string   `json:"html"` // the element's opening tag, shortened by axe
	// FailureSummary says what to fix.
	FailureSummary string `json:"failureSummary"`
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s — %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s  %s", strings.Join(n.Target, " | "), n.HTML)
	}
	return b.String()
}

// axeRun runs the rules on the current document and gives the violations
// in the shape of Violation. Targets are normalised to strings here, since
// axe gives nested arrays for elements in shadow DOM.
const axeRun = `(async () => {
	const r = await axe.run(document, {runOnly: %s, resultTypes: ['violations']});
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
			html: n.html, failureSummary: n.failureSummary || '',
		})),
	}));
})()`

// Axe checks the page currently loaded in ctx with axe-core against WCAG
// 2.0/2.1 A and AA and returns the violations (none: an empty slice).
//
// axe-core is evaluated through the DevTools protocol (Runtime.evaluate),
// not added as a <script>, so it works on pages whose Content-Security-Policy
// allows only nonce'd scripts, and it does not change the page's markup.
// Wait for the page to be ready (chromedp.Navigate waits for the load
// event) before calling it.
func Axe(ctx context.Context) ([]Violation, error) {
	return AxeTags(ctx, axeTags)
}

// AxeTags is Axe with the given axe-core rule tags, e.g. WCAG22.
func AxeTags(ctx context.Context, ruleTags []string) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		return nil, fmt.Errorf("browsertest: axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("browsertest: inject axe-core: %w", err)
		}
	}
	tags := `['` + strings.Join(ruleTags, `','`) + `']`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](fmt.Sprintf(axeRun, tags), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("browsertest: run axe-core: %w", err)
	}
	if vs == nil {
		vs = []Violation{}
	}
	return vs, nil
}

// AssertAccessible runs Axe on the current page of ctx and reports each
// violation as a test error (the test goes on).
func AssertAccessible(tb testing.TB, ctx context.Context) {
	tb.Helper()
	CheckPage(tb, ctx, "accessibility")
}

// CheckPage runs Axe on the current page of ctx and reports each violation
// as a test error naming the page (the test goes on).
func CheckPage(tb testing.TB, ctx context.Context, page string) {
	tb.Helper()
	vs, err := Axe(ctx)
	if err != nil {
		tb.Fatalf("%s: %v", page, err)
	}
	for _, v := range vs {
		tb.Errorf("%s: %s", page, v)
	}
}
