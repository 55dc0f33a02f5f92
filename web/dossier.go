package web

import (
	"fmt"
	"io"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/dossier"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// dossierInput gathers the whole case for the PDF, each part through the
// store's own access check.
func (s *Server) dossierInput(r *http.Request, id int64) (dossier.Input, error) {
	u := userFrom(r.Context())
	ctx := r.Context()
	lang := langFrom(ctx)
	c, err := s.exportCase(r, id)
	if err != nil {
		return dossier.Input{}, err
	}
	in := dossier.Input{Lang: lang, Case: *c, ExportedAt: s.now(), ExportedBy: u.Name}
	lib := s.methodForCase(r, c)
	in.Sources = dossierSources(s.cat.For(lang), lib)
	if in.Members, err = s.store.Cases.Members(ctx, u, id); err != nil {
		return in, err
	}
	answers, err := s.store.Dreams.DreamAnswers(ctx, u, id)
	if err != nil {
		return in, err
	}
	shared := map[string]string{}
	for _, a := range answers {
		if a.ForUser == 0 {
			shared[a.QuestionKey] = a.Answer
		}
	}
	for _, q := range lib.Dream.Child {
		if a := shared[q.Key]; a != "" {
			in.Dream = append(in.Dream, dossier.QA{Question: q.Text.In(lang), Answer: a})
		}
	}
	entries, err := s.store.Timeline.TimelineEvents(ctx, u, id, timeline.Query{})
	if err != nil {
		return in, err
	}
	in.Events = timeline.EventsOf(entries)
	told, err := s.store.Timeline.InterviewEvents(ctx, u, id)
	if err != nil {
		return in, err
	}
	in.Events = append(in.Events, told...)
	timeline.Sort(in.Events)
	in.Signals = signal.Compute(in.Events, signal.Options{Now: s.now()})
	if in.Genogram, _, err = s.store.Genogram.Genogram(ctx, u, id); err != nil {
		return in, err
	}
	cycle, err := s.store.Progress.CycleEntries(ctx, u, id)
	if err != nil {
		return in, err
	}
	in.CycleAdvice = cycleAdvice(lib, cycle, lang)
	in.Cycle = dossierCycle(lib, cycle, lang)
	hist, err := s.store.Progress.PhaseHistory(ctx, u, id)
	if err != nil {
		return in, err
	}
	for i, h := range hist {
		title := h.Phase
		if p, ok := lib.Phase(h.Phase); ok {
			title = p.Title.In(lang)
		}
		if i == 0 {
			in.Phase = title
		}
		line := h.SetAt.Local().Format("02-01-2006") + " — " + title + " (" + h.SetByName + ")"
		if h.Reason != "" {
			line += ": " + h.Reason
		}
		in.PhaseHistory = append(in.PhaseHistory, line)
	}
	if in.Steps, err = s.store.Progress.Steps(ctx, u, id); err != nil {
		return in, err
	}
	insights, err := s.store.Progress.Insights(ctx, u, id)
	if err != nil {
		return in, err
	}
	for _, it := range insights {
		line := dossier.Insight{Body: it.Body, Meeting: it.MeetingTitle, Author: it.AuthorName, At: it.CreatedAt}
		if l, ok := lib.Level(it.Level); ok {
			line.Level = l.Title.In(lang)
		}
		in.Insights = append(in.Insights, line)
	}
	return in, nil
}

// dossierSources cites the publications of the method text the dossier
// shows: the dream's questions, the learning cycle, the phases and the
// levels of insight.
func dossierSources(l i18n.Localizer, lib *method.Library) []string {
	keys := []string{lib.Dream.Source, lib.Cycle.Source}
	for _, p := range lib.Phases {
		keys = append(keys, p.Source)
	}
	for _, lv := range lib.Levels {
		keys = append(keys, lv.Source)
	}
	return sourcesOf(l, lib, keys...).Citations
}

// dossierCycle lists, per step of the learning cycle, what was done in it.
func dossierCycle(lib *method.Library, cycle []rotonde.CycleEntry, lang string) []dossier.CycleStep {
	var out []dossier.CycleStep
	for _, st := range lib.Cycle.Steps {
		cs := dossier.CycleStep{Title: st.Title.In(lang)}
		for _, e := range cycle {
			if e.Step == st.Key {
				line := e.Done + " (" + e.CreatedName + ", " + e.CreatedAt.Local().Format("02-01-2006") + ")"
				if e.EvidenceRef != "" {
					line += " — " + e.EvidenceRef
				}
				if e.EvidenceURL != "" {
					line += " — " + e.EvidenceURL
				}
				cs.Entries = append(cs.Entries, line)
			}
		}
		out = append(out, cs)
	}
	return out
}

// handleDossier exports the whole case as a PDF. The export is logged
// before anything is sent; if the log cannot be written, nothing is.
func (s *Server) handleDossier(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	in, err := s.dossierInput(r, id)
	err = s.audited(r, rotonde.AuditExport, id, "dossier", err, "pdf")
	s.sendFile(w, r, err, "application/pdf", fmt.Sprintf("dossier-%d.pdf", id), func(out io.Writer) error {
		return dossier.Write(out, in)
	})
}
