package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// Intervision series (/reeksen/{series}): a group's sessions planned up
// front, the members' commitment, the work forms of a session and the
// dilemmas members bring, shown without names. What a member brought leaves
// the group only when that member shares a paraphrase of it.

type seriesView struct {
	Series     *knowledge.Series
	GroupName  string
	Members    int
	Committed  bool
	NextNumber int
	Records    []recordView
	Levels     []levelOption
	FormBody   string
	Source     sourceLine
	Sessions   sessionsView // the sessions' live meetings (web/serieslive.go)
}

func (s *Server) seriesPage(r *http.Request, id int64) (seriesView, error) {
	u := userFrom(r.Context())
	ctx := r.Context()
	se, err := s.store.Knowledge.Series(ctx, u, id)
	if err != nil {
		return seriesView{}, err
	}
	g, role, members, err := s.groupAndMembers(r, se.GroupID)
	if err != nil {
		return seriesView{}, err
	}
	sessions, err := s.sessionsOf(r, id, string(role))
	if err != nil {
		return seriesView{}, err
	}
	recs, err := s.store.Knowledge.GroupRecords(ctx, u, se.GroupID)
	if err != nil {
		return seriesView{}, err
	}
	lang := langFrom(ctx)
	lib := s.methodFor(r)
	v := seriesView{Series: se, GroupName: g.Name, Members: len(members), Levels: levelOptions(lib, lang), Sessions: sessions}
	for _, c := range se.Committed {
		v.Committed = v.Committed || c == u.ID
	}
	if next, ok := se.Next(s.now()); ok {
		v.NextNumber = next.Number
	}
	for _, rv := range s.recordViews(lib, lang, recs, false, s.now()) {
		rv.CanEdit = rv.CreatedBy == u.ID // only the author shares what they brought
		rv.CreatedBy = 0                  // contributions are shown without names
		v.Records = append(v.Records, rv)
	}
	keys := []string{}
	for _, l := range lib.Levels {
		keys = append(keys, l.Source)
	}
	v.Source = sourcesOf(s.cat.For(lang), lib, keys...)
	return v, nil
}

func (s *Server) renderSeries(w http.ResponseWriter, r *http.Request, status int, v seriesView, err error) {
	s.renderTitled(w, r, status, "series", "series.title", v.Series.Title, v, err)
}

func (s *Server) handleSeries(w http.ResponseWriter, r *http.Request) {
	showPathPage(s, w, r, "series", s.seriesPage, s.renderSeries)
}

func formNumber(r *http.Request, name string, def int) int {
	v := r.PostForm.Get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) handlePlanSeries(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "group")
	if !ok {
		return
	}
	se := &knowledge.Series{GroupID: id, Title: r.PostForm.Get("title"), Minutes: formNumber(r, "minutes", knowledge.DefaultMinutes)}
	first, err := time.ParseInLocation("2006-01-02", r.PostForm.Get("first"), time.Local)
	weeks := formNumber(r, "weeks", 4)
	switch {
	case err != nil:
		err = rotonde.E(rotonde.EInvalid, "err.knowledge.first_session_date")
	case weeks < 1 || weeks > 12:
		err = rotonde.E(rotonde.EInvalid, "err.knowledge.session_weeks", 1, 12)
	default:
		se.Plan(first.Add(19*time.Hour), formNumber(r, "sessions", knowledge.DefaultSessions), time.Duration(weeks)*7*24*time.Hour)
		err = s.store.Knowledge.CreateSeries(r.Context(), userFrom(r.Context()), se)
	}
	if err != nil {
		s.groupFormError(w, r, id, err, nil)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reeksen/%d", se.ID), http.StatusSeeOther)
}

func (s *Server) handleCommitSeries(w http.ResponseWriter, r *http.Request) {
	if id, ok := s.pathFormChange(w, r, "series", s.store.Knowledge.Commit); ok {
		http.Redirect(w, r, fmt.Sprintf("/reeksen/%d", id), http.StatusSeeOther)
	}
}

func (s *Server) handleBringToSeries(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "series")
	if err == nil {
		err = parseForm(w, r)
	}
	var se *knowledge.Series
	if err == nil {
		se, err = s.store.Knowledge.Series(r.Context(), userFrom(r.Context()), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	k, err := recordFromForm(r, s.methodFor(r))
	if err == nil {
		k.GroupID = se.GroupID
		err = s.store.Knowledge.AddRecord(r.Context(), userFrom(r.Context()), k)
	}
	if err != nil {
		if s.refusedHere(w, r, err, rotonde.EInvalid) {
			showPageAgain(s, w, r, id, err, s.seriesPage, func(v *seriesView) { v.FormBody = r.PostForm.Get("body") }, s.renderSeries)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/reeksen/%d#kennis-%d", id, k.ID), http.StatusSeeOther)
}
