package web

import (
	"net/http"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// Every export of case content asks policy.CanExport (or CanExportMeeting);
// a refusal is logged like any other refused export.

func errExportRefused() error {
	return rotonde.E(rotonde.EForbidden, "err.web.only_those_working_on_case_can")
}

// exportCase returns the case for an export by the logged-in user, or the
// reason they may not export it.
func (s *Server) exportCase(r *http.Request, caseID int64) (*rotonde.Case, error) {
	c, role, err := s.store.Cases.Case(r.Context(), userFrom(r.Context()), caseID)
	if err != nil {
		return nil, err
	}
	if !policy.CanExport(role) {
		return nil, errExportRefused()
	}
	return c, nil
}

// exportMeeting checks an export of a meeting (report, calendar file) by
// someone who may open it.
func exportMeeting(a meeting.Access) error {
	if a.Meeting == nil || !policy.CanExportMeeting(a.Meeting.CaseID != 0, a.Guest, a.CaseRole) {
		return errExportRefused()
	}
	return nil
}
