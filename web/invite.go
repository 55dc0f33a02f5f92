package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Invitations let a case's owner or facilitator bring in a family member who
// has no organisation: a one-time link, shown once, that the inviter passes
// on themselves (Rotonde sends no e-mail).

func (s *Server) invites() (rotonde.InvitationService, error) {
	return s.store.Invitations, nil
}

type invitationsView struct {
	Case     *rotonde.Case
	Open     []rotonde.Invitation
	Roles    []rotonde.MemberRole
	Form     rotonde.Invitation
	Days     int
	MaxDays  int
	Link     string // the new invitation's link, shown once
	LinkFor  string
	LinkDays int
}

func (s *Server) invitationsData(r *http.Request, caseID int64) (invitationsView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, caseID)
	if err != nil {
		return invitationsView{}, err
	}
	if !policy.CanManageMembers(role) {
		return invitationsView{}, rotonde.E(rotonde.EForbidden, "err.sqldb.only_case_owner_and_facilitator_can_3")
	}
	st, err := s.invites()
	if err != nil {
		return invitationsView{}, err
	}
	open, err := st.OpenInvitations(r.Context(), u, caseID)
	if err != nil {
		return invitationsView{}, err
	}
	return invitationsView{Case: c, Open: open, Roles: rotonde.InvitationRoles, Form: rotonde.Invitation{Role: rotonde.MemberFamily},
		Days: rotonde.InvitationDefaultDays, MaxDays: rotonde.InvitationMaxDays}, nil
}

func (s *Server) renderInvitations(w http.ResponseWriter, r *http.Request, status int, data invitationsView, err error) {
	s.renderPage(w, r, status, "invite_manage", "invitations.title", data, err)
}

// handleInvitations shows a case's open invitations and the form for a new one.
func (s *Server) handleInvitations(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "uitnodigingen", s.invitationsData, s.renderInvitations)
}

// handleCreateInvitation makes an invitation and shows its link once.
func (s *Server) handleCreateInvitation(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	data, err := s.invitationsData(r, id)
	if err != nil {
		_ = s.auditOne(r, rotonde.AuditUpdate, id, "uitnodiging", err, "uitnodiging maken")
		s.renderError(w, r, err)
		return
	}
	f := r.PostForm
	inv := &rotonde.Invitation{CaseID: id, Name: f.Get("name"), Email: f.Get("email"), Role: rotonde.MemberRole(f.Get("role"))}
	days := rotonde.InvitationDefaultDays
	if v := strings.TrimSpace(f.Get("days")); v != "" {
		if days, err = strconv.Atoi(v); err != nil {
			days = -1 // reported as out of range
		}
	}
	token, hash := NewToken("")
	st, _ := s.invites()
	rec := s.auditNote(r, rotonde.AuditUpdate, id, "uitnodiging", "uitnodiging gemaakt")
	ctx, sent := withMail(r, s.invitationMail(r, id, inv.Email, inv.Name, s.baseURL(r)+"/uitnodiging/"+token, days)...)
	err = st.CreateInvitation(ctx, userFrom(r.Context()), inv, days, hash)
	s.mailSent(r, sent, err)
	err = s.auditedResult(r, rec, err)
	if err != nil {
		if c := rotonde.ErrorCodeOf(err); c == rotonde.EForbidden || c == rotonde.ENotFound {
			s.renderError(w, r, err)
			return
		}
		data.Form, data.Days = *inv, days
		s.renderInvitations(w, r, statusOf(err), data, err)
		return
	}
	data, err = s.invitationsData(r, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data.Link, data.LinkFor, data.LinkDays = s.baseURL(r)+"/uitnodiging/"+token, inv.Name, days
	if sent != nil {
		v := s.newView(r, "invitations.title", data)
		v.Notice = v.L.T("mail.sent.invitation", inv.Email)
		s.renderView(w, r, http.StatusCreated, "invite_manage", v)
		return
	}
	s.renderInvitations(w, r, http.StatusCreated, data, nil)
}

func (s *Server) handleRevokeInvitation(w http.ResponseWriter, r *http.Request) {
	id, invID, err := pathIDs(r, "id", "inv")
	var st rotonde.InvitationService
	if err == nil {
		st, err = s.invites()
	}
	if err == nil && !s.confirmUndoable(w, r, id, "uitnodiging", "invitation.revoke", fmt.Sprintf("/casussen/%d/uitnodigingen", id), "confirm.undo.invitation") {
		return
	}
	if err == nil {
		rec := s.auditNote(r, rotonde.AuditUpdate, id, "uitnodiging", fmt.Sprintf("uitnodiging %d ingetrokken", invID))
		err = st.RevokeInvitation(r.Context(), userFrom(r.Context()), id, invID)
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.ended(w, r, id, rotonde.UndoInvitation, invID, true) // web/undo.go
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/uitnodigingen", id), http.StatusSeeOther)
}

// The invitee's side.

type acceptView struct {
	Token      string
	Invitation *rotonde.Invitation
	// HasAccount: the invited address already has an account, so the
	// invitee logs in with it and accepts instead of making a second one.
	HasAccount bool
	// LoggedInAs is set when someone is logged in; SameUser when that is the invited account.
	LoggedInAs string
	SameUser   bool
	Name       string
	Email      string
	MinLength  int
}

func (s *Server) acceptData(r *http.Request) (acceptView, error) {
	token := r.PathValue("token")
	st, err := s.invites()
	if err != nil {
		return acceptView{}, err
	}
	inv, err := st.InvitationByToken(r.Context(), HashToken(token), s.now())
	if err != nil {
		return acceptView{}, err
	}
	v := acceptView{Token: token, Invitation: inv, Name: inv.Name, Email: inv.Email, MinLength: rotonde.MinPasswordLength}
	if u, _, err := s.store.Users.UserByEmail(r.Context(), inv.Email); err == nil && u != nil {
		v.HasAccount = true
	} else if err != nil && rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		return acceptView{}, err
	}
	if u := userFrom(r.Context()); u != nil {
		v.LoggedInAs = u.Email
		v.SameUser = rotonde.NormalizeEmail(u.Email) == inv.Email
	}
	return v, nil
}

func (s *Server) handleInvitation(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "invite_accept", "invite.title", s.acceptData)
}

