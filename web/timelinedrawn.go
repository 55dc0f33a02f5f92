package web

import (
	"html/template"
	"net/http"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// legendIcon is one entry of the timeline's legend on the page.
type legendIcon struct {
	Icon  template.HTML
	Label string
}

func legendIcons(items []timeline.LegendItem) []legendIcon {
	out := make([]legendIcon, len(items))
	for i, it := range items {
		out[i] = legendIcon{Icon: template.HTML(it.Icon), Label: it.Label} // drawn by package timeline, which escapes all text
	}
	return out
}

// pageTimeline sets what the drawing on the page differs in from the
// exported file: each marker links to its entry in the list below, so its
// details open by tap and keyboard, and the legend stands beside the
// drawing as a list that wraps on a phone.
func pageTimeline(opt *timeline.Options) {
	opt.NoLegend = true
	opt.EventHref = func(e *timeline.Event) string { return "#ev-" + e.ID }
}

// drawnRows lists exactly the events the drawing shows, in its order: the
// case's own events and the answers from interviews, which are drawn on the
// family's side. One list for both keeps the count of the drawing and the
// list the same. total counts them all; the rows stop at maxListedEvents.
func (s *Server) drawnRows(r *http.Request, entries []timeline.Entry, events []timeline.Event, role rotonde.MemberRole) ([]eventRow, int) {
	stored := make(map[string]int, len(entries))
	for i := range entries {
		stored[entries[i].Event.ID] = i
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	var rows []eventRow
	for i := range events {
		if len(rows) == maxListedEvents {
			break
		}
		if k, ok := stored[events[i].ID]; ok {
			rows = append(rows, s.rowOf(r, &entries[k], role))
			continue
		}
		e := &events[i]
		rows = append(rows, eventRow{Ref: e.ID, Date: e.Date.Label(lang), Kind: e.Kind.Label(lang), KindKey: string(e.Kind),
			Lane: l.T("timeline.lane." + string(e.Lane)), Source: e.Source.Label(lang), Description: e.Description,
			Persons: joinNames(e.Persons), Organisations: joinNames(e.Organisations), Helpers: joinNames(e.Helpers),
			Emotions: e.Emotions, Opinions: e.Opinions, Assumptions: e.Assumptions, Interpretations: e.Interpretations})
	}
	return rows, len(events)
}

func joinNames(v []string) string { return strings.Join(v, ", ") }
