package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, rotonde.E(rotonde.ENotFound, "err.web.this_page_does_not_exist")
	}
	return id, nil
}

type homeView struct {
	Cases     []rotonde.Case
	Meetings  []meeting.Meeting // live now or planned, to join
	CanCreate bool
	NewTitle  string
	NewReason string
	Privacy   privacyNotice // erasure requests awaiting the user's decision (web/privacy.go)
	// Municipalities to choose the new case's from (web/network.go).
	Municipalities  []rotonde.Organisation
	NewMunicipality int64
	// FollowUps are the user's open questions "wat heb je ermee gedaan?" (web/knowledge.go).
	FollowUps []knowledge.Record
	// Requests are the families' requests for a meeting waiting for the user (web/meetingrequest.go).
	Requests []meeting.Request
	// Sessions are the next sessions of the series in the user's groups (web/serieshome.go).
	Sessions []knowledge.UpcomingSession
}

func (s *Server) homeData(r *http.Request) (homeView, error) {
	u := userFrom(r.Context())
	cases, err := s.store.Cases.Cases(r.Context(), u)
	if err != nil {
		return homeView{}, err
	}
	meetings, err := s.upcomingMeetings(r)
	if err != nil {
		return homeView{}, err
	}
	v := homeView{Cases: cases, Meetings: meetings, CanCreate: policy.CanCreateCase(u), Privacy: s.privacyNoticeFor(r), Requests: s.openRequests(r)}
	if v.Sessions, err = s.upcomingSessions(r, meetings); err != nil {
		return homeView{}, err
	}
	if v.FollowUps, err = s.store.Knowledge.FollowUps(r.Context(), u); err == nil && v.CanCreate {
		v.Municipalities, err = s.store.Network.Municipalities(r.Context())
	}
	return v, err
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	data, err := s.homeData(r)
	if err == nil {
		err = s.auditList(r, data.Cases)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if startsWithoutCases(userFrom(r.Context()).Role) {
		s.render(w, r, http.StatusOK, "start", "start.title", s.startData(r, data))
		return
	}
	s.render(w, r, http.StatusOK, "home", "home.title", data)
}

func (s *Server) handleCreateCase(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	c := &rotonde.Case{Title: r.PostForm.Get("title"), Reason: r.PostForm.Get("reason")}
	municipality, err := s.checkMunicipality(r)
	if err == nil {
		rec := s.auditCaseCreation(r, c, "")
		err = s.store.Cases.CreateCase(r.Context(), userFrom(r.Context()), c)
		if err == nil {
			err = s.auditResult(r, rec, nil)
		} else {
			s.auditDrop(r, rec)
		}
	}
	if err == nil && municipality != 0 {
		err = s.setNewCaseMunicipality(r, c.ID, municipality)
	}
	if err != nil {
		formAgain(s, w, r, "home", "home.title", s.homeData, func(data *homeView) {
			data.NewTitle, data.NewReason = c.Title, c.Reason
			data.NewMunicipality = municipality
		}, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d", c.ID), http.StatusSeeOther)
}

// auditList logs that a list of cases (their titles and status) was shown:
// one record for the view, naming the cases by number. The cases' own logs
// hold every opening of the case itself; a list view is not one.
func (s *Server) auditList(r *http.Request, cases []rotonde.Case) error {
	if len(cases) == 0 {
		return nil
	}
	e := s.auditEntry(r, rotonde.AuditRead, 0, "overzicht", nil)
	ids := make([]string, 0, len(cases))
	for _, c := range cases {
		ids = append(ids, strconv.FormatInt(c.ID, 10))
	}
	e.Detail = runes.Cut("casussen "+strings.Join(ids, ","), 1000)
	return s.audit(r, e)
}

type caseView struct {
	Case          *rotonde.Case
	MyRole        rotonde.MemberRole
	Members       []rotonde.Member
	CanManage     bool
	CanExport     bool // policy.CanExport: the dossier link
	MemberRoles   []rotonde.MemberRole
	AddEmail      string
	AddRole       rotonde.MemberRole
	CurrentUserID int64
	Grounds       []rotonde.SharingGround
	ActiveGround  bool
	BreakGlasses  []rotonde.BreakGlass
	Emergency     bool
	IsFamily      bool
	Dream         dreamPanel       // shown at the top (templates/_dream.html)
	Progress      *progressSummary // phase, cycle warning, report-backs, feed (web/progress.go)
	Place         *casePlaceView   // municipality, region and phase (web/network.go)
	Requests      requestsPanel    // the family's requests for a meeting (web/meetingrequest.go)
}

func (s *Server) caseData(r *http.Request, id int64) (caseView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return caseView{}, err
	}
	members, err := s.store.Cases.Members(r.Context(), u, id)
	if err != nil {
		return caseView{}, err
	}
	grounds, err := s.store.Trust.Grounds(r.Context(), u, id)
	if err != nil {
		return caseView{}, err
	}
	glass, err := s.store.Trust.BreakGlasses(r.Context(), u, id)
	if err != nil {
		return caseView{}, err
	}
	progress, err := s.caseProgress(r, id)
	if err != nil {
		return caseView{}, err
	}
	v := caseView{Case: c, MyRole: role, Members: members, CanManage: policy.CanManageMembers(role), CanExport: policy.CanExport(role),
		MemberRoles: rotonde.MemberRoles, AddRole: rotonde.MemberProfessional, CurrentUserID: u.ID,
		Grounds: grounds, BreakGlasses: glass, Progress: progress, Emergency: role == rotonde.MemberEmergency, IsFamily: role == rotonde.MemberFamily}
	for _, g := range grounds {
		if g.Active() {
			v.ActiveGround = true
		}
	}
	if v.Dream, err = s.dreamData(r, id, role); err != nil {
		return caseView{}, err
	}
	if v.Place, err = s.casePlace(r, c, role); err != nil {
		return caseView{}, err
	}
	if v.Requests, err = s.requestsOf(r, id, role); err != nil {
		return caseView{}, err
	}
	return v, nil
}

// renderCase renders the case page, titled by the case, with err (if any)
// shown above the forms.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, data caseView, err error) {
	s.renderTitled(w, r, status, "case", "case.title", data.Case.Title, data, err)
}

func (s *Server) handleCase(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "casus,leden,toestemming,droom,voortgang", s.caseData, s.renderCase)
}

