package web

import (
	"context"
	"fmt"
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Everyone can take the initiative: a family member asks for a learning
// meeting on the case page; the case's owner and facilitators see the
// request on their start page and the case page, and plan a meeting from
// it or decline it with a reason the family member reads there.

// requestsPanel is the requests part of the case page (templates/_requests.html).
type requestsPanel struct {
	CaseID   int64
	CanAsk   bool // a family member: the form to ask
	CanPlan  bool // the owner and facilitators: plan or decline
	Requests []meeting.Request
}

func (s *Server) requestsOf(r *http.Request, caseID int64, role rotonde.MemberRole) (requestsPanel, error) {
	st := s.store.Meetings
	list, err := st.CaseRequests(r.Context(), userFrom(r.Context()), caseID)
	return requestsPanel{CaseID: caseID, CanAsk: meeting.CanRequest(role), CanPlan: policy.CanManageMembers(role), Requests: list}, err
}

// openRequests are the requests waiting for the user on the start page.
func (s *Server) openRequests(r *http.Request) []meeting.Request {
	st := s.store.Meetings
	list, err := st.OpenRequests(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.log.ErrorContext(r.Context(), "open meeting requests", "err", err)
	}
	return list
}

func (s *Server) requestAgain(w http.ResponseWriter, r *http.Request, _ int64, err error) {
	s.renderError(w, r, err)
}

func (s *Server) handleRequestMeeting(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "bijeenkomst-aanvraag", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		st := s.store.Meetings
		req := &meeting.Request{CaseID: id, Question: r.PostForm.Get("question")}
		if err := st.RequestMeeting(ctx, u, req); err != nil {
			return "", err
		}
		s.setFlash(w, r, flash{Key: "requests.sent"})
		return fmt.Sprintf("/casussen/%d#aanvragen", id), nil
	}, s.requestAgain)
}

func (s *Server) handleDecideRequest(plan bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.progressChange(w, r, rotonde.AuditUpdate, "bijeenkomst-aanvraag", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
			rid, err := pathID(r, "request")
			st := s.store.Meetings
			if err != nil {
				return "", err
			}
			mid, err := st.DecideRequest(ctx, u, id, rid, plan, r.PostForm.Get("reason"))
			if err != nil {
				return "", err
			}
			if plan {
				return fmt.Sprintf("/bijeenkomsten/%d", mid), nil
			}
			return fmt.Sprintf("/casussen/%d#aanvragen", id), nil
		}, s.requestAgain)
	}
}
