package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

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
	n, due, err := s.store.Privacy.OpenErasureDeadlines(r.Context(), userFrom(r.Context()))
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
	if v.ClosedAt, v.Policy, v.PurgeAt, err = s.store.Privacy.CaseRetention(ctx, u, c.ID); err != nil {
		return nil, err
	}
	if v.Requests, err = s.store.Privacy.CaseErasureRequests(ctx, u, c.ID); err != nil {
		return nil, err
	}
	if v.Members, err = s.store.Cases.Members(ctx, u, c.ID); err != nil {
		return nil, err
	}
	g, _, err := s.store.Genogram.Genogram(ctx, u, c.ID)
	if err != nil {
		return nil, err
	}
	v.Persons = g.Persons
	return v, nil
}

func (s *Server) handleCasePrivacy(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	c, role, err := s.store.Cases.Case(r.Context(), userFrom(r.Context()), id)
	err = s.audited(r, rotonde.AuditRead, id, "privacy", err, "")
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
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	status := rotonde.CaseStatus(r.PostForm.Get("status"))
	if status == rotonde.CaseClosed && !s.confirmSimple(w, r, id, "casus/status", "case.close", fmt.Sprintf("/casussen/%d/privacy", id), false) {
		return
	}
	rec := s.auditNote(r, rotonde.AuditUpdate, id, "casus/status", runes.Cut(string(status), 20))
	err := s.store.Privacy.SetCaseStatus(r.Context(), userFrom(r.Context()), id, status)
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if status == rotonde.CaseClosed {
		s.setFlash(w, r, flash{Key: "privacy.done.closed"})
	} else {
		s.setFlash(w, r, flash{Key: "privacy.done.status"})
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/privacy", id), http.StatusSeeOther)
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
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	u := userFrom(r.Context())
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureCase, CaseID: id, SubjectUser: privacyRefID(r.PostForm.Get("member")),
		SubjectPerson: privacyRefID(r.PostForm.Get("person")), SubjectName: r.PostForm.Get("name"), Reason: r.PostForm.Get("reason")}
	// The record names the request, whose number only the insert knows.
	rec := s.auditNoteCompleted(r, rotonde.AuditCreate, id, "wissen", "", func(e *rotonde.AuditEntry) {
		if req.ID != 0 {
			addDetail(e, "verzoek "+strconv.FormatInt(req.ID, 10))
		}
	})
	err := s.auditedResult(r, rec, s.store.Privacy.CreateErasureRequest(r.Context(), u, req))
	if err != nil {
		code := rotonde.ErrorCodeOf(err)
		if code != rotonde.EInvalid && code != rotonde.EConflict {
			s.renderError(w, r, err)
			return
		}
		load := func(r *http.Request) (*casePrivacyView, error) {
			c, role, err := s.store.Cases.Case(r.Context(), u, id)
			if err != nil {
				return nil, err
			}
			return s.casePrivacyData(r, c, role)
		}
		formAgain(s, w, r, "case_privacy", "privacy.case.title", load, func(v **casePrivacyView) { (*v).Form = *req }, err)
		return
	}
	s.mailErasureDeciders(r, req)
	s.done(w, r, "privacy.done.requested", fmt.Sprintf("/privacy/verzoeken/%d", req.ID))
}

type erasureListView struct {
	Mine   []rotonde.ErasureRequest
	Review []rotonde.ErasureRequest
	Now    time.Time
}

func (s *Server) handleErasureRequests(w http.ResponseWriter, r *http.Request) {
	mine, review, err := s.store.Privacy.ErasureRequestsFor(r.Context(), userFrom(r.Context()))
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
	req, err := s.store.Privacy.ErasureRequest(r.Context(), userFrom(r.Context()), id)
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
	id, ok := s.pathIDForm(w, r, "req")
	if !ok {
		return
	}
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "refuse":
	default:
		s.renderError(w, r, rotonde.E(rotonde.EInvalid, "err.web.choose_carry_out_or_refuse"))
		return
	}
	// The storage writes the decision to the access log in its own transaction.
	if _, err := s.store.Privacy.DecideErasure(r.Context(), userFrom(r.Context()), id, approve, r.PostForm.Get("note")); err != nil {
		s.renderError(w, r, err)
		return
	}
	if approve {
		s.setFlash(w, r, flash{Key: "privacy.done.approved"})
	} else {
		s.setFlash(w, r, flash{Key: "privacy.done.refused"})
	}
	http.Redirect(w, r, fmt.Sprintf("/privacy/verzoeken/%d", id), http.StatusSeeOther)
}

func (s *Server) handleAccountErasureRequest(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	req := &rotonde.ErasureRequest{Scope: rotonde.ErasureAccount, Reason: r.PostForm.Get("reason")}
	if err := s.store.Privacy.CreateErasureRequest(r.Context(), u, req); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.logSecurity(r, rotonde.AuditCreate, rotonde.SecurityPartPrefix+"wissen", u, "verzoek "+strconv.FormatInt(req.ID, 10))
	s.mailErasureDeciders(r, req)
	s.done(w, r, "privacy.done.requested", fmt.Sprintf("/privacy/verzoeken/%d", req.ID))
}

// personalCopy gathers the copy and logs it as an export: one record on
// each case it draws from, and one security event on the account.
func (s *Server) personalCopy(r *http.Request, format string) (*rotonde.PersonalCopy, error) {
	u := userFrom(r.Context())
	pc, err := s.store.Privacy.PersonalCopy(r.Context(), u)
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
	Now      time.Time
}

func (s *Server) orgPrivacyData(r *http.Request) (*orgPrivacyView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if !policy.CanConfigureOrganisation(u, id) {
		return nil, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
	}
	org, err := s.store.Orgs.Organisation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &orgPrivacyView{Org: org, Min: rotonde.MinRetentionYears, Max: rotonde.MaxRetentionYears, Now: s.now()}
	if v.Policy, err = s.store.Privacy.RetentionPolicy(r.Context(), id); err != nil {
		return nil, err
	}
	if v.Requests, err = s.store.Privacy.OrgErasureRequests(r.Context(), u, id); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) handleOrgPrivacy(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "org_privacy", "privacy.org.title", s.orgPrivacyData)
}

func (s *Server) handleSaveOrgPrivacy(w http.ResponseWriter, r *http.Request) {
	v, ok := loadForm(s, w, r, s.orgPrivacyData)
	if !ok {
		return
	}
	years, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("years")))
	err := s.store.Privacy.SetRetentionPolicy(r.Context(), userFrom(r.Context()), rotonde.RetentionPolicy{OrgID: v.Org.ID, CaseYears: years})
	s.formResult(w, r, err, "org_privacy", "privacy.org.title", v, "privacy.org.saved", fmt.Sprintf("/beheer/organisaties/%d/privacy", v.Org.ID))
}
