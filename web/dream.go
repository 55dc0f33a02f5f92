package web

import (
	"fmt"
	"net/http"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// The dream (Hoofdstuk 1): the child's questions with one shared answer per
// case, and the professional's own questions, one answer per professional.
// It stands at the top of every case page (templates/_dream.html).

type dreamQuestion struct {
	Key    string
	Field  string // form field name
	Text   string
	Hint   string
	Answer *rotonde.DreamAnswer // the shared answer, or the viewer's own
	// Others are the answers of the other professionals (own questions only).
	Others []rotonde.DreamAnswer
}

type dreamPanel struct {
	CaseID            int64
	Title, Intro      string
	ChildIntro        string
	Child             []dreamQuestion
	ProfessionalIntro string
	Professional      []dreamQuestion
	// Answered counts the child questions with an answer; OwnAnswers the
	// professional answers of anyone.
	Answered, OwnAnswers int
	CanEditChild         bool
	CanEditOwn           bool
	Source               sourceLine
}

// CanEdit reports whether the viewer may write anything in the dream.
func (d dreamPanel) CanEdit() bool { return d.CanEditChild || d.CanEditOwn }

// dreamData builds the panel for a case the actor may read. The caller logs the read.
func (s *Server) dreamData(r *http.Request, caseID int64, role rotonde.MemberRole) (dreamPanel, error) {
	u := userFrom(r.Context())
	answers, err := s.store.Dreams.DreamAnswers(r.Context(), u, caseID)
	if err != nil {
		return dreamPanel{}, err
	}
	lang := langFrom(r.Context())
	lib := s.methodForCaseID(r, caseID)
	d := lib.Dream
	p := dreamPanel{Source: sourcesOf(s.cat.For(lang), lib, d.Source), CaseID: caseID, Title: d.Title.In(lang), Intro: d.Intro.In(lang), ChildIntro: d.ChildIntro.In(lang),
		ProfessionalIntro: d.ProfessionalIntro.In(lang),
		CanEditChild:      policy.CanAnswerDream(role), CanEditOwn: policy.CanAnswerOwnDream(role)}
	mk := func(q method.Question, prefix string) dreamQuestion {
		dq := dreamQuestion{Key: q.Key, Field: prefix + q.Key, Text: q.Text.In(lang)}
		if q.Hint != nil {
			dq.Hint = q.Hint.In(lang)
		}
		return dq
	}
	for _, q := range d.Child {
		dq := mk(q, "child.")
		for i := range answers {
			if a := &answers[i]; a.QuestionKey == q.Key && a.ForUser == 0 {
				dq.Answer = a
				p.Answered++
			}
		}
		p.Child = append(p.Child, dq)
	}
	for _, q := range d.Professional {
		dq := mk(q, "own.")
		for i := range answers {
			a := &answers[i]
			if a.QuestionKey != q.Key || a.ForUser == 0 {
				continue
			}
			p.OwnAnswers++
			if a.ForUser == u.ID {
				dq.Answer = a
			} else {
				dq.Others = append(dq.Others, *a)
			}
		}
		p.Professional = append(p.Professional, dq)
	}
	return p, nil
}

type dreamView struct {
	Case  *rotonde.Case
	Dream dreamPanel
	// Values holds what was typed when saving failed.
	Values map[string]string
}

func (s *Server) dreamPage(r *http.Request, id int64) (dreamView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return dreamView{}, err
	}
	d, err := s.dreamData(r, id, role)
	if err != nil {
		return dreamView{}, err
	}
	return dreamView{Case: c, Dream: d}, nil
}

// renderDream renders the dream page, titled by the method's name for the
// dream and the case, with err (if any) shown above the form.
func (s *Server) renderDream(w http.ResponseWriter, r *http.Request, status int, data dreamView, err error) {
	s.renderTitled(w, r, status, "dream", "dream.title", data.Dream.Title+" · "+data.Case.Title, data, err)
}

func (s *Server) handleDream(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "droom", s.dreamPage, s.renderDream)
}

func (s *Server) handleSaveDream(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	var err error
	u := userFrom(r.Context())
	lib := s.methodForCaseID(r, id)
	var answers []rotonde.DreamAnswer
	values := map[string]string{}
	for field, vals := range r.PostForm {
		prefix, key, ok := strings.Cut(field, ".")
		if !ok || (prefix != "child" && prefix != "own") {
			continue
		}
		q, known := lib.DreamQuestion(key)
		isChild := false
		for _, c := range lib.Dream.Child {
			isChild = isChild || c.Key == key
		}
		if !known || isChild != (prefix == "child") {
			err = rotonde.E(rotonde.EInvalid, "err.web.unknown_question_in_form")
			break
		}
		a := rotonde.DreamAnswer{CaseID: id, QuestionKey: q.Key, Answer: vals[0]}
		if prefix == "own" {
			a.ForUser = u.ID
		}
		values[field] = vals[0]
		answers = append(answers, a)
	}
	rec := s.auditNote(r, rotonde.AuditUpdate, id, "droom", fmt.Sprintf("%d antwoorden", len(answers)))
	if err == nil {
		err = s.store.Dreams.SaveDreamAnswers(r.Context(), u, id, answers)
	}
	err = s.auditedResult(r, rec, err)
	s.answerChange(w, r, err, fmt.Sprintf("/casussen/%d", id), func() {
		showPageAgain(s, w, r, id, err, s.dreamPage, func(data *dreamView) { data.Values = values }, s.renderDream)
	})
}

// Value is what a form field shows: what was typed, else the stored answer.
func (v dreamView) Value(q dreamQuestion) string {
	if s, ok := v.Values[q.Field]; ok {
		return s
	}
	if q.Answer != nil {
		return q.Answer.Answer
	}
	return ""
}
