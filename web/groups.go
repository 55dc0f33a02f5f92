package web

import (
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Groups (groepen): free groups such as intervision groups, visible to their
// members only, with placement rounds of their own.

type groupsView struct {
	Groups   []tension.Group
	FormName string
	FormDesc string
}

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	groups, err := s.store.Tension.Groups(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "groups", "groups.title", groupsView{Groups: groups})
}

func (s *Server) handleCreateGroup(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	g := &tension.Group{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	err := s.store.Tension.CreateGroup(r.Context(), u, g)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/groepen/%d", g.ID), http.StatusSeeOther)
		return
	}
	if !s.refusedHere(w, r, err, rotonde.EInvalid) {
		return
	}
	load := func(r *http.Request) (groupsView, error) {
		groups, err := s.store.Tension.Groups(r.Context(), u)
		return groupsView{Groups: groups, FormName: g.Name, FormDesc: g.Description}, err
	}
	formAgain(s, w, r, "groups", "groups.title", load, nil, err)
}

type groupView struct {
	roundsView
	MyRole    tension.GroupRole
	Members   []tension.GroupMember
	CanManage bool
	MeID      int64
	AddEmail  string
	Series    []knowledge.Series // intervision series (web/series.go)
}

// groupAndMembers loads a group the actor belongs to, the actor's role in
// it and its members; the group and series pages both start here.
func (s *Server) groupAndMembers(r *http.Request, id int64) (*tension.Group, tension.GroupRole, []tension.GroupMember, error) {
	u := userFrom(r.Context())
	g, role, err := s.store.Tension.Group(r.Context(), u, id)
	if err != nil {
		return nil, "", nil, err
	}
	members, err := s.store.Tension.GroupMembers(r.Context(), u, id)
	if err != nil {
		return nil, "", nil, err
	}
	return g, role, members, nil
}

func (s *Server) groupData(r *http.Request, id int64) (groupView, error) {
	u := userFrom(r.Context())
	g, role, members, err := s.groupAndMembers(r, id)
	if err != nil {
		return groupView{}, err
	}
	rounds, err := s.store.Tension.GroupRounds(r.Context(), u, id)
	if err != nil {
		return groupView{}, err
	}
	trend, err := s.trendData(r, rounds)
	if err != nil {
		return groupView{}, err
	}
	series, err := s.store.Knowledge.GroupSeries(r.Context(), u, id)
	if err != nil {
		return groupView{}, err
	}
	manage := role == tension.GroupRoleFacilitator
	return groupView{Series: series, roundsView: roundsView{Group: g, Title: g.Name, Rounds: rounds, Trend: trend, CanOpen: manage,
		SetFields: s.fieldChoices(r)}, MyRole: role, Members: members, CanManage: manage, MeID: u.ID}, nil
}

func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, status int, d groupView, err error) {
	s.renderTitled(w, r, status, "groups_detail", "groups.title", d.Group.Name, d, err)
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	showPathPage(s, w, r, "group", s.groupData, s.renderGroup)
}

// groupFormError shows the group page again with the reason, or the error
// page when the group itself is out of reach.
func (s *Server) groupFormError(w http.ResponseWriter, r *http.Request, id int64, err error, fill func(*groupView)) {
	if s.refusedHere(w, r, err, rotonde.EInvalid, rotonde.EConflict) {
		showPageAgain(s, w, r, id, err, s.groupData, fill, s.renderGroup)
	}
}

func (s *Server) handleAddGroupMember(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "group")
	if !ok {
		return
	}
	email, role := r.PostForm.Get("email"), tension.GroupRole(r.PostForm.Get("role"))
	if role == "" {
		role = tension.GroupRoleMember
	}
	if err := s.store.Tension.AddGroupMember(r.Context(), userFrom(r.Context()), id, email, role); err != nil {
		s.groupFormError(w, r, id, err, func(d *groupView) { d.AddEmail = email })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/groepen/%d#leden", id), http.StatusSeeOther)
}

func (s *Server) handleRemoveGroupMember(w http.ResponseWriter, r *http.Request) {
	id, userID, err := pathIDs(r, "group", "member")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.confirmUndoable(w, r, 0, "", "group.member", fmt.Sprintf("/groepen/%d", id), "confirm.undo.group_member") {
		return
	}
	u := userFrom(r.Context())
	rec := s.auditNote(r, rotonde.AuditUpdate, 0, "groep", fmt.Sprintf("groep %d; lid %d uit de groep gehaald", id, userID))
	if err := s.auditedResult(r, rec, s.store.Tension.RemoveGroupMember(r.Context(), u, id, userID)); err != nil {
		s.groupFormError(w, r, id, err, nil)
		return
	}
	if userID == u.ID {
		http.Redirect(w, r, "/groepen", http.StatusSeeOther)
		return
	}
	s.endedInGroup(w, r, id, userID) // web/undo_group_member.go
	http.Redirect(w, r, fmt.Sprintf("/groepen/%d#leden", id), http.StatusSeeOther)
}

func (s *Server) handleOpenGroupRound(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "group")
	if !ok {
		return
	}
	rd := openRoundForm(r)
	rd.GroupID = id
	if err := s.store.Tension.OpenRound(r.Context(), userFrom(r.Context()), rd); err != nil {
		s.groupFormError(w, r, id, err, func(d *groupView) { d.FormName = rd.Name })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/spanningsvelden/rondes/%d", rd.ID), http.StatusSeeOther)
}
