package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// auditOutcome classifies an attempt for the access log: refused by the
// authorization check, or allowed (even when the input was then rejected).
func auditOutcome(err error) string {
	switch rotonde.ErrorCodeOf(err) {
	case rotonde.ENotFound, rotonde.EForbidden, rotonde.EUnauthorized:
		return rotonde.AuditDenied
	}
	return rotonde.AuditAllowed
}

// auditEntry describes one touch of case data by the current request.
func (s *Server) auditEntry(r *http.Request, action rotonde.AuditAction, caseID int64, part string, err error) *rotonde.AuditEntry {
	e := &rotonde.AuditEntry{Action: action, CaseID: caseID, Part: part, Outcome: auditOutcome(err),
		Address: clientAddress(r), UserAgent: runes.Cut(r.UserAgent(), 200)}
	if u := userFrom(r.Context()); u != nil {
		e.UserID, e.OrgID, e.Role = u.ID, u.OrgID, string(u.Role)
		if caseID != 0 && err == nil {
			if a, aerr := s.store.Trust.CaseAccess(r.Context(), u, caseID); aerr == nil {
				e.Role += "/" + string(a.Role)
				e.Basis = a.Basis
				e.Emergency = a.Emergency
			}
		}
	}
	if err != nil && e.Outcome == rotonde.AuditAllowed {
		e.Detail = "geweigerd: " + string(rotonde.ErrorCodeOf(err))
	}
	return e
}

// audit writes entries for the current request now, on their own: security
// events, and records that must be durable before anything is shown. A read
// is logged before the data is shown; if the log cannot be written, nothing
// is shown.
func (s *Server) audit(r *http.Request, entries ...*rotonde.AuditEntry) error {
	s.scopeEntries(r, entries) // web/accesslogguard.go
	return s.writeAudit(r, entries)
}

func (s *Server) writeAudit(r *http.Request, entries []*rotonde.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := s.store.Audit.AppendAudit(r.Context(), entries...)
	s.cfg.Metrics.auditWrite(err)
	if err != nil {
		s.log.ErrorContext(r.Context(), "access log write failed", "err", err)
		return fmt.Errorf("access log: %w", err)
	}
	return nil
}

// auditOne logs one read of (or one refused attempt on) one case, before
// the answer: it queues the record and writes what the request has pending.
func (s *Server) auditOne(r *http.Request, action rotonde.AuditAction, caseID int64, part string, err error, detail string) error {
	e := s.auditEntry(r, action, caseID, part, err)
	addDetail(e, detail)
	s.scopeEntries(r, []*rotonde.AuditEntry{e})
	p := rotonde.PendingAuditFrom(r.Context())
	if p == nil {
		return s.writeAudit(r, []*rotonde.AuditEntry{e})
	}
	p.Add(e)
	return s.flushAudit(r)
}

func addDetail(e *rotonde.AuditEntry, detail string) {
	if detail == "" {
		return
	}
	if e.Detail != "" {
		e.Detail += "; "
	}
	e.Detail += detail
}

// auditNote describes a change the request is about to make to a case. The
// record waits in the request's pending set (put there by accessLogged), and
// the store's next write transaction writes it together with the change, so
// that neither commits without the other. Call it right before the store
// call that makes the change, and auditResult right after.
func (s *Server) auditNote(r *http.Request, action rotonde.AuditAction, caseID int64, part, detail string) *rotonde.AuditEntry {
	return s.auditNoteCompleted(r, action, caseID, part, detail, nil)
}

// auditNoteCompleted is auditNote for a change that creates something:
// complete fills in, inside the transaction, what only the change knows
// (the id of the new case or meeting).
func (s *Server) auditNoteCompleted(r *http.Request, action rotonde.AuditAction, caseID int64, part, detail string, complete func(*rotonde.AuditEntry)) *rotonde.AuditEntry {
	e := s.auditEntry(r, action, caseID, part, nil)
	addDetail(e, detail)
	s.scopeEntries(r, []*rotonde.AuditEntry{e})
	p := rotonde.PendingAuditFrom(r.Context())
	if complete == nil {
		p.Add(e)
	} else {
		p.AddCompleted(e, complete)
	}
	return e
}

// auditResult completes a record queued with auditNote once the change was
// tried. A change that committed wrote the record with it. The record of a
// change that did not commit now says why, and is written on its own before
// the answer, as is the record of a change that needed no write.
func (s *Server) auditResult(r *http.Request, e *rotonde.AuditEntry, err error) error {
	if e.Seq != 0 {
		s.cfg.Metrics.auditWrite(nil)
		return nil
	}
	if err != nil {
		failed := s.auditEntry(r, e.Action, e.CaseID, e.Part, err)
		detail := e.Detail
		e.Outcome, e.Role, e.Basis, e.Emergency, e.Detail = failed.Outcome, failed.Role, failed.Basis, failed.Emergency, failed.Detail
		addDetail(e, detail)
	}
	if rotonde.PendingAuditFrom(r.Context()) == nil {
		return s.writeAudit(r, []*rotonde.AuditEntry{e})
	}
	return s.flushAudit(r)
}

