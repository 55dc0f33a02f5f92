package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/password"
)

var generatePassword = password.Generate

// apiAuth accepts a personal access token (Authorization: Bearer …) or the
// session cookie, and answers 401 in JSON otherwise.
func (s *Server) apiAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if auth := r.Header.Get("Authorization"); auth != "" {
			tok, ok := bearerToken(auth)
			if !ok || tok == "" {
				s.apiError(w, r, rotonde.E(rotonde.EUnauthorized, "err.web.use_authorization_bearer_token"))
				return
			}
			u, err := s.store.Sessions.TokenUser(r.Context(), HashToken(strings.TrimSpace(tok)), s.now())
			if err != nil && rotonde.ErrorCodeOf(err) != rotonde.EUnauthorized {
				s.log.ErrorContext(r.Context(), "token lookup failed", "err", err)
				s.answerUnavailable(w, r)
				return
			}
			if err != nil {
				s.apiError(w, r, rotonde.E(rotonde.EUnauthorized, "err.web.this_token_is_unknown_expired_or"))
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), ctxUser, u))
		}
		if userFrom(r.Context()) == nil {
			s.apiError(w, r, rotonde.E(rotonde.EUnauthorized, "err.web.log_in_first_or_use_token"))
			return
		}
		h(w, r)
	}
}

type apiErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	var body apiErrorBody
	body.Error.Code = string(rotonde.ErrorCodeOf(err))
	body.Error.Message = s.userMessage(r, err)
	if statusOf(err) == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", bearerChallenge)
	}
	writeJSON(w, statusOf(err), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, rotonde.E(rotonde.ENotFound, "err.web.this_api_address_does_not_exist"))
}

type apiCase struct {
	ID        int64       `json:"id"`
	Title     string      `json:"title"`
	Reason    string      `json:"reason"`
	Status    string      `json:"status"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	MyRole    string      `json:"my_role,omitempty"`
	Members   []apiMember `json:"members,omitempty"`
}

type apiMember struct {
	UserID       int64  `json:"user_id"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Organisation string `json:"organisation,omitempty"`
}

func toAPICase(c *rotonde.Case) apiCase {
	return apiCase{ID: c.ID, Title: c.Title, Reason: c.Reason, Status: string(c.Status), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request) {
	cases, err := s.store.Cases.Cases(r.Context(), userFrom(r.Context()))
	var next string
	if err == nil {
		cases, next, err = pageCases(r, cases)
	}
	if err == nil {
		err = s.auditList(r, cases)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Cases      []apiCase `json:"cases"`
		NextCursor string    `json:"next_cursor,omitempty"`
	}{Cases: make([]apiCase, 0, len(cases)), NextCursor: next}
	for i := range cases {
		out.Cases = append(out.Cases, toAPICase(&cases[i]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	err = s.audited(r, rotonde.AuditRead, id, "casus,leden", err, "api")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	members, err := s.store.Cases.Members(r.Context(), u, id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := toAPICase(c)
	out.MyRole = string(role)
	for _, m := range members {
		out.Members = append(out.Members, apiMember{UserID: m.UserID, Name: m.UserName, Role: string(m.Role), Organisation: m.OrgName})
	}
	writeJSON(w, http.StatusOK, out)
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title  *string `json:"title"`
		Reason string  `json:"reason"`
		Status string  `json:"status"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	if in.Title == nil {
		s.apiError(w, r, rotonde.E(rotonde.EInvalid, "err.web.field_title_is_missing"))
		return
	}
	c := &rotonde.Case{Title: *in.Title, Reason: in.Reason, Status: rotonde.CaseStatus(in.Status)}
	// CreateCase returns only after the commit, so 201 means durably stored.
	rec := s.auditCaseCreation(r, c, "api")
	err := s.store.Cases.CreateCase(r.Context(), userFrom(r.Context()), c)
	if err == nil {
		err = s.auditResult(r, rec, nil)
	} else {
		s.auditDrop(r, rec)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/cases/"+itoa(c.ID))
	out := toAPICase(c)
	out.MyRole = string(rotonde.MemberOwner)
	writeJSON(w, http.StatusCreated, out)
}

type apiInsight struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	Level     string    `json:"level,omitempty"`
	MeetingID int64     `json:"meeting_id,omitempty"`
	Meeting   string    `json:"meeting,omitempty"`
	Author    string    `json:"author,omitempty"` // empty when captured anonymously
	CreatedAt time.Time `json:"created_at"`
}

// apiCaseList answers a GET of one part of a case as {"<key>": [...]}: it
// reads through the caller's own access, logs the read (also a refused
// one) and converts each item; an empty part is [] rather than null.
func apiCaseList[T, J any](s *Server, w http.ResponseWriter, r *http.Request, part, key string,
	read func(ctx context.Context, u *rotonde.User, caseID int64) ([]T, error), convert func(T) J) {
	id, err := pathID(r, "id")
	var list []T
	if err == nil {
		list, err = read(r.Context(), userFrom(r.Context()), id)
		err = s.audited(r, rotonde.AuditRead, id, part, err, "api")
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]J, 0, len(list))
	for _, item := range list {
		out = append(out, convert(item))
	}
	writeJSON(w, http.StatusOK, map[string][]J{key: out})
}

// apiCaseInsights lists what the people around a case came to see, for
// members of the case.
func (s *Server) apiCaseInsights(w http.ResponseWriter, r *http.Request) {
	apiCaseList(s, w, r, "inzichten", "insights", s.store.Progress.Insights, func(in rotonde.Insight) apiInsight {
		return apiInsight{ID: in.ID, Body: in.Body, Level: in.Level, MeetingID: in.MeetingID,
			Meeting: in.MeetingTitle, Author: in.AuthorName, CreatedAt: in.CreatedAt}
	})
}

type apiStep struct {
	ID         int64      `json:"id"`
	Title      string     `json:"title"`
	Owner      string     `json:"owner,omitempty"`
	Due        string     `json:"due,omitempty"`
	Status     string     `json:"status"`
	ReportBack bool       `json:"report_back"`
	CreatedAt  time.Time  `json:"created_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

// apiCaseSteps lists a case's small steps, for members of the case.
func (s *Server) apiCaseSteps(w http.ResponseWriter, r *http.Request) {
	apiCaseList(s, w, r, "kleine stappen", "steps", s.store.Progress.Steps, func(st rotonde.SmallStep) apiStep {
		a := apiStep{ID: st.ID, Title: st.Title, Owner: st.OwnerName, Due: st.Due, Status: string(st.Status), ReportBack: st.ReportBack, CreatedAt: st.CreatedAt}
		if a.Owner == "" {
			a.Owner = st.OwnerText
		}
		if !st.ClosedAt.IsZero() {
			closed := st.ClosedAt
			a.ClosedAt = &closed
		}
		return a
	})
}
