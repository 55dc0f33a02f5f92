package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Learning cycle and phase: one page, /casussen/{id}/leercyclus.

type cycleStepView struct {
	Step    method.CycleStep
	Title   string
	Explain string
	Entries []rotonde.CycleEntry
}

type phaseView struct {
	Key, Title, Description string
	// Signs are the phase's subcategories.
	Signs []string
	// Quotes are participants' own words as the source records them;
	// QuotedIn cites that source.
	Quotes   []string
	QuotedIn string
}

type cycleView struct {
	Case    *rotonde.Case
	CanEdit bool
	Intro   string
	Steps   []cycleStepView
	Advice  string // the skip pattern, said plainly; empty when not seen
	// LateStall is the advice when steps 1 and 2 were taken but 3 or 4 is missing.
	LateStall string
	Phases    []phaseView
	Current   *phaseView
	History   []rotonde.PhaseChange
	Form      rotonde.CycleEntry
	NewPhase  string
	Source    sourceLine
}

func phaseViews(lib *method.Library, lang string) []phaseView {
	var out []phaseView
	for _, p := range lib.Phases {
		pv := phaseView{Key: p.Key, Title: p.Title.In(lang), Description: p.Description.In(lang)}
		for _, x := range p.Signs {
			pv.Signs = append(pv.Signs, x.In(lang))
		}
		for _, q := range p.Quotes {
			pv.Quotes = append(pv.Quotes, q.In(lang))
		}
		if src, ok := lib.Source(p.Source); ok {
			pv.QuotedIn = src.Citation()
		}
		out = append(out, pv)
	}
	return out
}

// cycleAdvice returns the skip-pattern message for a case's entries, in the
// case's words (lib: methodForCase).
func cycleAdvice(lib *method.Library, entries []rotonde.CycleEntry, lang string) string {
	hist := make([]string, len(entries))
	for i, e := range entries {
		hist[i] = e.Step
	}
	if t, ok := lib.Cycle.Advice(hist); ok {
		return t.In(lang)
	}
	return ""
}

// cycleLateStall returns the late-stall advice for a case's entries: steps
// 1 and 2 taken, 3 or 4 still missing.
func cycleLateStall(lib *method.Library, entries []rotonde.CycleEntry, lang string) string {
	hist := make([]string, len(entries))
	for i, e := range entries {
		hist[i] = e.Step
	}
	if t, ok := lib.Cycle.LateAdvice(hist); ok {
		return t.In(lang)
	}
	return ""
}

func (s *Server) cyclePage(r *http.Request, id int64) (cycleView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return cycleView{}, err
	}
	entries, err := s.store.Progress.CycleEntries(r.Context(), u, id)
	if err != nil {
		return cycleView{}, err
	}
	hist, err := s.store.Progress.PhaseHistory(r.Context(), u, id)
	if err != nil {
		return cycleView{}, err
	}
	lang := langFrom(r.Context())
	lib := s.methodForCase(r, c)
	v := cycleView{Case: c, CanEdit: policy.CanEditProgress(role), Intro: lib.Cycle.Intro.In(lang), History: hist,
		Advice: cycleAdvice(lib, entries, lang), LateStall: cycleLateStall(lib, entries, lang), Phases: phaseViews(lib, lang),
		Form: rotonde.CycleEntry{Step: method.StepConnect}}
	keys := []string{lib.Cycle.Source}
	for _, p := range lib.Phases {
		keys = append(keys, p.Source)
	}
	v.Source = sourcesOf(s.cat.For(lang), lib, keys...)
	for _, st := range lib.Cycle.Steps {
		sv := cycleStepView{Step: st, Title: st.Title.In(lang), Explain: st.Explanation.In(lang)}
		for _, e := range entries {
			if e.Step == st.Key {
				sv.Entries = append(sv.Entries, e)
			}
		}
		v.Steps = append(v.Steps, sv)
	}
	if len(hist) > 0 {
		for i := range v.Phases {
			if v.Phases[i].Key == hist[0].Phase {
				v.Current = &v.Phases[i]
			}
		}
	}
	return v, nil
}

