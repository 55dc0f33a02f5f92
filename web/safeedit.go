package web

import (
	"fmt"
	"net/http"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// The confirmations of the actions that end something rather than delete
// case content (web/confirm.go): removing a member, withdrawing consent,
// revoking an invitation, closing a meeting, a round or the case, and the
// account's sessions, tokens and second factors. Case content goes to the
// trash instead (web/trash.go).

// confirmSimple asks with the texts under confirm.<key>: .what (with args)
// and .button. final: it cannot be undone.
func (s *Server) confirmSimple(w http.ResponseWriter, r *http.Request, caseID int64, part, key, back string, final bool, args ...any) bool {
	l := s.cat.For(langFrom(r.Context()))
	return s.confirmed(w, r, caseID, part, confirmView{Heading: l.T("confirm." + key + ".button"), What: l.T("confirm."+key+".what", args...),
		Button: l.T("confirm." + key + ".button"), Back: back, Final: final})
}

// confirmUndoable asks like confirmSimple for an action that can be
// undone; undo is the key of the sentence that says by whom (with the days).
func (s *Server) confirmUndoable(w http.ResponseWriter, r *http.Request, caseID int64, part, key, back, undo string) bool {
	l := s.cat.For(langFrom(r.Context()))
	return s.confirmed(w, r, caseID, part, confirmView{Heading: l.T("confirm." + key + ".button"), What: l.T("confirm." + key + ".what"),
		Button: l.T("confirm." + key + ".button"), Back: back, Undo: l.N(undo, rotonde.TrashDays, rotonde.TrashDays)})
}

// memberName names a member of the case for a confirmation ("" when not found).
func (s *Server) memberName(r *http.Request, caseID, userID int64) string {
	members, err := s.store.Cases.Members(r.Context(), userFrom(r.Context()), caseID)
	if err != nil {
		return ""
	}
	for _, m := range members {
		if m.UserID == userID {
			return m.UserName
		}
	}
	return ""
}

// confirmRemoveMember asks before a member is taken off the case.
func (s *Server) confirmRemoveMember(w http.ResponseWriter, r *http.Request, caseID, userID int64) bool {
	l := s.cat.For(langFrom(r.Context()))
	name := s.memberName(r, caseID, userID)
	if name == "" {
		name = l.T("confirm.member.someone")
	}
	c := confirmView{Heading: l.T("confirm.member.button"), What: l.T("confirm.member.what", name),
		Lines: []string{l.T("confirm.member.again")}, Button: l.T("confirm.member.button"), Back: fmt.Sprintf("/casussen/%d#leden", caseID),
		Undo: l.N("confirm.undo.member", rotonde.TrashDays, rotonde.TrashDays)}
	if userID == userFrom(r.Context()).ID {
		c.What = l.T("confirm.member.self")
	}
	return s.confirmed(w, r, caseID, "leden", c)
}

// confirmWithdrawGround asks before consent (or a legal basis) is
// withdrawn, and says plainly who keeps access afterwards and on what
// ground, and who loses it.
func (s *Server) confirmWithdrawGround(w http.ResponseWriter, r *http.Request, caseID, groundID int64) bool {
	if yes, ok := s.readConfirmation(w, r); yes || !ok {
		return yes
	}
	u := userFrom(r.Context())
	l := s.cat.For(langFrom(r.Context()))
	grounds, err := s.store.Trust.Grounds(r.Context(), u, caseID)
	var members []rotonde.Member
	if err == nil {
		members, err = s.store.Cases.Members(r.Context(), u, caseID)
	}
	if err != nil {
		s.renderError(w, r, err)
		return false
	}
	c := confirmView{Heading: l.T("confirm.ground.button"), Button: l.T("confirm.ground.button"), Back: fmt.Sprintf("/casussen/%d#toestemming", caseID)}
	var this *rotonde.SharingGround
	var others []rotonde.SharingGround
	for i := range grounds {
		g := grounds[i]
		switch {
		case g.ID == groundID && g.Active():
			this = &grounds[i]
		case g.Active():
			others = append(others, g)
		}
	}
	if this == nil {
		s.renderError(w, r, rotonde.E(rotonde.ENotFound, "err.sqldb.this_consent_or_legal_basis_does"))
		return false
	}
	if this.Kind == rotonde.GroundConsent {
		c.What = l.T("confirm.ground.consent", this.GivenBy)
	} else {
		c.What = l.T("confirm.ground.legal", this.LegalBasis)
	}
	_, role, _ := s.store.Cases.Case(r.Context(), u, caseID)
	c.Undo = groundUndoText(l, this.Kind, role)
	// Who reaches the case on what ground (as policy.JoinBasis decides it):
	// the owner's organisation by its own right, family as family, and
	// professionals of other organisations only while a ground is in force.
	ownerOrg := ""
	for _, m := range members {
		if m.Role == rotonde.MemberOwner {
			ownerOrg = m.OrgName
		}
	}
	var own, family, shared []string
	for _, m := range members {
		label := m.UserName
		if m.OrgName != "" && m.Role != rotonde.MemberFamily {
			label += " (" + m.OrgName + ")"
		}
		switch {
		case m.Role == rotonde.MemberFamily:
			family = append(family, label)
		case m.OrgName == ownerOrg:
			own = append(own, label)
		default:
			shared = append(shared, label)
		}
	}
	join := func(xs []string) string { return strings.Join(xs, ", ") }
	if len(own) > 0 {
		c.Lines = append(c.Lines, l.T("confirm.ground.keeps.own", ownerOrg, join(own)))
	}
	if len(family) > 0 {
		c.Lines = append(c.Lines, l.T("confirm.ground.keeps.family", join(family)))
	}
	for _, g := range others {
		ground := g.LegalBasis
		key := "confirm.ground.keeps.legal"
		if g.Kind == rotonde.GroundConsent {
			ground, key = g.GivenBy, "confirm.ground.keeps.consent"
		}
		who := join(shared)
		if who == "" {
			who = l.T("confirm.ground.nobody")
		}
		c.Lines = append(c.Lines, l.T(key, ground, g.RecordedName, dayOf(g.RecordedAt), who))
	}
	if len(others) == 0 && len(shared) > 0 {
		c.Warning = l.T("confirm.ground.loses", join(shared))
	}
	c.Lines = append(c.Lines, l.T("confirm.ground.again"))
	return s.confirmed(w, r, caseID, "toestemming", c)
}

// groundUndoText says who can undo the withdrawal: undoing a withdrawal of
// consent is the family's choice alone (web/undo.go).
func groundUndoText(l i18n.Localizer, kind rotonde.GroundKind, role rotonde.MemberRole) string {
	switch {
	case kind != rotonde.GroundConsent:
		return l.N("confirm.undo.legal", rotonde.TrashDays, rotonde.TrashDays)
	case role == rotonde.MemberFamily:
		return l.N("confirm.undo.consent", rotonde.TrashDays, rotonde.TrashDays)
	default:
		return l.T("confirm.undo.consent_family")
	}
}

// dayOf is the templates' date format, for texts made in Go.
func dayOf(t interface{ Format(string) string }) string { return t.Format("02-01-2006") }

// confirmCloseMeeting asks before a meeting is closed; posting feedback to
// a meeting that is closed already needs no confirmation.
func (s *Server) confirmCloseMeeting(w http.ResponseWriter, r *http.Request) bool {
	mid, err := pathID(r, "mid")
	if err != nil {
		return true // the handler answers
	}
	st := s.store.Meetings
	a, err := st.MeetingAccess(r.Context(), meeting.Viewer{User: userFrom(r.Context())}, mid)
	if err != nil || a.Meeting == nil || !a.Facilitate || a.Meeting.Status == meeting.Closed {
		return true // refused, or only the feedback changes: the handler answers
	}
	if !s.reopenable(r, a.Meeting) { // a series session: closing it is final
		return s.confirmSimple(w, r, 0, "", "meeting.close", fmt.Sprintf("/bijeenkomsten/%d", mid), true)
	}
	return s.confirmUndoable(w, r, a.Meeting.CaseID, "bijeenkomst", "meeting.close", fmt.Sprintf("/bijeenkomsten/%d", mid), "confirm.undo.meeting")
}
