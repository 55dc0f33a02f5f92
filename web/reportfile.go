package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/rotonde-jeugd/rotonde/pdf/report"
)

// A report as a file to download: the common threads' synthesis
// (web/threads.go) and an intervision series' report (web/seriesreport.go).

// markdownEscape keeps user text from being read as Markdown: emphasis,
// tables, headings, HTML and line breaks.
func markdownEscape(t string) string {
	return strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "|", "\\|", "#", "\\#", "<", "&lt;", "\n", " ").Replace(t)
}

// writeReportPDF answers with the blocks as a PDF named name.pdf.
func (s *Server) writeReportPDF(w http.ResponseWriter, r *http.Request, name, title, footer string, blocks []report.Block) {
	var buf bytes.Buffer
	if err := report.WriteBlocks(&buf, title, footer, langFrom(r.Context()), s.now(), blocks); err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	_, _ = w.Write(buf.Bytes())
}

// writeReportMarkdown answers with text as a Markdown file named name.md.
func writeReportMarkdown(w http.ResponseWriter, name, text string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.md"`)
	_, _ = w.Write([]byte(text))
}
