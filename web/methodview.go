package web

import (
	"net/http"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
)

// What the method library says about itself on the pages that use it: a
// work card's purpose, use, materials, group and timing where it is chosen
// and where it runs, and the short source line under method text
// (templates/_method.html).

// sourceLine is the data of the "method-source" partial: the citations of
// the publications whose content the page shows.
type sourceLine struct {
	L         i18n.Localizer
	Citations []string
}

// sourcesOf cites the given source keys once each, in the order given;
// unknown and empty keys are skipped.
func sourcesOf(l i18n.Localizer, lib *method.Library, keys ...string) sourceLine {
	out := sourceLine{L: l}
	seen := map[string]bool{}
	for _, k := range keys {
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if src, ok := lib.Source(k); ok {
			out.Citations = append(out.Citations, src.Citation())
		}
	}
	return out
}

// cardInfo is a work card as the "card-info" partial shows it.
type cardInfo struct {
	L          i18n.Localizer
	Key        string
	Number     int
	Title      string
	Purpose    string
	WhenToUse  string
	Materials  []string
	GroupMin   int
	GroupMax   int
	Minutes    int // in the meeting
	Before     int // before the meeting
	Online     bool
	OnlineNote string
	Variants   []variantInfo
	Source     sourceLine
}

type variantInfo struct {
	Title, WhenToUse string
	Minutes, Before  int
}

func cardInfoOf(l i18n.Localizer, lib *method.Library, c method.Card, lang string) cardInfo {
	ci := cardInfo{L: l, Key: c.Key, Number: c.Number, Title: c.Title.In(lang), Purpose: c.Purpose.In(lang),
		WhenToUse: c.WhenToUse.In(lang), GroupMin: c.GroupSize.Min, GroupMax: c.GroupSize.Max,
		Minutes: c.MeetingMinutes(""), Before: c.BeforeMinutes(""), Online: c.Online, OnlineNote: c.OnlineNote.In(lang),
		Source: sourcesOf(l, lib, c.Source)}
	for _, m := range c.Materials {
		ci.Materials = append(ci.Materials, m.In(lang))
	}
	for _, v := range c.Variants {
		ci.Variants = append(ci.Variants, variantInfo{Title: v.Title.In(lang), WhenToUse: v.WhenToUse.In(lang),
			Minutes: c.MeetingMinutes(v.Key), Before: c.BeforeMinutes(v.Key)})
	}
	return ci
}

// agendaSources cites the sources of the work cards on a meeting's agenda.
func (s *Server) agendaSources(r *http.Request, snap *meeting.Snapshot) sourceLine {
	lib := s.methodForMeeting(r, &snap.Meeting)
	var keys []string
	for _, st := range snap.Steps {
		if c, ok := lib.Card(st.CardKey); ok {
			keys = append(keys, c.Source)
		}
	}
	return sourcesOf(s.cat.For(langFrom(r.Context())), lib, keys...)
}
