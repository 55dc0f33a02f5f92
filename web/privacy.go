package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// PrivacyStore keeps retention periods, erasure requests and a person's own
// copy (sqldb/retention.go, sqldb/erasure.go, sqldb/personalcopy.go).
type PrivacyStore interface {
	SetCaseStatus(ctx context.Context, actor *rotonde.User, caseID int64, status rotonde.CaseStatus) error
	CaseRetention(ctx context.Context, actor *rotonde.User, caseID int64) (closedAt time.Time, p rotonde.RetentionPolicy, purgeAt time.Time, err error)
	RetentionPolicy(ctx context.Context, orgID int64) (rotonde.RetentionPolicy, error)
	SetRetentionPolicy(ctx context.Context, actor *rotonde.User, p rotonde.RetentionPolicy) error
	CreateErasureRequest(ctx context.Context, actor *rotonde.User, r *rotonde.ErasureRequest) error
	ErasureRequest(ctx context.Context, actor *rotonde.User, id int64) (*rotonde.ErasureRequest, error)
	CaseErasureRequests(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.ErasureRequest, error)
	ErasureRequestsFor(ctx context.Context, actor *rotonde.User) (mine, review []rotonde.ErasureRequest, err error)
	OrgErasureRequests(ctx context.Context, actor *rotonde.User, orgID int64) ([]rotonde.ErasureRequest, error)
	DecideErasure(ctx context.Context, actor *rotonde.User, id int64, approve bool, note string) (*rotonde.ErasureRequest, error)
	OpenErasureDeadlines(ctx context.Context, actor *rotonde.User) (open int, earliest time.Time, err error)
	PersonalCopy(ctx context.Context, actor *rotonde.User) (*rotonde.PersonalCopy, error)
}

func (s *Server) privacyRoutes(handle func(pattern string, h http.HandlerFunc)) {
	handle("GET /cases/{id}/privacy", s.requireLogin(s.handleCasePrivacy))
	handle("POST /cases/{id}/status", s.requireLogin(s.handleCaseStatus))
	handle("POST /cases/{id}/wissen", s.requireLogin(s.handleCaseErasureRequest))
	handle("GET /privacy/verzoeken", s.requireLogin(s.handleErasureRequests))
	handle("GET /privacy/verzoeken/{req}", s.requireLogin(s.handleErasureReceipt))
	handle("POST /privacy/verzoeken/{req}/besluit", s.requireLogin(s.handleErasureDecision))
	handle("POST /account/wissen", s.requireLogin(s.handleAccountErasureRequest))
	handle("GET /account/mijn-gegevens", s.requireLogin(s.handlePersonalCopy))
	handle("GET /account/mijn-gegevens.json", s.requireLogin(s.handlePersonalCopyJSON))
	handle("GET /admin/organisations/{id}/privacy", s.requireLogin(s.handleOrgPrivacy))
	handle("POST /admin/organisations/{id}/privacy", s.requireLogin(s.handleSaveOrgPrivacy))
}

// privacyNotice is what the start page tells a reviewer about erasure deadlines.
type privacyNotice struct {
	Open     int
	Earliest time.Time
	Urgent   bool
	Overdue  bool
}

// privacyNoticeFor counts the open requests the user decides on; a failure
// is logged and shows nothing, so that the start page still opens.
func (s *Server) privacyNoticeFor(r *http.Request) privacyNotice {
	n, due, err := s.store.OpenErasureDeadlines(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.log.ErrorContext(r.Context(), "erasure deadlines", "err", err)
		return privacyNotice{}
	}
	now := s.now()
	return privacyNotice{Open: n, Earliest: due, Urgent: n > 0 && now.Add(rotonde.ErasureWarning).After(due), Overdue: n > 0 && now.After(due)}
}

type casePrivacyView struct {
	Case     *rotonde.Case
	IsOwner  bool
	ClosedAt time.Time
	Policy   rotonde.RetentionPolicy
	PurgeAt  time.Time
	Requests []rotonde.ErasureRequest
	Members  []rotonde.Member
	Persons  []genogram.Person
	Now      time.Time
	// The form, filled again after a refusal.
	Form rotonde.ErasureRequest
}