// PhaseTitle names a phase key in the page's language.
func (v cycleView) PhaseTitle(key string) string {
	for _, p := range v.Phases {
		if p.Key == key {
			return p.Title
		}
	}
	return key
}

func (s *Server) renderCycle(w http.ResponseWriter, r *http.Request, status int, data cycleView, err error) {
	s.renderCasePage(w, r, status, "cycle", "cycle.title", data.Case, data, err)
}

func (s *Server) handleCycle(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "leercyclus,fase", s.cyclePage, s.renderCycle)
}

// progressChange runs one change from a form, logs it and redirects to next,
// or shows the page again (via page) with the reason it was refused.
func (s *Server) progressChange(w http.ResponseWriter, r *http.Request, action rotonde.AuditAction, part, detail string,
	change func(ctx context.Context, u *rotonde.User, caseID int64) (string, error),
	again func(w http.ResponseWriter, r *http.Request, id int64, err error)) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	rec := s.auditNote(r, action, id, part, detail)
	next, err := change(r.Context(), userFrom(r.Context()), id)
	err = s.auditedResult(r, rec, err)
	s.answerChange(w, r, err, next, func() { again(w, r, id, err) })
}

func (s *Server) cycleAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.cyclePage, func(data *cycleView) {
		f := r.PostForm
		data.Form = rotonde.CycleEntry{Step: f.Get("step"), Done: f.Get("done"), EvidenceURL: f.Get("evidence_url"), EvidenceRef: f.Get("evidence_ref")}
		data.NewPhase = f.Get("phase")
	}, s.renderCycle)
}

func (s *Server) handleAddCycleEntry(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "leercyclus", "stap", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		f := r.PostForm
		e := &rotonde.CycleEntry{CaseID: id, Step: f.Get("step"), Done: f.Get("done"), EvidenceURL: f.Get("evidence_url"), EvidenceRef: f.Get("evidence_ref")}
		return fmt.Sprintf("/casussen/%d/leercyclus#cyclus", id), s.store.Progress.AddCycleEntry(ctx, u, e)
	}, s.cycleAgain)
}

func (s *Server) handleSetPhase(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "fase", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		p := &rotonde.PhaseChange{CaseID: id, Phase: r.PostForm.Get("phase"), Reason: r.PostForm.Get("reason")}
		return fmt.Sprintf("/casussen/%d/leercyclus#fase", id), s.store.Progress.SetPhase(ctx, u, p)
	}, s.cycleAgain)
}

// Small steps: /casussen/{id}/stappen.

type stepsView struct {
	Case    *rotonde.Case
	CanEdit bool
	Steps   []rotonde.SmallStep
	Members []rotonde.Member
	Form    rotonde.SmallStep
	Today   string
}

// Overdue reports whether a step is past its date today.
func (v stepsView) Overdue(st rotonde.SmallStep) bool {
	t, _ := time.Parse("2006-01-02", v.Today)
	return st.Overdue(t)
}

func (s *Server) stepsPage(r *http.Request, id int64) (stepsView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return stepsView{}, err
	}
	steps, err := s.store.Progress.Steps(r.Context(), u, id)
	if err != nil {
		return stepsView{}, err
	}
	members, err := s.store.Cases.Members(r.Context(), u, id)
	if err != nil {
		return stepsView{}, err
	}
	v := stepsView{Case: c, CanEdit: policy.CanEditProgress(role), Steps: steps, Members: members, Today: s.now().Format("2006-01-02")}
	return v, nil
}

// stepTitle is the title of a case's small step, to celebrate it by name
// once it is done; "" when it cannot be read.
func (s *Server) stepTitle(ctx context.Context, u *rotonde.User, caseID, stepID int64) string {
	steps, err := s.store.Progress.Steps(ctx, u, caseID)
	if err != nil {
		return ""
	}
	for _, st := range steps {
		if st.ID == stepID {
			return st.Title
		}
	}
	return ""
}

func (s *Server) renderSteps(w http.ResponseWriter, r *http.Request, status int, data stepsView, err error) {
	s.renderCasePage(w, r, status, "steps", "steps.title", data.Case, data, err)
}