func (s *Server) handleAddMember(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	email, role := r.PostForm.Get("email"), rotonde.MemberRole(r.PostForm.Get("role"))
	rec := s.auditNote(r, rotonde.AuditUpdate, id, "leden", "lid toevoegen als "+runes.Cut(string(role), 20))
	err := s.store.Cases.AddMember(r.Context(), userFrom(r.Context()), id, email, role)
	err = s.auditedResult(r, rec, err)
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		s.renderError(w, r, err)
		return
	}
	if err != nil {
		s.renderCaseWithError(w, r, id, err, func(data *caseView) { data.AddEmail, data.AddRole = email, role })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d#leden", id), http.StatusSeeOther)
}

func (s *Server) handleRemoveMember(w http.ResponseWriter, r *http.Request) {
	id, userID, err := pathIDs(r, "id", "user")
	if err == nil && !s.confirmRemoveMember(w, r, id, userID) {
		return
	}
	if err == nil {
		rec := s.auditNote(r, rotonde.AuditUpdate, id, "leden", fmt.Sprintf("lid %d verwijderen", userID))
		err = s.store.Cases.RemoveMember(r.Context(), userFrom(r.Context()), id, userID)
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if userID == userFrom(r.Context()).ID {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.ended(w, r, id, rotonde.UndoMember, userID, true) // web/undo.go
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d#leden", id), http.StatusSeeOther)
}

type orgsView struct {
	Organisations []rotonde.Organisation
	Regions       []rotonde.Region
	RegionNames   map[int64]string
	Kinds         []rotonde.OrgKind
	CanCreate     bool
	Form          rotonde.Organisation
}

func (s *Server) orgsData(r *http.Request) (orgsView, error) {
	orgs, err := s.store.Orgs.Organisations(r.Context())
	if err != nil {
		return orgsView{}, err
	}
	regions, err := s.store.Orgs.Regions(r.Context())
	if err != nil {
		return orgsView{}, err
	}
	names := map[int64]string{}
	for _, rg := range regions {
		names[rg.ID] = rg.Name
	}
	return orgsView{Organisations: orgs, Regions: regions, RegionNames: names, Kinds: rotonde.OrgKinds,
		CanCreate: policy.CanManageOrganisations(userFrom(r.Context())), Form: rotonde.Organisation{Kind: rotonde.OrgProvider}}, nil
}

func (s *Server) handleOrganisations(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "organisations", "orgs.title", s.orgsData)
}

func (s *Server) handleCreateOrganisation(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	o := &rotonde.Organisation{Name: r.PostForm.Get("name"), Kind: rotonde.OrgKind(r.PostForm.Get("kind"))}
	if v := r.PostForm.Get("region"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.renderError(w, r, rotonde.E(rotonde.EInvalid, "err.web.choose_region_from_list"))
			return
		}
		o.RegionID = id
	}
	if err := s.store.Orgs.CreateOrganisation(r.Context(), userFrom(r.Context()), o); err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
			s.renderError(w, r, err)
			return
		}
		formAgain(s, w, r, "organisations", "orgs.title", s.orgsData, func(data *orgsView) { data.Form = *o }, err)
		return
	}
	http.Redirect(w, r, "/beheer/organisaties", http.StatusSeeOther)
}

