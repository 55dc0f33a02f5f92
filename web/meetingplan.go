package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// parsePlan reads the plan form: a date (YYYY-MM-DD), a time (HH:MM) in
// the server's local time, and a place. An empty date clears the plan.
func parsePlan(form url.Values) (meeting.Plan, error) { return parsePlanIn(form, time.Local) }

// parsePlanIn is parsePlan in the time zone loc. A time that does not
// exist there (the hour skipped when summer time starts) is refused rather
// than moved an hour silently.
func parsePlanIn(form url.Values, loc *time.Location) (meeting.Plan, error) {
	p := meeting.Plan{Place: form.Get("place")}
	day, clock := strings.TrimSpace(form.Get("date")), strings.TrimSpace(form.Get("time"))
	if day == "" {
		return p, nil
	}
	if clock == "" {
		return p, rotonde.E(rotonde.EInvalid, "err.web.choose_time_as_well")
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, loc)
	if err != nil {
		return p, rotonde.E(rotonde.EInvalid, "err.web.give_date_as_yyyy_mm_dd")
	}
	if wall, _ := time.Parse("2006-01-02 15:04", day+" "+clock); at.Hour() != wall.Hour() || at.Minute() != wall.Minute() || at.Day() != wall.Day() {
		return p, rotonde.E(rotonde.EInvalid, "err.web.at_does_not_exist_that_night",
			day, clock, at.Format("15:04"))
	}
	p.At = at
	return p, nil
}

func (s *Server) handlePlanMeeting(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-planning", "#plan-h", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		p, err := parsePlan(r.PostForm)
		if err != nil {
			return 0, err
		}
		if err := p.Validate(s.now()); err != nil {
			return 0, err
		}
		msgs, err := s.planMail(r, st, mid, p)
		if err != nil {
			return 0, err
		}
		ctx, sent := withMail(r, msgs...)
		err = st.PlanMeeting(ctx, u, mid, p)
		s.mailSent(r, sent, err)
		return 0, err
	})
}

// handleMeetingICS gives a planned meeting as a calendar file, to those
// who may open the meeting.
func (s *Server) handleMeetingICS(w http.ResponseWriter, r *http.Request) {
	mid, err := pathID(r, "mid")
	st := s.store.Meetings
	var snap *meeting.Snapshot
	var a meeting.Access
	if err == nil {
		snap, a, err = st.MeetingSnapshot(r.Context(), s.viewer(r, mid), mid)
	}
	if err == nil && a.Guest {
		err = rotonde.E(rotonde.ENotFound, "err.web.this_page_does_not_exist")
	}
	if err == nil {
		err = exportMeeting(a)
	}
	err = s.auditedMeeting(r, rotonde.AuditExport, a, mid, "bijeenkomst-planning", err, "ics")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// The calendar holds the meeting itself, not the preparation before it.
	minutes := meeting.MeetingMinutes(s.methodForMeeting(r, &snap.Meeting), snap.Steps)
	data, ok := meeting.ICS(&snap.Meeting, minutes, s.absURL(r, fmt.Sprintf("/bijeenkomsten/%d/live", mid)), s.calendarDomain(), s.now())
	if !ok {
		s.renderError(w, r, rotonde.E(rotonde.ENotFound, "err.web.this_meeting_has_no_date_yet"))
		return
	}
	sendAttachment(w, "text/calendar; charset=utf-8", fmt.Sprintf("bijeenkomst-%d.ics", mid), data)
}

// calendarDomain is the domain in calendar UIDs: the host of --public-url,
// or none (the UID is then made of stored values only). Never the Host
// header, which differs between a proxy, an IP address and a typo.
func (s *Server) calendarDomain() string {
	if u, err := url.Parse(s.cfg.PublicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return ""
}

// upcomingMeetings is the start page's list of meetings to join; a store
// without meetings has none.
func (s *Server) upcomingMeetings(r *http.Request) ([]meeting.Meeting, error) {
	st := s.store.Meetings
	return st.UpcomingMeetings(r.Context(), userFrom(r.Context()))
}