// auditedResult completes the record like auditResult and returns what
// the handler answers with: err when the change failed, else the failure
// to write the record, if any.
func (s *Server) auditedResult(r *http.Request, e *rotonde.AuditEntry, err error) error {
	if aerr := s.auditResult(r, e, err); aerr != nil && err == nil {
		return aerr
	}
	return err
}

// audited logs like auditOne and returns what the handler answers with:
// err when the read failed, else the failure to write the record, if any,
// so that nothing is shown that was not logged.
func (s *Server) audited(r *http.Request, action rotonde.AuditAction, caseID int64, part string, err error, detail string) error {
	if aerr := s.auditOne(r, action, caseID, part, err, detail); aerr != nil && err == nil {
		return aerr
	}
	return err
}

// auditCaseCreation queues the record of a case about to be created. Inside
// the transaction it names the new case, and the creator as its owner: the
// creation makes them one, through their own organisation.
func (s *Server) auditCaseCreation(r *http.Request, c *rotonde.Case, detail string) *rotonde.AuditEntry {
	return s.auditNoteCompleted(r, rotonde.AuditCreate, 0, "casus", detail, func(e *rotonde.AuditEntry) {
		if c.ID == 0 {
			return
		}
		e.CaseID = c.ID
		e.Role += "/" + string(rotonde.MemberOwner)
		e.Basis = "lidmaatschap/eigen-organisatie"
	})
}

// auditDrop withdraws a queued record that turned out to describe nothing:
// a case that was not created has no log to write into.
func (s *Server) auditDrop(r *http.Request, e *rotonde.AuditEntry) {
	p := rotonde.PendingAuditFrom(r.Context())
	var keep []*rotonde.AuditEntry
	for _, x := range p.Take() {
		if x != e {
			keep = append(keep, x)
		}
	}
	p.Restore(keep)
}

// flushAudit writes the request's pending records now.
func (s *Server) flushAudit(r *http.Request) error {
	return s.writeAudit(r, rotonde.PendingAuditFrom(r.Context()).Take())
}

type auditView struct {
	Case *rotonde.Case
	Log  auditLog
}

// readCaseAudit records the read of case id's access log, refused when
// access (the reader's check on the case) failed, and then loads the log's
// entries. detail marks the record, "api" for the API.
func (s *Server) readCaseAudit(r *http.Request, id int64, access error, detail string) ([]rotonde.AuditEntry, error) {
	if err := s.audited(r, rotonde.AuditRead, id, "toegangslog", access, detail); err != nil {
		return nil, err
	}
	return s.store.Audit.CaseAudit(r.Context(), userFrom(r.Context()), id)
}

func (s *Server) handleCaseAudit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	c, _, err := s.store.Cases.Case(r.Context(), userFrom(r.Context()), id)
	entries, err := s.readCaseAudit(r, id, err, "")
	// Newest first on the page: the question is usually "who looked lately?".
	// Filtered and paged in web/auditlog.go.
	var log auditLog
	if err == nil {
		log, err = s.caseAuditLog(r, entries)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := s.newView(r, "audit.title", auditView{Case: c, Log: log})
	s.renderView(w, r, http.StatusOK, "audit", v)
}

type apiAuditEntry struct {
	Seq          int64     `json:"seq"`
	At           time.Time `json:"at"`
	Action       string    `json:"action"`
	Part         string    `json:"part"`
	UserID       int64     `json:"user_id"`
	UserName     string    `json:"user_name"`
	Organisation string    `json:"organisation,omitempty"`
	Role         string    `json:"role"`
	Address      string    `json:"address"`
	Outcome      string    `json:"outcome"`
	Basis        string    `json:"basis,omitempty"`
	Emergency    bool      `json:"emergency"`
	Detail       string    `json:"detail,omitempty"`
	Hash         string    `json:"hash"`
}

func (s *Server) apiCaseAudit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	_, err = s.store.Trust.CaseAccess(r.Context(), userFrom(r.Context()), id)
	entries, err := s.readCaseAudit(r, id, err, "api")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Entries []apiAuditEntry `json:"entries"`
	}{Entries: make([]apiAuditEntry, 0, len(entries))}
	for _, e := range entries {
		out.Entries = append(out.Entries, apiAuditEntry{Seq: e.Seq, At: e.At, Action: string(e.Action), Part: e.Part,
			UserID: e.UserID, UserName: e.UserName, Organisation: e.OrgName, Role: e.Role, Address: e.Address,
			Outcome: e.Outcome, Basis: e.Basis, Emergency: e.Emergency, Detail: e.Detail, Hash: e.Hash})
	}
	writeJSON(w, http.StatusOK, out)
}

func formBool(r *http.Request, name string) bool {
	v := r.PostForm.Get(name)
	return v == "on" || v == "true" || v == "1" || v == "ja"
}