func (s *Server) casePrivacyData(r *http.Request, c *rotonde.Case, role rotonde.MemberRole) (*casePrivacyView, error) {
	ctx, u := r.Context(), userFrom(r.Context())
	v := &casePrivacyView{Case: c, IsOwner: role == rotonde.MemberOwner, Now: s.now()}
	var err error
	if v.ClosedAt, v.Policy, v.PurgeAt, err = s.store.CaseRetention(ctx, u, c.ID); err != nil {
		return nil, err
	}
	if v.Requests, err = s.store.CaseErasureRequests(ctx, u, c.ID); err != nil {
		return nil, err
	}
	if v.Members, err = s.store.Members(ctx, u, c.ID); err != nil {
		return nil, err
	}
	g, _, err := s.store.Genogram(ctx, u, c.ID)
	if err != nil {
		return nil, err
	}
	v.Persons = g.Persons
	return v, nil
}

func (s *Server) handleCasePrivacy(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	c, role, err := s.store.Case(r.Context(), userFrom(r.Context()), id)
	if aerr := s.auditOne(r, rotonde.AuditRead, id, "privacy", err, ""); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v, err := s.casePrivacyData(r, c, role)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_privacy", "privacy.case.title", v)
}

func (s *Server) handleCaseStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	if err == nil {
		err = s.store.SetCaseStatus(r.Context(), userFrom(r.Context()), id, rotonde.CaseStatus(r.PostForm.Get("status")))
	}
	if aerr := s.auditOne(r, rotonde.AuditUpdate, id, "casus/status", err, truncate(r.PostForm.Get("status"), 20)); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d/privacy", id), http.StatusSeeOther)
}

// privacyRefID reads a form's numeric id, with or without the genogram's letter ("p12").
func privacyRefID(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimLeft(strings.TrimSpace(v), "pP"), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (s *Server) handleCaseErasureRequest(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureCase, CaseID: id, SubjectUser: privacyRefID(r.PostForm.Get("member")),
		SubjectPerson: privacyRefID(r.PostForm.Get("person")), SubjectName: r.PostForm.Get("name"), Reason: r.PostForm.Get("reason")}
	err = s.store.CreateErasureRequest(r.Context(), u, req)
	detail := ""
	if err == nil {
		detail = "verzoek " + strconv.FormatInt(req.ID, 10)
	}
	if aerr := s.auditOne(r, rotonde.AuditCreate, id, "wissen", err, detail); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		code := rotonde.ErrorCodeOf(err)
		if code != rotonde.EInvalid && code != rotonde.EConflict {
			s.renderError(w, r, err)
			return
		}
		c, role, cerr := s.store.Case(r.Context(), u, id)
		if cerr != nil {
			s.renderError(w, r, cerr)
			return
		}
		v, verr := s.casePrivacyData(r, c, role)
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		v.Form = *req
		s.renderFormError(w, r, "case_privacy", "privacy.case.title", v, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/privacy/verzoeken/%d", req.ID), http.StatusSeeOther)
}

type erasureListView struct {
	Mine   []rotonde.ErasureRequest
	Review []rotonde.ErasureRequest
	Now    time.Time
}

func (s *Server) handleErasureRequests(w http.ResponseWriter, r *http.Request) {
	mine, review, err := s.store.ErasureRequestsFor(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "erasure_requests", "privacy.requests.title", erasureListView{Mine: mine, Review: review, Now: s.now()})
}

type erasureReceiptView struct {
	Req *rotonde.ErasureRequest
	Now time.Time
}

// erasureRequestRead loads a request and, for one about a case, logs the
// read on the case (the request names a person of the case).
func (s *Server) erasureRequestRead(r *http.Request) (*rotonde.ErasureRequest, error) {
	id, err := pathID(r, "req")
	if err != nil {
		return nil, err
	}
	req, err := s.store.ErasureRequest(r.Context(), userFrom(r.Context()), id)
	if err == nil && req.Scope == rotonde.ErasureCase {
		if aerr := s.auditOne(r, rotonde.AuditRead, req.CaseID, "wissen", nil, "verzoek "+strconv.FormatInt(id, 10)); aerr != nil {
			return nil, aerr
		}
	}
	return req, err
}

func (s *Server) handleErasureReceipt(w http.ResponseWriter, r *http.Request) {
	req, err := s.erasureRequestRead(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "erasure_receipt", "privacy.receipt.title", erasureReceiptView{Req: req, Now: s.now()})
}

func (s *Server) handleErasureDecision(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "req")
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "refuse":
	default:
		s.renderError(w, r, rotonde.Errorf(rotonde.EInvalid, "Kies: uitvoeren of weigeren.", "Choose: carry out or refuse."))
		return
	}
	// The storage writes the decision to the access log in its own transaction.
	if _, err := s.store.DecideErasure(r.Context(), userFrom(r.Context()), id, approve, r.PostForm.Get("note")); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/privacy/verzoeken/%d", id), http.StatusSeeOther)
}