func (s *Server) handleSteps(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "kleine stappen", s.stepsPage, s.renderSteps)
}

func (s *Server) stepsAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.stepsPage, func(data *stepsView) {
		f := r.PostForm
		data.Form = rotonde.SmallStep{Title: f.Get("title"), OwnerText: f.Get("owner_text"), Due: f.Get("due")}
		data.Form.OwnerUserID, _ = strconv.ParseInt(f.Get("owner_user"), 10, 64)
	}, s.renderSteps)
}

func (s *Server) handleAddStep(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "kleine stappen", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		f := r.PostForm
		st := &rotonde.SmallStep{CaseID: id, Title: f.Get("title"), OwnerText: f.Get("owner_text"), Due: f.Get("due")}
		if v := f.Get("owner_user"); v != "" {
			var err error
			if st.OwnerUserID, err = strconv.ParseInt(v, 10, 64); err != nil {
				return "", rotonde.E(rotonde.EInvalid, "err.web.choose_owner_from_list")
			}
		}
		return fmt.Sprintf("/casussen/%d/stappen", id), s.store.Progress.AddStep(ctx, u, st)
	}, s.stepsAgain)
}

func (s *Server) handleStepStatus(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "kleine stappen", "status", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		f := r.PostForm
		stepID, err := strconv.ParseInt(f.Get("step"), 10, 64)
		if err != nil || stepID <= 0 {
			return "", rotonde.E(rotonde.EInvalid, "err.web.choose_small_step")
		}
		status := rotonde.StepStatus(f.Get("status"))
		next := fmt.Sprintf("/casussen/%d/stappen", id)
		celebrate := status == rotonde.StepDone
		if back := f.Get("next"); back == "gesprek" {
			if iv, err := strconv.ParseInt(f.Get("interview"), 10, 64); err == nil {
				next, celebrate = fmt.Sprintf("/casussen/%d/gesprekken/%d", id, iv), false
			}
		}
		err = s.store.Progress.SetStepStatus(ctx, u, id, stepID, status)
		if err == nil && celebrate {
			s.setFlash(w, r, flash{Key: "steps.celebrate", Detail: s.stepTitle(ctx, u, id, stepID)})
		}
		return next, err
	}, s.stepsAgain)
}

// Reflective interviews: /casussen/{id}/gesprekken and /casussen/{id}/gesprekken/{interview}.

type interviewsView struct {
	Case       *rotonde.Case
	CanHold    bool
	Interviews []rotonde.Interview
	Current    *rotonde.Interview
	Periods    []interviewPeriod
	Questions  []string
	Form       rotonde.InterviewAnswer
	NewName    string
	Source     sourceLine // of work card 2, whose questions these are
}

// interviewPeriod is one year of the timeline walked in the interview, with
// what the timeline and the interviewee already say about it.
type interviewPeriod struct {
	Year    int
	Events  []string
	Answers []rotonde.InterviewAnswer
}

func (s *Server) interviewsPage(r *http.Request, id, interviewID int64) (interviewsView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return interviewsView{}, err
	}
	ivs, err := s.store.Progress.Interviews(r.Context(), u, id)
	if err != nil {
		return interviewsView{}, err
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	v := interviewsView{Case: c, CanHold: policy.CanInterview(role), Interviews: ivs}
	if lib := s.methodForCase(r, c); lib != nil {
		if card, ok := lib.Card("reflective-interview"); ok {
			v.Source = sourcesOf(l, lib, card.Source)
		}
	}
	if interviewID == 0 {
		return v, nil
	}
	for i := range ivs {
		if ivs[i].ID == interviewID {
			v.Current = &ivs[i]
		}
	}
	if v.Current == nil {
		return v, rotonde.E(rotonde.ENotFound, "err.sqldb.this_interview_does_not_exist")
	}
	for _, k := range []string{"iv.q.missing", "iv.q.moment", "iv.q.crucial", "iv.q.turn"} {
		v.Questions = append(v.Questions, l.T(k))
	}
	// Walk the timeline year by year: what is on it, and what was told.
	entries, err := s.store.Timeline.TimelineEvents(r.Context(), u, id, timeline.Query{})
	if err != nil {
		return v, err
	}
	byYear := map[int]*interviewPeriod{}
	period := func(y int) *interviewPeriod {
		if p, ok := byYear[y]; ok {
			return p
		}
		p := &interviewPeriod{Year: y}
		byYear[y] = p
		return p
	}
	for _, e := range entries {
		if e.Event.Date.Year > 0 {
			p := period(e.Event.Date.Year)
			p.Events = append(p.Events, e.Event.Kind.Label(lang)+": "+runes.Cut(e.Event.Description, 140))
		}
	}
	for _, a := range v.Current.Answers {
		p := period(a.Year)
		p.Answers = append(p.Answers, a)
	}
	for _, p := range byYear {
		v.Periods = append(v.Periods, *p)
	}
	sortPeriods(v.Periods)
	v.Form.Year = s.now().Year()
	return v, nil
}

