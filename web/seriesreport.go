package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/pdf/report"
)

// The series report as a file: Markdown or PDF, holding what the report
// page shows outside the pending lines: the checked paraphrases, per
// session, without names and never the original words.

// seriesReportSection is one session of the report with its lines.
type seriesReportSection struct {
	Heading string
	Lines   []string
}

// seriesReportSections groups the report's checked lines by session (the
// service lists them in session order), each line "Kind · level: paraphrase".
func seriesReportSections(l i18n.Localizer, v seriesReportView) []seriesReportSection {
	var out []seriesReportSection
	last := -1
	for _, line := range v.Report {
		if line.Number != last {
			out = append(out, seriesReportSection{Heading: l.T("series.report.session", line.Number)})
			last = line.Number
		}
		label := line.KindTitle
		if line.LevelTitle != "" {
			label += " · " + line.LevelTitle
		}
		sec := &out[len(out)-1]
		sec.Lines = append(sec.Lines, label+": "+line.Paraphrase)
	}
	return out
}

func seriesReportMarkdown(l i18n.Localizer, v seriesReportView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n%s\n", markdownEscape(v.Series.Title), l.T("series.report.title"), l.T("series.report.intro"))
	sections := seriesReportSections(l, v)
	if len(sections) == 0 {
		fmt.Fprintf(&b, "\n%s\n", l.T("series.report.none"))
	}
	for _, sec := range sections {
		fmt.Fprintf(&b, "\n## %s\n\n", sec.Heading)
		for _, line := range sec.Lines {
			fmt.Fprintf(&b, "- %s\n", markdownEscape(line))
		}
	}
	fmt.Fprintf(&b, "\n---\n%s\n", l.T("series.report.footer"))
	return b.String()
}

func seriesReportBlocks(l i18n.Localizer, v seriesReportView) []report.Block {
	out := []report.Block{{Paras: []string{l.T("series.report.title"), l.T("series.report.intro")}}}
	sections := seriesReportSections(l, v)
	if len(sections) == 0 {
		out = append(out, report.Block{Paras: []string{l.T("series.report.none")}})
	}
	for _, sec := range sections {
		out = append(out, report.Block{Heading: sec.Heading, Paras: sec.Lines})
	}
	return append(out, report.Block{Paras: []string{l.T("series.report.footer")}})
}

// handleSeriesReportExport answers with the series report as a Markdown
// file or a PDF, to the members of the group, as the report page.
func (s *Server) handleSeriesReportExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.seriesReportOf(w, r)
		if !ok {
			return
		}
		l := s.cat.For(langFrom(r.Context()))
		name := fmt.Sprintf("reeksverslag-%d", v.Series.ID)
		if format == "pdf" {
			s.writeReportPDF(w, r, name, v.Series.Title, v.Series.Title+" · "+l.T("series.report.title"), seriesReportBlocks(l, v))
			return
		}
		writeReportMarkdown(w, name, seriesReportMarkdown(l, v))
	}
}
