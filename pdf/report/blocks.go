package report

import (
	"io"
	"time"

	"github.com/rotonde-jeugd/rotonde/pdf"
)

// Block is one section of a plain report: a heading, paragraphs, quoted
// passages and a table, each optional. The caller writes every text in the
// reader's language; this package only lays them out.
type Block struct {
	Heading string
	Paras   []string
	Quotes  []string
	Header  []string   // the table's header; no table when empty
	Rows    [][]string // the table's rows, the first cell heading its row
}

// WriteBlocks renders a report of blocks as a PDF (A4, embedded Go fonts),
// laid out as the meeting report is: the title, then each block in turn.
func WriteBlocks(out io.Writer, title, footer, lang string, now time.Time, blocks []Block) error {
	w := &pdfWriter{pdf.Flow{Doc: pdf.New(title), Margin: pdfMargin, Bottom: pdfBottom, Footer: footer}}
	w.Doc.Created = now
	if lang == "en" {
		w.Doc.Lang = "en"
	}
	w.heading(title, 18)
	for _, b := range blocks {
		if b.Heading != "" {
			w.heading(b.Heading, 13)
		}
		for _, p := range b.Paras {
			w.para(p, 0, false)
		}
		for _, q := range b.Quotes {
			w.para("“"+q+"”", 16, false)
		}
		if len(b.Header) > 0 {
			shares := make([]float64, len(b.Header))
			// The first column names the row and gets twice a cell's width.
			unit := 1 / float64(len(b.Header)+1)
			for i := range shares {
				shares[i] = unit
			}
			shares[0] = 2 * unit
			w.table(shares, b.Header, b.Rows)
		}
	}
	_, err := w.Doc.WriteTo(out)
	return err
}
