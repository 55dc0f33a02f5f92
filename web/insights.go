package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Insights: /casussen/{id}/inzichten. Insights captured in a learning meeting
// land here (sqldb.CaptureInput stores them in the same transaction);
// members can add their own and place each at a level of insight.

type levelOption struct {
	Key, Title, Question string
}

type insightGroup struct {
	Level    levelOption // Key "" for insights not yet placed
	Insights []rotonde.Insight
}

type insightsView struct {
	Case    *rotonde.Case
	CanEdit bool
	Levels  []levelOption
	Groups  []insightGroup
	Count   int
	Form    rotonde.Insight
	// Orders and Verbs help to weigh an insight while placing it: which
	// order of learning it belongs to, which verb of transformation it shows.
	Orders []orderView
	Verbs  []verbView
	Source sourceLine
}

type orderView struct {
	Title, Focus, Kind, Description, Measure string
}

type verbView struct {
	Title, Explanation string
}

func levelOptions(lib *method.Library, lang string) []levelOption {
	var out []levelOption
	for _, l := range lib.Levels {
		out = append(out, levelOption{Key: l.Key, Title: l.Title.In(lang), Question: l.Question.In(lang)})
	}
	return out
}

// groupInsights orders insights by level as the library orders the levels,
// the unplaced ones last; a level nobody used is left out.
func groupInsights(all []rotonde.Insight, levels []levelOption, unplaced string) []insightGroup {
	byLevel := map[string][]rotonde.Insight{}
	for _, in := range all {
		byLevel[in.Level] = append(byLevel[in.Level], in)
	}
	var out []insightGroup
	known := map[string]bool{}
	for _, l := range levels {
		known[l.Key] = true
		if len(byLevel[l.Key]) > 0 {
			out = append(out, insightGroup{Level: l, Insights: byLevel[l.Key]})
		}
	}
	// A level an organisation has since retired still shows its insights, unplaced.
	var rest []rotonde.Insight
	for _, in := range all {
		if !known[in.Level] {
			rest = append(rest, in)
		}
	}
	if len(rest) > 0 {
		out = append(out, insightGroup{Level: levelOption{Title: unplaced}, Insights: rest})
	}
	return out
}

func (s *Server) insightsPage(r *http.Request, id int64) (insightsView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return insightsView{}, err
	}
	all, err := s.store.Progress.Insights(r.Context(), u, id)
	if err != nil {
		return insightsView{}, err
	}
	lang := langFrom(r.Context())
	levels := levelOptions(s.methodForCase(r, c), lang)
	v := insightsView{Case: c, CanEdit: policy.CanEditProgress(role), Levels: levels, Count: len(all)}
	v.Groups = groupInsights(all, levels, s.cat.For(lang).T("insights.unplaced"))
	lib := s.methodForCase(r, c)
	keys := []string{}
	for _, l := range lib.Levels {
		keys = append(keys, l.Source)
	}
	for _, o := range lib.Orders {
		v.Orders = append(v.Orders, orderView{Title: o.Title.In(lang), Focus: o.Focus.In(lang), Kind: o.Kind.In(lang),
			Description: o.Description.In(lang), Measure: o.Measure.In(lang)})
		keys = append(keys, o.Source)
	}
	for _, vb := range lib.Verbs {
		v.Verbs = append(v.Verbs, verbView{Title: vb.Title.In(lang), Explanation: vb.Explanation.In(lang)})
		keys = append(keys, vb.Source)
	}
	v.Source = sourcesOf(s.cat.For(lang), lib, keys...)
	return v, nil
}

func (s *Server) renderInsights(w http.ResponseWriter, r *http.Request, status int, data insightsView, err error) {
	s.renderCasePage(w, r, status, "insights", "insights.title", data.Case, data, err)
}

func (s *Server) handleInsights(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "inzichten", s.insightsPage, s.renderInsights)
}

func (s *Server) insightsAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.insightsPage, func(data *insightsView) {
		data.Form = rotonde.Insight{Body: r.PostForm.Get("body"), Level: r.PostForm.Get("level")}
	}, s.renderInsights)
}

// checkLevel refuses a level key the case's method library does not know.
func (s *Server) checkLevel(r *http.Request, caseID int64, key string) error {
	if key == "" {
		return nil
	}
	if _, ok := s.methodForCaseID(r, caseID).Level(key); !ok {
		return rotonde.E(rotonde.EInvalid, "err.web.choose_level_from_list")
	}
	return nil
}

func (s *Server) handleAddInsight(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "inzichten", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		in := &rotonde.Insight{CaseID: id, Body: r.PostForm.Get("body"), Level: r.PostForm.Get("level")}
		if err := s.checkLevel(r, id, in.Level); err != nil {
			return "", err
		}
		return fmt.Sprintf("/casussen/%d/inzichten", id), s.store.Progress.AddInsight(ctx, u, in)
	}, s.insightsAgain)
}

func (s *Server) handleInsightLevel(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "inzichten", "niveau", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		insightID, err := strconv.ParseInt(r.PostForm.Get("insight"), 10, 64)
		if err != nil || insightID <= 0 {
			return "", rotonde.E(rotonde.EInvalid, "err.web.choose_insight")
		}
		level := r.PostForm.Get("level")
		if err := s.checkLevel(r, id, level); err != nil {
			return "", err
		}
		return fmt.Sprintf("/casussen/%d/inzichten#inzicht-%d", id, insightID), s.store.Progress.SetInsightLevel(ctx, u, id, insightID, level)
	}, s.insightsAgain)
}
