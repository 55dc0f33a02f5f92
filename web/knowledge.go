package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Knowledge records (kennis): dilemmas and insights as records of their
// own. /casussen/{id}/kennis holds a case's records, /kennis the ones a user
// wrote down on their own and the open questions "wat heb je ermee gedaan?".
// Sharing beyond the source is a step of its own: a paraphrase, the
// confirmation that identifying details are gone, and for case material the
// family's consent; names known in the source are shown beside the form and
// refused in the paraphrase.

// choice is one option of a list of checkboxes or a select.
type choice struct {
	Key, Title string
	Checked    bool
}

// linkLabel is a record's link as a reader sees it.
type linkLabel struct {
	Kind, Title string
}

type recordView struct {
	knowledge.Record
	Labels  []linkLabel
	Level   string // the level's title
	Due     bool   // the follow-up question is due
	CanEdit bool
}

type knowledgeForm struct {
	Kind, Body, Level, Themes, Takeaway string
	InsightID                           int64
}

type knowledgeView struct {
	Case       *rotonde.Case // nil on /kennis
	Action     string        // where the add form posts
	CanEdit    bool
	Records    []recordView
	FollowUps  []recordView
	Insights   []rotonde.Insight // case insights not yet made into a record
	Levels     []levelOption
	Verbs      []choice
	Fields     []choice
	Components []choice
	Terms      []string // names and places known in the case, for the paraphrase
	Consent    bool     // the case has the family's consent for sharing
	Form       knowledgeForm
	ShareID    int64 // the record whose share form failed
	ShareText  string
	CanThreads bool
	Source     sourceLine
}

// libraryChoices lists the verbs, tension fields and success components a
// record can be tied to.
func libraryChoices(lib *method.Library, lang string) (verbs, fields, comps []choice) {
	for _, v := range lib.Verbs {
		verbs = append(verbs, choice{Key: v.Key, Title: v.Title.In(lang)})
	}
	for _, set := range lib.FieldSets() {
		for _, f := range lib.FieldsInSet(set) {
			fields = append(fields, choice{Key: f.Key, Title: f.Title.In(lang)})
		}
	}
	for _, c := range lib.SuccessComponents {
		comps = append(comps, choice{Key: c.Key, Title: c.Title.In(lang)})
	}
	return
}

// linkTitle names a record's link in the reader's language.
func linkTitle(lib *method.Library, lang string, l knowledge.Link) string {
	switch l.Kind {
	case knowledge.LinkVerb:
		if v, ok := lib.Verb(l.Key); ok {
			return v.Title.In(lang)
		}
	case knowledge.LinkField:
		if f, ok := lib.Field(l.Key); ok {
			return f.Title.In(lang)
		}
	case knowledge.LinkComponent:
		for _, c := range lib.SuccessComponents {
			if c.Key == l.Key {
				return c.Title.In(lang)
			}
		}
	}
	return l.Key
}

func (s *Server) recordViews(lib *method.Library, lang string, list []knowledge.Record, canEdit bool, now time.Time) []recordView {
	out := make([]recordView, 0, len(list))
	for _, k := range list {
		v := recordView{Record: k, CanEdit: canEdit, Due: !k.FollowUpDue.IsZero() && k.FollowUp == "" && !now.Before(k.FollowUpDue)}
		if lvl, ok := lib.Level(k.Level); ok {
			v.Level = lvl.Title.In(lang)
		}
		for _, l := range k.Links {
			v.Labels = append(v.Labels, linkLabel{Kind: l.Kind, Title: linkTitle(lib, lang, l)})
		}
		out = append(out, v)
	}
	return out
}

// recordFromForm reads a record from the add form and checks its library
// keys against lib.
func recordFromForm(r *http.Request, lib *method.Library) (*knowledge.Record, error) {
	f := r.PostForm
	k := &knowledge.Record{Kind: knowledge.Kind(f.Get("kind")), Body: f.Get("body"), Level: f.Get("level"), Takeaway: f.Get("takeaway")}
	if k.Level != "" {
		if _, ok := lib.Level(k.Level); !ok {
			return k, rotonde.E(rotonde.EInvalid, "err.web.choose_level_from_list")
		}
	}
	for _, t := range strings.Split(f.Get("themes"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			k.Links = append(k.Links, knowledge.Link{Kind: knowledge.LinkTheme, Key: t})
		}
	}
	known := func(kind, key string) bool {
		switch kind {
		case knowledge.LinkVerb:
			_, ok := lib.Verb(key)
			return ok
		case knowledge.LinkField:
			_, ok := lib.Field(key)
			return ok
		default:
			for _, c := range lib.SuccessComponents {
				if c.Key == key {
					return true
				}
			}
			return false
		}
	}
	for _, kind := range []string{knowledge.LinkVerb, knowledge.LinkField, knowledge.LinkComponent} {
		for _, key := range f[kind] {
			if !known(kind, key) {
				return k, rotonde.E(rotonde.EInvalid, "err.knowledge.unknown_link")
			}
			k.Links = append(k.Links, knowledge.Link{Kind: kind, Key: key})
		}
	}
	return k, nil
}