type usersView struct {
	Users         []rotonde.User
	Organisations []rotonde.Organisation
	OrgNames      map[int64]string
	Roles         []rotonde.Role
	AllOrgs       bool
	Form          rotonde.User
	// NewPassword is shown once, right after an account was made or reset.
	NewPassword    string
	NewPasswordFor string
	// ResetCode is shown once, right after an administrator reset a password (web/security.go).
	ResetCode  string
	ResetFor   string
	ResetLink  string
	ResetUntil string // date and time, as pages show them
}

func (s *Server) usersData(r *http.Request) (usersView, error) {
	u := userFrom(r.Context())
	scope := policy.ManageUsersScope(u)
	users, err := s.store.Users.Users(r.Context(), u)
	if err != nil {
		return usersView{}, err
	}
	orgs, err := s.store.Orgs.Organisations(r.Context())
	if err != nil {
		return usersView{}, err
	}
	names := map[int64]string{}
	var mine []rotonde.Organisation
	for _, o := range orgs {
		names[o.ID] = o.Name
		if scope.All || o.ID == scope.OrgID {
			mine = append(mine, o)
		}
	}
	roles := rotonde.Roles
	if !scope.All {
		roles = roles[:len(roles)-1] // without sysadmin
	}
	return usersView{Users: users, Organisations: mine, OrgNames: names, Roles: roles, AllOrgs: scope.All,
		Form: rotonde.User{Role: rotonde.RoleProfessional, OrgID: scope.OrgID}}, nil
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "users", "users.title", s.usersData)
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	actor := userFrom(r.Context())
	data, err := s.usersData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	nu := &rotonde.User{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Role: rotonde.Role(r.PostForm.Get("role"))}
	if v := r.PostForm.Get("org"); v != "" {
		if nu.OrgID, err = strconv.ParseInt(v, 10, 64); err != nil {
			nu.OrgID = -1 // reported as an unknown organisation below
		}
	}
	if scope := policy.ManageUsersScope(actor); nu.OrgID == 0 && !scope.All {
		nu.OrgID = scope.OrgID
	}
	pw := generatePassword()
	hash, err := s.cfg.PasswordHash(pw)
	if err == nil {
		err = s.store.Users.CreateUser(r.Context(), actor, nu, hash)
	}
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
			s.renderError(w, r, err)
			return
		}
		data.Form = *nu
		s.renderFormError(w, r, "users", "users.title", data, err)
		return
	}
	data, err = s.usersData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data.NewPassword, data.NewPasswordFor = pw, nu.Email
	s.render(w, r, http.StatusCreated, "users", "users.title", data)
}

func (s *Server) handleSetDisabled(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err == nil && disabled && !s.confirmSimple(w, r, 0, "", "user.disable", "/beheer/gebruikers", false) {
			return
		}
		if err == nil {
			err = s.store.Users.SetDisabled(r.Context(), userFrom(r.Context()), id, disabled)
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if target, err := s.store.Users.User(r.Context(), id); err == nil {
			detail := "account ingeschakeld"
			if disabled {
				detail = "account uitgeschakeld; sessies beëindigd en tokens ingetrokken"
			}
			s.logSecurity(r, rotonde.AuditUpdate, rotonde.SecurityAccount, target, detail)
		}
		http.Redirect(w, r, "/beheer/gebruikers", http.StatusSeeOther)
	}
}

func (s *Server) handleResetPassword(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	// The administrator gets a one-time code that only lets its holder choose
	// a new password, never the password itself: logging in still needs the
	// account's second factor, which the reset leaves in place.
	code, hash := rotonde.NewPasswordResetCode()
	// With e-mail, the code goes to the member in the transaction of the
	// reset, and the administrator never sees it.
	ctx, sent, err := s.resetMailContext(r, id, code)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	expires, err := s.store.Security.CreatePasswordReset(ctx, userFrom(r.Context()), id, hash)
	s.mailSent(r, sent, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	target, err := s.store.Users.User(r.Context(), id)
	if err == nil {
		// Without its log record, the code is not shown (and not usable by anyone).
		err = s.securityEvent(r, rotonde.AuditUpdate, rotonde.SecurityPasswordReset, target,
			"herstelcode gemaakt, geldig tot "+expires.UTC().Format(rotonde.AuditTime)+"; sessies en tokens beëindigd")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data, err := s.usersData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if sent != nil {
		v := s.newView(r, "users.title", data)
		v.Notice = v.L.T("mail.sent.reset", target.Email, expires.Local().Format("02-01-2006 15:04"))
		s.renderView(w, r, http.StatusOK, "users", v)
		return
	}
	data.ResetCode, data.ResetFor, data.ResetLink, data.ResetUntil = code, target.Email, s.resetLink(r, code), expires.Local().Format("02-01-2006 15:04")
	s.render(w, r, http.StatusOK, "users", "users.title", data)
}
