package web

import (
	"fmt"
	"net/http"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The shared development agenda (ontwikkelagenda) of a region: the plans
// of its organisations and municipalities for a year side by side, and
// their questions to each other, "wat heb je van mij nodig?".

type agendaQuestionView struct {
	rotonde.AgendaQuestion
	Mine bool // put to the reader's organisation, who may answer it
}

type agendaView struct {
	Agenda    *rotonde.Agenda
	Own       *rotonde.AgendaParty // the reader's party, nil for a reader only
	Others    []rotonde.AgendaParty
	Questions []agendaQuestionView
	Prev      int
	Next      int
	Form      struct {
		Item, Question, Answer string
		To, AnswerTo           int64
	}
}

// agendaYear is the year asked for (jaar in the address or the form), this
// year when none.
func (s *Server) agendaYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.FormValue("jaar")); err == nil {
		return y
	}
	return s.now().Year()
}

func (s *Server) agendaPage(r *http.Request) (agendaView, error) {
	a, err := s.store.Agenda.Agenda(r.Context(), userFrom(r.Context()), s.agendaYear(r))
	if err != nil {
		return agendaView{}, err
	}
	v := agendaView{Agenda: a, Prev: a.Year - 1, Next: a.Year + 1}
	for i := range a.Parties {
		if a.Parties[i].OrgID == a.OwnOrg {
			v.Own = &a.Parties[i]
		} else {
			v.Others = append(v.Others, a.Parties[i])
		}
	}
	for _, q := range a.Questions {
		v.Questions = append(v.Questions, agendaQuestionView{AgendaQuestion: q, Mine: a.OwnOrg != 0 && q.ToOrg == a.OwnOrg})
	}
	return v, nil
}

func (s *Server) handleAgenda(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "agenda", "agenda.title", s.agendaPage)
}

// agendaChange runs a change to the agenda and returns to the year's page,
// or shows the page again with the reason and what was typed.
func (s *Server) agendaChange(w http.ResponseWriter, r *http.Request, anchor string, change func(u *rotonde.User, year int) error, fill func(*agendaView)) {
	err := parseForm(w, r)
	year := s.agendaYear(r)
	if err == nil {
		err = change(userFrom(r.Context()), year)
	}
	if err == nil {
		s.setFlash(w, r, flash{Key: "agenda.saved"})
		http.Redirect(w, r, fmt.Sprintf("/netwerk/agenda?jaar=%d#%s", year, anchor), http.StatusSeeOther)
		return
	}
	if s.refusedHere(w, r, err, rotonde.EInvalid) {
		formAgain(s, w, r, "agenda", "agenda.title", s.agendaPage, fill, err)
	}
}

func (s *Server) handleAddAgendaItem(w http.ResponseWriter, r *http.Request) {
	s.agendaChange(w, r, "eigen-plan", func(u *rotonde.User, year int) error {
		_, err := s.store.Agenda.AddAgendaItem(r.Context(), u, year, r.PostForm.Get("body"))
		return err
	}, func(v *agendaView) { v.Form.Item = r.PostForm.Get("body") })
}

func (s *Server) handleDeleteAgendaItem(w http.ResponseWriter, r *http.Request) {
	s.agendaChange(w, r, "eigen-plan", func(u *rotonde.User, _ int) error {
		id, err := pathID(r, "entry")
		if err != nil {
			return err
		}
		return s.store.Agenda.DeleteAgendaItem(r.Context(), u, id)
	}, func(*agendaView) {})
}

func (s *Server) handleAskAgendaQuestion(w http.ResponseWriter, r *http.Request) {
	s.agendaChange(w, r, "vragen", func(u *rotonde.User, year int) error {
		return s.store.Agenda.AskAgendaQuestion(r.Context(), u, &rotonde.AgendaQuestion{Year: year, ToOrg: formInt(r, "to"), Question: r.PostForm.Get("question")})
	}, func(v *agendaView) { v.Form.Question, v.Form.To = r.PostForm.Get("question"), formInt(r, "to") })
}

func (s *Server) handleAnswerAgendaQuestion(w http.ResponseWriter, r *http.Request) {
	var id int64
	s.agendaChange(w, r, "vragen", func(u *rotonde.User, _ int) error {
		var err error
		if id, err = pathID(r, "question"); err != nil {
			return err
		}
		return s.store.Agenda.AnswerAgendaQuestion(r.Context(), u, id, r.PostForm.Get("answer"))
	}, func(v *agendaView) { v.Form.Answer, v.Form.AnswerTo = r.PostForm.Get("answer"), id })
}