func (s *Server) fillChoices(v *knowledgeView, lib *method.Library, lang string) {
	v.Levels = levelOptions(lib, lang)
	v.Verbs, v.Fields, v.Components = libraryChoices(lib, lang)
	keys := []string{}
	for _, l := range lib.Levels {
		keys = append(keys, l.Source)
	}
	for _, c := range lib.SuccessComponents {
		keys = append(keys, c.Source)
	}
	v.Source = sourcesOf(s.cat.For(lang), lib, keys...)
}

func (s *Server) caseKnowledgePage(r *http.Request, id int64) (knowledgeView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return knowledgeView{}, err
	}
	list, err := s.store.Knowledge.CaseRecords(r.Context(), u, id)
	if err != nil {
		return knowledgeView{}, err
	}
	insights, err := s.store.Progress.Insights(r.Context(), u, id)
	if err != nil {
		return knowledgeView{}, err
	}
	lang := langFrom(r.Context())
	lib := s.methodForCase(r, c)
	canEdit := policy.CanEditProgress(role)
	v := knowledgeView{Case: c, Action: fmt.Sprintf("/casussen/%d/kennis", id), CanEdit: canEdit, CanThreads: knowledge.CanLearnAcrossCases(u.Role)}
	v.Records = s.recordViews(lib, lang, list, canEdit, s.now())
	made := map[int64]bool{}
	for _, k := range list {
		made[k.InsightID] = true
	}
	for _, in := range insights {
		if !made[in.ID] {
			v.Insights = append(v.Insights, in)
		}
	}
	s.fillChoices(&v, lib, lang)
	if canEdit && len(list) > 0 {
		// The names are the case's own; only its writers see them, beside the share form.
		if v.Terms, err = s.store.Knowledge.KnownTerms(r.Context(), u, list[0].ID); err != nil {
			return knowledgeView{}, err
		}
	}
	grounds, err := s.store.Trust.Grounds(r.Context(), u, id)
	if err != nil {
		return knowledgeView{}, err
	}
	for _, g := range grounds {
		if g.Kind == rotonde.GroundConsent && g.Active() {
			v.Consent = true
		}
	}
	return v, nil
}

func (s *Server) renderCaseKnowledge(w http.ResponseWriter, r *http.Request, status int, data knowledgeView, err error) {
	s.renderCasePage(w, r, status, "knowledge", "knowledge.title", data.Case, data, err)
}

func (s *Server) handleCaseKnowledge(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "kennis", s.caseKnowledgePage, s.renderCaseKnowledge)
}

func (s *Server) caseKnowledgeAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.caseKnowledgePage, func(data *knowledgeView) {
		f := r.PostForm
		if rid, perr := pathID(r, "record"); perr == nil {
			data.ShareID, data.ShareText = rid, f.Get("paraphrase")
		} else {
			data.Form = knowledgeForm{Kind: f.Get("kind"), Body: f.Get("body"), Level: f.Get("level"), Themes: f.Get("themes"), Takeaway: f.Get("takeaway")}
		}
	}, s.renderCaseKnowledge)
}

func (s *Server) handleAddCaseRecord(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "kennis", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		k, err := recordFromForm(r, s.methodForCaseID(r, id))
		if err != nil {
			return "", err
		}
		k.CaseID = id
		if iid := r.PostForm.Get("insight"); iid != "" {
			if _, err := fmt.Sscan(iid, &k.InsightID); err != nil {
				return "", rotonde.E(rotonde.ENotFound, "err.sqldb.this_insight_does_not_exist_any")
			}
			if k.Kind == "" {
				k.Kind = knowledge.KindInsight
			}
		}
		if err := s.store.Knowledge.AddRecord(ctx, u, k); err != nil {
			return "", err
		}
		return fmt.Sprintf("/casussen/%d/kennis#kennis-%d", id, k.ID), nil
	}, s.caseKnowledgeAgain)
}

func (s *Server) handleShareCaseRecord(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "kennis", "delen", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		rid, err := pathID(r, "record")
		if err != nil {
			return "", err
		}
		k, err := s.store.Knowledge.Record(ctx, u, rid)
		if err != nil {
			return "", err
		}
		if k.CaseID != id {
			return "", rotonde.E(rotonde.ENotFound, "err.knowledge.record_not_found")
		}
		err = s.store.Knowledge.ShareRecord(ctx, u, rid, r.PostForm.Get("paraphrase"), r.PostForm.Get("stripped") == "on")
		return fmt.Sprintf("/casussen/%d/kennis#kennis-%d", id, rid), err
	}, s.caseKnowledgeAgain)
}