func (s *Server) handleAccountErasureRequest(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureAccount, Reason: r.PostForm.Get("reason")}
	if err := s.store.CreateErasureRequest(r.Context(), u, req); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.logSecurity(r, rotonde.AuditCreate, rotonde.SecurityPartPrefix+"wissen", u, "verzoek "+strconv.FormatInt(req.ID, 10))
	http.Redirect(w, r, fmt.Sprintf("/privacy/verzoeken/%d", req.ID), http.StatusSeeOther)
}

// personalCopy gathers the copy and logs it as an export: one record on
// each case it draws from, and one security event on the account.
func (s *Server) personalCopy(r *http.Request, format string) (*rotonde.PersonalCopy, error) {
	u := userFrom(r.Context())
	pc, err := s.store.PersonalCopy(r.Context(), u)
	if err != nil {
		return nil, err
	}
	entries := make([]*rotonde.AuditEntry, 0, len(pc.CaseIDs)+1)
	for _, id := range pc.CaseIDs {
		e := s.auditEntry(r, rotonde.AuditExport, id, "eigen-gegevens", nil)
		e.Detail = "inzage (AVG art. 15), " + format
		entries = append(entries, e)
	}
	sec := s.auditEntry(r, rotonde.AuditExport, 0, rotonde.SecurityPartPrefix+"inzage", nil)
	sec.SubjectID, sec.Detail = u.ID, format
	entries = append(entries, sec)
	if err := s.audit(r, entries...); err != nil {
		return nil, err
	}
	return pc, nil
}

type personalCopyView struct {
	Copy *rotonde.PersonalCopy
}

func (s *Server) handlePersonalCopy(w http.ResponseWriter, r *http.Request) {
	pc, err := s.personalCopy(r, "html")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "personal_copy", "privacy.copy.title", personalCopyView{Copy: pc})
}

func (s *Server) handlePersonalCopyJSON(w http.ResponseWriter, r *http.Request) {
	pc, err := s.personalCopy(r, "json")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="rotonde-mijn-gegevens.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pc); err != nil {
		s.log.ErrorContext(r.Context(), "personal copy", "err", err)
	}
}

type orgPrivacyView struct {
	Org      *rotonde.Organisation
	Policy   rotonde.RetentionPolicy
	Requests []rotonde.ErasureRequest
	Min, Max int
	Saved    bool
	Now      time.Time
}

func (s *Server) orgPrivacyData(r *http.Request) (*orgPrivacyView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if !policy.CanConfigureOrganisation(u, id) {
		return nil, rotonde.Errorf(rotonde.EForbidden, "Dat mag je niet doen.", "You are not allowed to do that.")
	}
	org, err := s.store.Organisation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &orgPrivacyView{Org: org, Min: rotonde.MinRetentionYears, Max: rotonde.MaxRetentionYears, Now: s.now()}
	if v.Policy, err = s.store.RetentionPolicy(r.Context(), id); err != nil {
		return nil, err
	}
	if v.Requests, err = s.store.OrgErasureRequests(r.Context(), u, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) handleOrgPrivacy(w http.ResponseWriter, r *http.Request) {
	v, err := s.orgPrivacyData(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Saved = r.URL.Query().Get("opgeslagen") == "1"
	s.render(w, r, http.StatusOK, "org_privacy", "privacy.org.title", v)
}

func (s *Server) handleSaveOrgPrivacy(w http.ResponseWriter, r *http.Request) {
	v, err := s.orgPrivacyData(r)
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	years, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("years")))
	if err := s.store.SetRetentionPolicy(r.Context(), userFrom(r.Context()), rotonde.RetentionPolicy{OrgID: v.Org.ID, CaseYears: years}); err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EInvalid {
			s.renderFormError(w, r, "org_privacy", "privacy.org.title", v, err)
			return
		}
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organisations/%d/privacy?opgeslagen=1", v.Org.ID), http.StatusSeeOther)
}
