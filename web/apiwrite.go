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
	id, err := pathID(r, "id")
	var in apiEventIn
	if err == nil {
		err = decodeJSON(w, r, &in)
	}
	if err == nil && in.Date == nil {
		err = rotonde.E(rotonde.EInvalid, "err.search.field_is_missing", "date")
	}
	if err == nil && in.Description == nil {
		err = rotonde.E(rotonde.EInvalid, "err.search.field_is_missing", "description")
	}
	if err != nil {
		_ = s.auditOne(r, rotonde.AuditCreate, id, "tijdlijn", err, "api")
		s.apiError(w, r, err)
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
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/casussen/%d/tijdlijn#ev-%d", id, eventID))
	writeJSON(w, http.StatusCreated, apiCreated{ID: eventID})
}

// apiAddInsight answers POST /api/v1/cases/{id}/insights.
func (s *Server) apiAddInsight(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var in struct {
		Body  *string `json:"body"`
		Level string  `json:"level"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in)
	}
	if err == nil && in.Body == nil {
		err = rotonde.E(rotonde.EInvalid, "err.search.field_is_missing", "body")
	}
	if err != nil {
		_ = s.auditOne(r, rotonde.AuditCreate, id, "inzichten", err, "api")
		s.apiError(w, r, err)
		return
	}
	insight := &rotonde.Insight{CaseID: id, Body: *in.Body, Level: in.Level}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "inzichten", "api")
	err = s.checkLevel(r, id, strings.TrimSpace(in.Level))
	if err == nil {
		err = s.store.Progress.AddInsight(r.Context(), userFrom(r.Context()), insight)
	}
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/casussen/%d/inzichten#inzicht-%d", id, insight.ID))
	writeJSON(w, http.StatusCreated, apiCreated{ID: insight.ID})
}
