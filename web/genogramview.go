package web

import (
	"bytes"
	"html/template"

	"github.com/rotonde-jeugd/rotonde/genogram"
)

// The geno-sociogram on the page: by default the focused view around the
// child of the case (two generations up and down), drawn large enough to
// read on a phone and scrolled inside its own box; on request the whole
// family, shrunk to the page's width with only the labels that can be read.
const (
	// focusScale draws the focused view so that its smallest text (9
	// units) is 12 CSS pixels on screen, at any screen width.
	focusScale = 4.0 / 3
	// pageWidth is the widest the drawing is shown (the page's content
	// column, 64rem less its padding), which decides what text of the
	// whole family can still be read.
	pageWidth = 984
	// defaultGenerations is the focused view's reach up and down.
	defaultGenerations = 2
)

// focusOnChild fills in the default focus (the child of the case, two
// generations) when a page is asked for without a choice, and drops a
// focus on someone who is not in the genogram.
func focusOnChild(o genoOptions, g *genogram.Genogram, page bool) genoOptions {
	if o.Focus != "" {
		if p, ok := g.PersonByID(o.Focus); !ok || p.Professional {
			o.Focus, o.Gen = "", 0
		}
		return o
	}
	if o.Whole || !page {
		return o
	}
	for _, p := range g.Persons {
		if p.Index && !p.Professional {
			o.Focus, o.Gen = p.ID, defaultGenerations
			break
		}
	}
	return o
}

// personAnchor is the id of a person's row on the page: each symbol links to it.
func personAnchor(id string) string { return "geno-p-" + id }

// draw renders the drawing of the page.
func (v *genogramView) draw(g *genogram.Genogram, lang, title string) error {
	opts := v.Opts.layout(lang, title)
	opts.PersonHref = func(id string) string { return "#" + personAnchor(id) }
	if v.Opts.Focus != "" {
		opts.Scale = focusScale
	} else {
		opts.FitWidth = pageWidth
	}
	drawn := v.Opts.drawn(g)
	l := genogram.ComputeLayout(drawn, opts)
	if l.Overview(opts) {
		for _, p := range drawn.Persons {
			if !p.Professional {
				v.Overview++
			}
		}
	}
	opts.Window, v.Partial = v.firstScreen(l)
	var buf bytes.Buffer
	if err := l.Render(&buf, drawn, opts); err != nil {
		return err
	}
	v.SVG = template.HTML(buf.String()) // the genogram package escapes every text it writes
	if v.Opts.Focus != "" {
		v.FocusAlias = "?"
		if p, ok := g.PersonByID(v.Opts.Focus); ok {
			v.FocusAlias = p.Alias
		}
	}
	return nil
}