// handleAcceptInvitationNew makes a family account from the invitation and logs it in.
func (s *Server) handleAcceptInvitationNew(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	data, err := s.acceptData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// Someone logged in with another address cannot take the invitation
	// for a new account either: it is for the invited person.
	if u := userFrom(r.Context()); u != nil && !data.SameUser {
		s.renderError(w, r, rotonde.E(rotonde.EForbidden, "err.web.this_invitation_is_for_but_you", data.Invitation.Email, u.Email))
		return
	}
	f := r.PostForm
	// The account gets the invited address, whatever the form says.
	data.Name, data.Email = f.Get("name"), data.Invitation.Email
	pw := f.Get("password")
	fail := func(err error) { s.renderFormError(w, r, "invite_accept", "invite.title", data, err) }
	if err := rotonde.ValidatePassword(pw); err != nil {
		fail(err)
		return
	}
	if pw != f.Get("password2") {
		fail(rotonde.E(rotonde.EInvalid, "err.web.two_passwords_are_not_same"))
		return
	}
	u := &rotonde.User{Name: data.Name, Email: data.Email, Role: rotonde.RoleFamily}
	if err := u.Validate(); err != nil {
		fail(err)
		return
	}
	hash, err := s.cfg.PasswordHash(pw)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	st, _ := s.invites()
	// The new member's first step into the case is in its access log, written
	// with the account the acceptance creates.
	e := s.auditNoteCompleted(r, rotonde.AuditUpdate, data.Invitation.CaseID, "leden", fmt.Sprintf("lid geworden via uitnodiging %d", data.Invitation.ID),
		func(e *rotonde.AuditEntry) {
			e.UserID, e.Role, e.Basis = u.ID, string(u.Role)+"/"+string(data.Invitation.Role), "uitnodiging"
		})
	if err := st.AcceptInvitationNew(r.Context(), HashToken(data.Token), u, hash, s.now()); err != nil {
		s.auditDrop(r, e)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			s.renderError(w, r, err)
			return
		}
		fail(err)
		return
	}
	if err := s.auditResult(r, e, nil); err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d", data.Invitation.CaseID), http.StatusSeeOther)
}

// handleAcceptInvitationAs adds the logged-in, invited account to the case.
func (s *Server) handleAcceptInvitationAs(w http.ResponseWriter, r *http.Request) {
	data, err := s.acceptData(r)
	var st rotonde.InvitationService
	if err == nil {
		st, err = s.invites()
	}
	if err == nil {
		rec := s.auditNote(r, rotonde.AuditUpdate, data.Invitation.CaseID, "leden", fmt.Sprintf("lid geworden via uitnodiging %d", data.Invitation.ID))
		err = st.AcceptInvitationAs(r.Context(), HashToken(data.Token), userFrom(r.Context()), s.now())
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d", data.Invitation.CaseID), http.StatusSeeOther)
}