func sortPeriods(ps []interviewPeriod) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Year < ps[j-1].Year; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func (s *Server) renderInterviews(w http.ResponseWriter, r *http.Request, status int, data interviewsView, err error) {
	page, key := "interviews", "iv.title"
	if data.Current != nil {
		page = "interview"
	}
	s.renderCasePage(w, r, status, page, key, data.Case, data, err)
}

func (s *Server) handleInterviews(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	var ivID int64
	if r.PathValue("interview") != "" {
		if ivID, ok = s.pathIDPage(w, r, "interview"); !ok {
			return
		}
	}
	data, err := s.interviewsPage(r, id, ivID)
	err = s.audited(r, rotonde.AuditRead, id, "reflectief gesprek", err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderInterviews(w, r, http.StatusOK, data, nil)
}

func (s *Server) handleStartInterview(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "reflectief gesprek", "toestemming vastgelegd", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		f := r.PostForm
		iv := &rotonde.Interview{CaseID: id, Interviewee: f.Get("interviewee"), ConsentRecording: f.Get("consent_recording") == "yes", ConsentNotes: f.Get("consent_notes") == "yes"}
		if f.Get("consent_recording") == "" || f.Get("consent_notes") == "" {
			return "", rotonde.E(rotonde.EInvalid, "err.web.record_for_both_recording_and_notes")
		}
		err := s.store.Progress.StartInterview(ctx, u, iv)
		return fmt.Sprintf("/casussen/%d/gesprekken/%d", id, iv.ID), err
	}, func(w http.ResponseWriter, r *http.Request, id int64, err error) {
		showPageAgain(s, w, r, id, err, s.interviewsOf(0), func(data *interviewsView) {
			data.NewName = r.PostForm.Get("interviewee")
		}, s.renderInterviews)
	})
}

func (s *Server) interviewAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	ivID, _ := strconv.ParseInt(r.PathValue("interview"), 10, 64)
	showPageAgain(s, w, r, id, err, s.interviewsOf(ivID), func(data *interviewsView) {
		f := r.PostForm
		data.Form = rotonde.InterviewAnswer{Question: f.Get("question"), Answer: f.Get("answer")}
		data.Form.Year, _ = strconv.Atoi(f.Get("year"))
		data.Form.Month, _ = strconv.Atoi(f.Get("month"))
	}, s.renderInterviews)
}

// interviewsOf loads the interviews page of a case with interview ivID open.
func (s *Server) interviewsOf(ivID int64) func(*http.Request, int64) (interviewsView, error) {
	return func(r *http.Request, id int64) (interviewsView, error) { return s.interviewsPage(r, id, ivID) }
}

func (s *Server) handleInterviewAnswer(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "reflectief gesprek", "antwoord", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		ivID, err := pathID(r, "interview")
		if err != nil {
			return "", err
		}
		f := r.PostForm
		a := &rotonde.InterviewAnswer{CaseID: id, InterviewID: ivID, Question: f.Get("question"), Answer: f.Get("answer")}
		if a.Year, err = strconv.Atoi(strings.TrimSpace(f.Get("year"))); err != nil {
			return "", rotonde.E(rotonde.EInvalid, "err.rotonde.fill_in_year_of_period")
		}
		if m := strings.TrimSpace(f.Get("month")); m != "" {
			if a.Month, err = strconv.Atoi(m); err != nil {
				return "", rotonde.E(rotonde.EInvalid, "err.rotonde.month_is_1_to_12_or")
			}
		}
		return fmt.Sprintf("/casussen/%d/gesprekken/%d#periode-%d", id, ivID, a.Year), s.store.Progress.AddInterviewAnswer(ctx, u, a)
	}, s.interviewAgain)
}

