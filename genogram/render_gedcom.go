package genogram

import (
	"context"
	"io"

	"github.com/rotonde-jeugd/rotonde"
)

// RenderGEDCOM imports a GEDCOM file and writes it as SVG (the CLI's
// `genogram render`). It returns the import warnings. An unknown focus
// person is an error rather than a silently full drawing.
func RenderGEDCOM(ctx context.Context, r io.Reader, w io.Writer, opts Options) ([]Issue, error) {
	g, warns, err := ImportGEDCOM(ctx, r)
	if err != nil {
		return nil, err
	}
	if opts.Focus != "" {
		if _, ok := g.PersonByID(opts.Focus); !ok {
			return warns, rotonde.E(rotonde.EInvalid, "err.genogram.focus_person_is_not_in_gedcom", opts.Focus)
		}
	}
	return warns, Render(w, g, opts)
}
