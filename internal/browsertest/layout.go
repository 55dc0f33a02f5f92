package browsertest

import (
	"context"
	"fmt"

	"github.com/chromedp/chromedp"
)

// MinTarget is the smallest tap target, in CSS px, that WCAG 2.2 success
// criterion 2.5.8 (Target Size, Minimum, level AA) allows without its
// spacing exception.
const MinTarget = 24

// MinText is the smallest font size, in CSS px, that a page may show.
const MinText = 12

// Layout is what LayoutOf found on a page that does not fit a small screen.
// Each problem names the element the way Describe below does (tag, id,
// classes, some text), so a failure says where to look.
type Layout struct {
	Viewport    int       `json:"viewport"`    // window.innerWidth
	ScrollWidth int       `json:"scrollWidth"` // document.documentElement.scrollWidth
	Wide        []Problem `json:"wide"`        // elements sticking out of the viewport, not inside a box of their own that scrolls
	SmallText   []Problem `json:"smallText"`   // HTML text under MinText px
	SVGText     []Problem `json:"svgText"`     // SVG text under MinText CSS px after the drawing's scaling
	SmallTarget []Problem `json:"smallTarget"` // links, buttons and inputs under MinTarget px, spacing exception applied
}

// Problem is one element that breaks a rule, with the measure that breaks it.
type Problem struct {
	Element string  `json:"element"`
	Measure float64 `json:"measure"` // px: the width beyond the viewport, the font size, or the target's smaller side
}

func (p Problem) String() string { return fmt.Sprintf("%s (%.1f px)", p.Element, p.Measure) }

