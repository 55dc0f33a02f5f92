package testenv

import (
	"fmt"

	"github.com/rotonde-jeugd/rotonde/disclosure"
)

// ShowRow renders a published row of counts as one string,
// "label:total cell=count …", with "-" for a suppressed count, so a test
// compares two rows, or a row with what it expects, in one comparison.
func ShowRow(r disclosure.Row) string {
	n := func(c *int) string {
		if c == nil {
			return "-"
		}
		return fmt.Sprint(*c)
	}
	out := r.Label + ":" + n(r.Total)
	for _, c := range r.Cells {
		out += " " + c.Label + "=" + n(c.Count)
	}
	return out
}