func (s *Server) handleInterviewConsent(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "reflectief gesprek", "toestemming gewijzigd", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		ivID, err := pathID(r, "interview")
		if err != nil {
			return "", err
		}
		f := r.PostForm
		return fmt.Sprintf("/casussen/%d/gesprekken/%d", id, ivID),
			s.store.Progress.SetInterviewConsent(ctx, u, id, ivID, f.Get("consent_recording") == "yes", f.Get("consent_notes") == "yes")
	}, s.interviewAgain)
}

// The case page's summary: phase, the cycle warning, open report-backs and the feed.

type progressSummary struct {
	Phase       string
	PhaseQuote  string
	QuotedIn    string // the source of PhaseQuote
	Advice      string
	LateStall   string
	ReportBacks []rotonde.SmallStep
	OpenSteps   int
	Insights    []rotonde.Insight // the newest few
	InsightsAll int
	Feed        []feedLine
}

type feedLine struct {
	At   time.Time
	Kind string
	Who  string
	Text string
	// Trash: a deletion or a restore ("Mama verwijderde ‘Opa Henk’ …");
	// Undo: a deletion, with a link to the trash.
	Trash, Undo bool
}

// caseProgress gathers the summary for the case page. Its reads are covered
// by the case page's own access-log record (part "voortgang").
func (s *Server) caseProgress(r *http.Request, id int64) (*progressSummary, error) {
	u := userFrom(r.Context())
	lang := langFrom(r.Context())
	lib := s.methodForCaseID(r, id)
	sum := &progressSummary{}
	hist, err := s.store.Progress.PhaseHistory(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	if len(hist) > 0 {
		if p, ok := lib.Phase(hist[0].Phase); ok {
			sum.Phase = p.Title.In(lang)
			if len(p.Quotes) > 0 {
				// A different quote each day keeps the encouragement fresh without randomness.
				sum.PhaseQuote = p.Quotes[s.now().YearDay()%len(p.Quotes)].In(lang)
				if src, ok := lib.Source(p.Source); ok {
					sum.QuotedIn = src.Citation()
				}
			}
		}
	}
	entries, err := s.store.Progress.CycleEntries(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	sum.Advice = cycleAdvice(lib, entries, lang)
	sum.LateStall = cycleLateStall(lib, entries, lang)
	steps, err := s.store.Progress.Steps(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	for _, st := range steps {
		if st.Status != rotonde.StepOpen {
			continue
		}
		sum.OpenSteps++
		if st.ReportBack {
			sum.ReportBacks = append(sum.ReportBacks, st)
		}
	}
	insights, err := s.store.Progress.Insights(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	sum.InsightsAll = len(insights)
	sum.Insights = insights[:min(3, len(insights))]
	feed, err := s.store.Progress.Feed(r.Context(), u, id, 8)
	if err != nil {
		return nil, err
	}
	for _, f := range feed {
		line := feedLine{At: f.At, Kind: f.Kind, Who: f.Actor, Text: f.Text}
		line.Trash = strings.HasPrefix(f.Kind, "trashed.") || strings.HasPrefix(f.Kind, "restored.") ||
			strings.HasPrefix(f.Kind, "ended.") || strings.HasPrefix(f.Kind, "undone.") // web/undo.go
		line.Undo = strings.HasPrefix(f.Kind, "trashed.")
		switch f.Kind {
		case "phase":
			if p, ok := lib.Phase(f.Text); ok {
				line.Text = p.Title.In(lang)
			}
		case "cycle":
			if st, ok := lib.CycleStep(f.Text); ok {
				line.Text = st.Title.In(lang)
			}
		}
		sum.Feed = append(sum.Feed, line)
	}
	return sum, nil
}