// The user's own page: open follow-up questions and records written down
// outside a case.

func (s *Server) ownKnowledgePage(r *http.Request) (knowledgeView, error) {
	u := userFrom(r.Context())
	list, err := s.store.Knowledge.OwnRecords(r.Context(), u)
	if err != nil {
		return knowledgeView{}, err
	}
	due, err := s.store.Knowledge.FollowUps(r.Context(), u)
	if err != nil {
		return knowledgeView{}, err
	}
	lang := langFrom(r.Context())
	lib := s.methodFor(r)
	v := knowledgeView{Action: "/kennis", CanEdit: true, CanThreads: knowledge.CanLearnAcrossCases(u.Role)}
	now := s.now()
	v.Records = s.recordViews(lib, lang, list, true, now)
	v.FollowUps = s.recordViews(lib, lang, due, true, now)
	s.fillChoices(&v, lib, lang)
	return v, nil
}

func (s *Server) handleOwnKnowledge(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "knowledge", "knowledge.own.title", s.ownKnowledgePage)
}

func (s *Server) ownKnowledgeAgain(w http.ResponseWriter, r *http.Request, err error, fill func(*knowledgeView)) {
	if s.refusedHere(w, r, err, rotonde.EInvalid, rotonde.EConflict) {
		formAgain(s, w, r, "knowledge", "knowledge.own.title", s.ownKnowledgePage, fill, err)
	}
}

func (s *Server) handleAddOwnRecord(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	k, err := recordFromForm(r, s.methodFor(r))
	if err == nil {
		err = s.store.Knowledge.AddRecord(r.Context(), userFrom(r.Context()), k)
	}
	if err != nil {
		f := r.PostForm
		s.ownKnowledgeAgain(w, r, err, func(v *knowledgeView) {
			v.Form = knowledgeForm{Kind: f.Get("kind"), Body: f.Get("body"), Level: f.Get("level"), Themes: f.Get("themes"), Takeaway: f.Get("takeaway")}
		})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/kennis#kennis-%d", k.ID), http.StatusSeeOther)
}

// ownRecord loads a record of the user's own for a change on /kennis; a case
// or group record is changed from its source's page.
func (s *Server) ownRecord(r *http.Request) (*knowledge.Record, error) {
	id, err := pathID(r, "record")
	if err != nil {
		return nil, err
	}
	k, err := s.store.Knowledge.Record(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return nil, err
	}
	if k.Source == "" {
		return nil, rotonde.E(rotonde.ENotFound, "err.knowledge.record_not_found")
	}
	return k, nil
}

func (s *Server) handleShareOwnRecord(w http.ResponseWriter, r *http.Request) {
	err := parseForm(w, r)
	var k *knowledge.Record
	if err == nil {
		k, err = s.ownRecord(r)
	}
	if err == nil && k.Source != knowledge.SourceOwn && k.Source != knowledge.SourceGroup {
		err = rotonde.E(rotonde.ENotFound, "err.knowledge.record_not_found")
	}
	if err == nil {
		err = s.store.Knowledge.ShareRecord(r.Context(), userFrom(r.Context()), k.ID, r.PostForm.Get("paraphrase"), r.PostForm.Get("stripped") == "on")
	}
	if err != nil {
		s.ownKnowledgeAgain(w, r, err, func(v *knowledgeView) {
			if k != nil {
				v.ShareID, v.ShareText = k.ID, r.PostForm.Get("paraphrase")
			}
		})
		return
	}
	if k.Source == knowledge.SourceGroup {
		http.Redirect(w, r, fmt.Sprintf("/groepen/%d", k.GroupID), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/kennis#kennis-%d", k.ID), http.StatusSeeOther)
}

// handleFollowUp keeps the answer to "wat heb je ermee gedaan?". The
// question is the author's own, also for a record of a case; a change to a
// case's record leaves its record in the case's access log.
func (s *Server) handleFollowUp(w http.ResponseWriter, r *http.Request) {
	err := parseForm(w, r)
	var k *knowledge.Record
	if err == nil {
		k, err = s.ownRecord(r)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var rec *rotonde.AuditEntry
	if k.CaseID != 0 {
		rec = s.auditNote(r, rotonde.AuditUpdate, k.CaseID, "kennis", "opvolging")
	}
	err = s.store.Knowledge.AnswerFollowUp(r.Context(), userFrom(r.Context()), k.ID, r.PostForm.Get("answer"))
	if rec != nil {
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.ownKnowledgeAgain(w, r, err, func(*knowledgeView) {})
		return
	}
	http.Redirect(w, r, "/kennis", http.StatusSeeOther)
}
