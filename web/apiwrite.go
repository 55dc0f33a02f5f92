package web

import (
	"fmt"
	"net/http"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The write API lets other systems feed a case: a timeline event and an
// insight, each answered 201 with the new record's id once the change, its
// index entry and its access-log record are committed. Validation and
// errors are the pages' own.

// apiEventIn is a timeline event as the API takes it: the fields of the
// timeline's form, with the lists of names as JSON arrays.
type apiEventIn struct {
	Date            *string  `json:"date"`
	Kind            string   `json:"kind"`
	Lane            string   `json:"lane"`
	Source          string   `json:"source"`
	Description     *string  `json:"description"`
	Persons         []string `json:"persons"`
	Organisations   []string `json:"organisations"`
	Helpers         []string `json:"helpers"`
	Emotions        string   `json:"emotions"`
	Opinions        string   `json:"opinions"`
	Assumptions     string   `json:"assumptions"`
	Interpretations string   `json:"interpretations"`
	Tags            string   `json:"tags"`
}

type apiCreated struct {
	ID int64 `json:"id"`
}

// apiAddEvent answers POST /api/v1/cases/{id}/events.
func (s *Server) apiAddEvent(w http.ResponseWriter, r *http.Request) {
	var in apiEventIn
	id, ok := s.apiReadCreate(w, r, "tijdlijn", &in, func() []requiredField {
		return []requiredField{{"date", in.Date == nil}, {"description", in.Description == nil}}
	})
	if !ok {
		return
	}
	names := func(l []string) string { return strings.Join(l, "; ") }
	form := eventForm{Date: strings.TrimSpace(*in.Date), Kind: in.Kind, Lane: in.Lane, Source: in.Source, Description: strings.TrimSpace(*in.Description),
		Persons: names(in.Persons), Organisations: names(in.Organisations), Helpers: names(in.Helpers), Emotions: in.Emotions,
		Opinions: in.Opinions, Assumptions: in.Assumptions, Interpretations: in.Interpretations, Tags: in.Tags}
	e, err := form.event()
	var eventID int64
	rec := s.auditNote(r, rotonde.AuditCreate, id, "tijdlijn", "nieuwe gebeurtenis; api")
	if err == nil {
		eventID, err = s.store.Timeline.AddTimelineEvent(r.Context(), userFrom(r.Context()), id, &e)
	}
	s.apiAnswerCreated(w, r, rec, err, eventID, fmt.Sprintf("/casussen/%d/tijdlijn#ev-%d", id, eventID))
}

// apiAddInsight answers POST /api/v1/cases/{id}/insights.
func (s *Server) apiAddInsight(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body  *string `json:"body"`
		Level string  `json:"level"`
	}
	id, ok := s.apiReadCreate(w, r, "inzichten", &in, func() []requiredField {
		return []requiredField{{"body", in.Body == nil}}
	})
	if !ok {
		return
	}
	insight := &rotonde.Insight{CaseID: id, Body: *in.Body, Level: in.Level}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "inzichten", "api")
	err := s.checkLevel(r, id, strings.TrimSpace(in.Level))
	if err == nil {
		err = s.store.Progress.AddInsight(r.Context(), userFrom(r.Context()), insight)
	}
	s.apiAnswerCreated(w, r, rec, err, insight.ID, fmt.Sprintf("/casussen/%d/inzichten#inzicht-%d", id, insight.ID))
}

// requiredField is one required field of a JSON body: its name and whether the
// body left it out.
type requiredField struct {
	name    string
	missing bool
}

// apiReadCreate reads the case id in the path and the JSON body into in,
// then refuses the first of required's fields that is missing. On any
// failure it records the refused creation in area's access log, answers the
// error and reports false.
func (s *Server) apiReadCreate(w http.ResponseWriter, r *http.Request, area string, in any, required func() []requiredField) (int64, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeJSON(w, r, in)
	}
	if err == nil {
		for _, f := range required() {
			if f.missing {
				err = rotonde.E(rotonde.EInvalid, "err.search.field_is_missing", f.name)
				break
			}
		}
	}
	if err != nil {
		_ = s.auditOne(r, rotonde.AuditCreate, id, area, err, "api")
		s.apiError(w, r, err)
		return id, false
	}
	return id, true
}

// apiAnswerCreated finishes a creation through the API: it settles the
// access-log record rec with err, then answers the error, or 201 with the
// new record's id and its page's address in Location.
func (s *Server) apiAnswerCreated(w http.ResponseWriter, r *http.Request, rec *rotonde.AuditEntry, err error, newID int64, location string) {
	if err = s.auditedResult(r, rec, err); err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, apiCreated{ID: newID})
}