// layoutJS measures the current document. Rules:
//   - wide: an element's right edge beyond the viewport, or wider than it,
//     unless an ancestor clips or scrolls horizontally (a wide picture may
//     scroll inside its own box) and that ancestor itself fits;
//   - small text: each visible text node outside SVG, by its parent's
//     computed font size;
//   - SVG text: each visible text/tspan with text, font size times the
//     scale of its screen transformation matrix;
//   - targets (WCAG 2.2 2.5.8): a[href], button, input, select, textarea and
//     summary outside SVG, visible and on screen. Smaller than 24×24 passes
//     if it is an inline link inside a line of other text (the criterion's
//     "inline" exception), or if a circle of 24 px diameter around its centre
//     meets no other target and no other undersized target's circle (the
//     spacing exception). Checkboxes and radio buttons get no exception.
const layoutJS = `(() => {
	const W = window.innerWidth, MIN_T = %d, MIN_F = %d;
	const describe = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		const cls = typeof el.className === 'string' ? el.className.trim() : (el.className && el.className.baseVal) || '';
		if (cls) s += '.' + cls.split(/\s+/).join('.');
		for (const a of ['href', 'name', 'type']) { const v = el.getAttribute && el.getAttribute(a); if (v) s += '[' + a + '=' + v + ']'; }
		const t = (el.textContent || el.value || '').replace(/\s+/g, ' ').trim();
		if (t) s += ' "' + t.slice(0, 40) + '"';
		return s;
	};
	const visible = el => el.checkVisibility ? el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) : true;
	const clipsX = el => { const o = getComputedStyle(el).overflowX; return o !== 'visible'; };
	const out = {viewport: W, scrollWidth: document.documentElement.scrollWidth, wide: [], smallText: [], svgText: [], smallTarget: []};

	// Elements beyond the right edge.
	for (const el of document.body.querySelectorAll('*')) {
		if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
		if (!visible(el)) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) continue;
		if (r.right <= W + 1 && r.width <= W + 1) continue;
		let a = el.parentElement, clipped = false;
		while (a && a !== document.body) { if (clipsX(a)) { clipped = true; break; } a = a.parentElement; }
		if (clipped) continue;
		// Report the outermost offender only.
		const p = el.parentElement;
		if (p && p !== document.body) { const pr = p.getBoundingClientRect(); if (pr.right > W + 1 || pr.width > W + 1) continue; }
		out.wide.push({element: describe(el), measure: Math.max(r.right, r.width) - W});
	}

	// Text in HTML.
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const seen = new Set();
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		if (!n.textContent.trim()) continue;
		const el = n.parentElement;
		if (!el || seen.has(el) || el.closest('svg, script, style, noscript, template')) continue;
		seen.add(el);
		if (!visible(el)) continue;
		const r = el.getBoundingClientRect();
		if (r.width <= 1 && r.height <= 1) continue; // visually hidden text for screen readers
		const f = parseFloat(getComputedStyle(el).fontSize);
		if (f < MIN_F - 0.01) out.smallText.push({element: describe(el), measure: f});
	}

	// Text in SVG, in CSS px after scaling.
	for (const el of document.querySelectorAll('svg text, svg tspan')) {
		if (el.tagName.toLowerCase() === 'text' && el.querySelector('tspan')) continue;
		if (!el.textContent.trim() || !visible(el)) continue;
		const m = el.getScreenCTM && el.getScreenCTM();
		if (!m) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		const f = parseFloat(getComputedStyle(el).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
		if (f < MIN_F - 0.01) out.svgText.push({element: describe(el), measure: Math.round(f * 10) / 10});
	}

	// Tap targets.
	const targets = [];
	for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
		if (el.closest('svg') || !visible(el)) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || r.right <= 0 || r.bottom <= 0 || r.left >= W) continue;
		if (r.width <= 1 && r.height <= 1) continue;
		targets.push({el, r, small: r.width < MIN_T - 0.01 || r.height < MIN_T - 0.01});
	}
	const inline = el => {
		if (el.tagName.toLowerCase() !== 'a' || getComputedStyle(el).display !== 'inline') return false;
		let block = el.parentElement;
		while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
		if (!block) return false;
		const all = block.textContent.replace(/\s+/g, ' ').trim(), own = el.textContent.replace(/\s+/g, ' ').trim();
		return all.length > own.length + 1;
	};
	const centre = r => ({x: r.left + r.width / 2, y: r.top + r.height / 2});
	const circleMeetsRect = (c, r) => {
		const dx = Math.max(r.left - c.x, 0, c.x - r.right), dy = Math.max(r.top - c.y, 0, c.y - r.bottom);
		return dx * dx + dy * dy < (MIN_T / 2) * (MIN_T / 2) - 0.01;
	};
	for (const t of targets) {
		if (!t.small) continue;
		const type = (t.el.getAttribute('type') || '').toLowerCase();
		const strict = t.el.tagName.toLowerCase() === 'input' && (type === 'checkbox' || type === 'radio');
		if (!strict && inline(t.el)) continue;
		if (!strict) {
			const c = centre(t.r);
			let clash = false;
			for (const o of targets) {
				if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) continue;
				if (circleMeetsRect(c, o.r)) { clash = true; break; }
				if (o.small) { const oc = centre(o.r); if (Math.hypot(oc.x - c.x, oc.y - c.y) < MIN_T - 0.01) { clash = true; break; } }
			}
			if (!clash) continue;
		}
		out.smallTarget.push({element: describe(t.el), measure: Math.round(Math.min(t.r.width, t.r.height) * 10) / 10});
	}
	return out;
})()`

// LayoutOf measures the page currently loaded in ctx against the rules of a
// small screen: nothing wider than the viewport, no text under MinText px,
// no tap target under MinTarget px (see layoutJS for the exact rules).
func LayoutOf(ctx context.Context) (Layout, error) {
	l, err := chromedp.Run(ctx, chromedp.Evaluate[Layout](fmt.Sprintf(layoutJS, MinTarget, MinText)))
	if err != nil {
		return Layout{}, fmt.Errorf("browsertest: layout: %w", err)
	}
	return l, nil
}
