package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Stagnation signals: computed from the timeline, each in plain words with
// the events behind it. Never a score or a verdict.

// maxSignalEvents is how many events a signal lists on the page; the rest
// are one click away on the timeline filtered to the signal.
const maxSignalEvents = 25

type signalLink struct {
	Href, Date, Text string
}

type signalRow struct {
	Key, Title, Explanation string
	Chart                   template.HTML
	Items                   []signalLink
	Events                  []signalLink
	More                    int
	TimelineHref            string
}

type signalsView struct {
	Case    *rotonde.Case
	Dream   dreamPanel
	Signals []signalRow
	Empty   bool
}

func (s *Server) signalsData(r *http.Request, id int64) (signalsView, error) {
	u := userFrom(r.Context())
	lang := langFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return signalsView{}, err
	}
	v := signalsView{Case: c}
	if v.Dream, err = s.dreamData(r, id, role); err != nil {
		return v, err
	}
	sigs, entries, err := s.computeSignals(r, id)
	if err != nil {
		return v, err
	}
	v.Empty = len(entries) == 0
	byID := make(map[string]*timeline.Entry, len(entries))
	for i := range entries {
		byID[entries[i].Event.ID] = &entries[i]
	}
	for _, sg := range sigs {
		row := signalRow{Key: sg.Key, Title: sg.Title.Message(lang), Explanation: sg.Explanation.Message(lang),
			TimelineHref: fmt.Sprintf("/casussen/%d/tijdlijn?signaal=%s#gebeurtenissen", id, sg.Key)}
		href := func(eid string) string {
			return fmt.Sprintf("/casussen/%d/tijdlijn?signaal=%s#ev-%s", id, sg.Key, eid)
		}
		if len(sg.Series) > 0 {
			var buf bytes.Buffer
			if err := signal.Sparkline(&buf, sg, signal.SparkOptions{Lang: lang}); err != nil {
				return v, err
			}
			row.Chart = template.HTML(buf.String()) // escaped by the sparkline writer
		}
		for _, it := range sg.Items {
			l := signalLink{Date: it.Date.Label(lang), Text: it.Label(lang)}
			if _, ok := byID[it.EventID]; ok {
				l.Href = href(it.EventID)
			}
			row.Items = append(row.Items, l)
		}
		for i, eid := range sg.EventIDs {
			if i == maxSignalEvents {
				row.More = len(sg.EventIDs) - i
				break
			}
			t, ok := byID[eid]
			if !ok {
				continue
			}
			row.Events = append(row.Events, signalLink{Href: href(eid), Date: t.Event.Date.Label(lang), Text: t.Event.Description})
		}
		v.Signals = append(v.Signals, row)
	}
	return v, nil
}

func (s *Server) handleSignals(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	data, err := s.signalsData(r, id)
	err = s.audited(r, rotonde.AuditRead, id, "signalen,tijdlijn,droom", err, strconv.Itoa(len(data.Signals))+" signalen")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderCasePage(w, r, http.StatusOK, "signals", "signals.title", data.Case, data, nil)
}