func (s *Server) handleRecordGround(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	g := &rotonde.SharingGround{CaseID: id, Kind: rotonde.GroundKind(r.PostForm.Get("kind")),
		YoungPersonAgrees: formBool(r, "young_person_agrees"), ParentsAgree: formBool(r, "parents_agree"),
		GivenBy: r.PostForm.Get("given_by"), LegalBasis: r.PostForm.Get("legal_basis"), Note: r.PostForm.Get("note")}
	if g.Kind == rotonde.GroundConsent {
		age, perr := strconv.Atoi(r.PostForm.Get("age"))
		if perr != nil {
			age = -1
		}
		g.YoungPersonAge = age
	}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "toestemming", string(g.Kind))
	err := s.store.Trust.RecordGround(r.Context(), userFrom(r.Context()), g)
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.renderCaseWithError(w, r, id, err, nil)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d#toestemming", id), http.StatusSeeOther)
}

func (s *Server) handleWithdrawGround(w http.ResponseWriter, r *http.Request) {
	id, gid, err := pathIDs(r, "id", "ground")
	if err == nil && !s.confirmWithdrawGround(w, r, id, gid) {
		return
	}
	if err == nil {
		rec := s.auditNote(r, rotonde.AuditUpdate, id, "toestemming", "ingetrokken")
		err = s.store.Trust.WithdrawGround(r.Context(), userFrom(r.Context()), id, gid)
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.ended(w, r, id, rotonde.UndoGround, gid, s.mayRestoreGround(r, id, gid)) // web/undo.go
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d#toestemming", id), http.StatusSeeOther)
}

// renderCaseWithError shows the case page again with the reason a form was
// refused; keep (if any) puts back what was typed.
func (s *Server) renderCaseWithError(w http.ResponseWriter, r *http.Request, id int64, err error, keep func(*caseView)) {
	showPageAgain(s, w, r, id, err, s.caseData, keep, s.renderCase)
}

type breakGlassView struct {
	CaseID string
	Reason string
	Done   *rotonde.BreakGlass
}

func (s *Server) handleBreakGlassForm(w http.ResponseWriter, r *http.Request) {
	if !policy.CanBreakGlass(userFrom(r.Context())) {
		s.renderError(w, r, rotonde.E(rotonde.EForbidden, "err.sqldb.only_system_administrator_can_ask_for"))
		return
	}
	s.render(w, r, http.StatusOK, "breakglass", "breakglass.title", breakGlassView{})
}

func (s *Server) handleBreakGlass(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	view := breakGlassView{CaseID: r.PostForm.Get("case"), Reason: r.PostForm.Get("reason")}
	caseID, perr := strconv.ParseInt(view.CaseID, 10, 64)
	minutes, merr := strconv.Atoi(r.PostForm.Get("minutes"))
	if perr != nil || caseID <= 0 {
		s.renderFormError(w, r, "breakglass", "breakglass.title", view, rotonde.E(rotonde.EInvalid, "err.web.fill_in_case_number"))
		return
	}
	if merr != nil {
		minutes = 0
	}
	now := s.now()
	b := &rotonde.BreakGlass{CaseID: caseID, Reason: view.Reason, StartedAt: now, ExpiresAt: now.Add(time.Duration(minutes) * time.Minute)}
	// Written with the grant: inside its transaction the record names it.
	e := s.auditNoteCompleted(r, rotonde.AuditRead, caseID, "noodtoegang", "", func(e *rotonde.AuditEntry) {
		if b.ID == 0 || e.Outcome != rotonde.AuditAllowed {
			return
		}
		e.Role = string(u.Role) + "/" + string(rotonde.MemberEmergency)
		e.Basis = fmt.Sprintf("noodtoegang#%d", b.ID)
		// The reason itself stays in the break-glass record, shown to the case's members.
		e.Detail = "noodtoegang tot " + b.ExpiresAt.Format(rotonde.AuditTime)
	})
	e.Role, e.Emergency, e.Basis, e.Detail = string(u.Role), true, "noodtoegang", "noodtoegang gevraagd"
	err := s.store.Trust.BreakGlass(r.Context(), u, b)
	if err != nil {
		// Access not granted, for whatever reason (also a reason too short, 422), is a refusal.
		e.Outcome = rotonde.AuditDenied
		e.Detail += "; geweigerd: " + string(rotonde.ErrorCodeOf(err))
	}
	if aerr := s.auditResult(r, e, nil); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
			s.renderError(w, r, err)
			return
		}
		s.renderFormError(w, r, "breakglass", "breakglass.title", view, err)
		return
	}
	s.logSecurity(r, rotonde.AuditUpdate, rotonde.SecurityBreakGlass, nil,
		fmt.Sprintf("noodtoegang tot casus %d tot %s", caseID, b.ExpiresAt.UTC().Format(rotonde.AuditTime)))
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d", caseID), http.StatusSeeOther)
}
