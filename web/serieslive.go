package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// A session of an intervision series runs as a live meeting of the group
// (the meeting pages and web/live.go), with the intervision work forms as
// its steps. Here: starting a session from the series page, the work-form
// screen of the live page, revealing a step's contributions, and the series
// report whose paraphrases each author checks before they leave the group.

// sessionsView is what the series page shows of its sessions' meetings.
type sessionsView struct {
	Meetings   map[int]*knowledge.SessionMeeting // by session number
	Facilitate bool
}

func (s *Server) sessionsOf(r *http.Request, seriesID int64, role string) (sessionsView, error) {
	list, err := s.store.Knowledge.SessionMeetings(r.Context(), userFrom(r.Context()), seriesID)
	if err != nil {
		return sessionsView{}, err
	}
	v := sessionsView{Meetings: map[int]*knowledge.SessionMeeting{}, Facilitate: role == "facilitator"}
	for i := range list {
		v.Meetings[list[i].Number] = &list[i]
	}
	return v, nil
}

// handleStartSession makes a session of the series a live meeting and takes
// the facilitator to it; a session already running is simply opened.
func (s *Server) handleStartSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "series")
	number, nerr := strconv.Atoi(r.PathValue("number"))
	if err == nil && nerr != nil {
		err = rotonde.E(rotonde.ENotFound, "err.knowledge.session_not_found")
	}
	if err == nil {
		err = parseForm(w, r)
	}
	st := s.store.Meetings
	u := userFrom(r.Context())
	var sm knowledge.SessionMeeting
	if err == nil {
		sm, err = s.store.Knowledge.StartSession(r.Context(), u, id, number)
	}
	var seq int64
	if err == nil && sm.Status == string(meeting.Draft) {
		// A fresh code clashing with a live one is rare; try a few.
		for range 5 {
			seq, err = st.StartMeeting(r.Context(), u, sm.MeetingID, meeting.NewJoinCode())
			if err == nil || rotonde.ErrorCodeOf(err) != rotonde.EConflict {
				break
			}
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.published(sm.MeetingID, seq)
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d/live", sm.MeetingID), http.StatusSeeOther)
}

// handleRevealStep shows the group the contributions to the current step,
// without names.
func (s *Server) handleRevealStep(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-tonen", "/live", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		return st.RevealStep(r.Context(), u, mid)
	})
}

// seriesLiveView is the work-form screen of a series session's current step.
type seriesLiveView struct {
	Form     string
	Kind     meeting.CaptureKind
	Count    int               // contributions to the step so far, everyone's
	Mine     []labelledCapture // the viewer's own, before they are revealed
	Shown    []labelledCapture // everyone's once revealed, without names
	Revealed bool
	Levels   []levelOption
}

type labelledCapture struct {
	Level string // the level of insight's title, or ""
	Body  string
}

// seriesLive builds the work-form screen, or nil for any other step.
func (s *Server) seriesLive(r *http.Request, snap *meeting.Snapshot, a meeting.Access) *seriesLiveView {
	cur, ok := snap.Current()
	form, isForm := meeting.FormOf(cur)
	if !ok || !isForm || snap.Series == nil {
		return nil
	}
	lang := langFrom(r.Context())
	v := &seriesLiveView{Form: form.Key, Kind: form.Kind, Revealed: snap.Series.Revealed(cur.Position),
		Levels: levelOptions(s.methodForMeeting(r, &snap.Meeting), lang), Count: snap.Series.Withheld[cur.Position]}
	titles := map[string]string{}
	for _, l := range v.Levels {
		titles[l.Key] = l.Title
	}
	for _, c := range snap.Captures {
		if c.StepPosition != cur.Position {
			continue
		}
		v.Count++
		lc := labelledCapture{Level: titles[c.Slot], Body: c.Body}
		if v.Revealed {
			v.Shown = append(v.Shown, lc)
		} else if a.Participant != nil && c.ParticipantID == a.Participant.ID {
			v.Mine = append(v.Mine, lc)
		}
	}
	return v
}

// formStepView fills the title and text of a work-form step, which the
// method library does not hold.
func formStepView(sv *stepView, st meeting.Step, t func(key string, args ...any) string) {
	if f, ok := meeting.FormOf(st); ok {
		sv.Card = t("intervision.card")
		sv.Title = t("intervision.form." + f.Key + ".title")
		sv.Text = t("intervision.form." + f.Key + ".text")
	}
}

type reportLineView struct {
	knowledge.ReportLine
	KindTitle, LevelTitle string
}

type seriesReportView struct {
	Series     *knowledge.Series
	Report     []reportLineView // checked paraphrases: what leaves the group
	Pending    []reportLineView // to draft (facilitators) or to check (the author)
	Facilitate bool
	Form       map[int64]string // a refused paraphrase, to write again
}

func (s *Server) seriesReportPage(r *http.Request, id int64) (seriesReportView, error) {
	u := userFrom(r.Context())
	se, err := s.store.Knowledge.Series(r.Context(), u, id)
	if err != nil {
		return seriesReportView{}, err
	}
	rep, err := s.store.Knowledge.SeriesReport(r.Context(), u, id)
	if err != nil {
		return seriesReportView{}, err
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	levels := map[string]string{}
	for _, lv := range levelOptions(s.methodFor(r), lang) {
		levels[lv.Key] = lv.Title
	}
	v := seriesReportView{Series: se, Facilitate: rep.Facilitate}
	for _, line := range rep.Report() {
		v.Report = append(v.Report, reportLineView{ReportLine: line, KindTitle: l.T("knowledge.kind." + string(line.Kind)), LevelTitle: levels[line.Level]})
	}
	for _, line := range rep.Lines {
		if !line.Checked {
			v.Pending = append(v.Pending, reportLineView{ReportLine: line, KindTitle: l.T("knowledge.kind." + string(line.Kind)), LevelTitle: levels[line.Level]})
		}
	}
	return v, nil
}

func (s *Server) renderSeriesReport(w http.ResponseWriter, r *http.Request, status int, v seriesReportView, err error) {
	s.renderPage(w, r, status, "series_report", "series.report.title", v, err)
}

// seriesReportOf reads the report of the series in the path, or answers
// with the error and reports false.
func (s *Server) seriesReportOf(w http.ResponseWriter, r *http.Request) (seriesReportView, bool) {
	return loadPathPage(s, w, r, "series", s.seriesReportPage)
}

func (s *Server) handleSeriesReport(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.seriesReportOf(w, r); ok {
		s.renderSeriesReport(w, r, http.StatusOK, v, nil)
	}
}

// handleReportParaphrase keeps a paraphrase of one line: the author's
// approves it, a facilitator's is a draft for the author to check.
func (s *Server) handleReportParaphrase(w http.ResponseWriter, r *http.Request) {
	id, line, err := pathIDsForm(w, r, "series", "line")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	para := r.PostForm.Get("paraphrase")
	err = s.store.Knowledge.SaveReportParaphrase(r.Context(), userFrom(r.Context()), id, line, para)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/reeksen/%d/verslag", id), http.StatusSeeOther)
		return
	}
	if s.refusedHere(w, r, err, rotonde.EInvalid) {
		showPageAgain(s, w, r, id, err, s.seriesReportPage, func(v *seriesReportView) {
			v.Form = map[int64]string{line: strings.TrimSpace(para)}
		}, s.renderSeriesReport)
	}
}
