package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// maxListedEvents bounds the event list under the drawing: the drawing
// shows everything, the list is for reading and editing a selection.
const maxListedEvents = 500

// maxUpload is the largest timeline file accepted (timeline.MaxImportBytes):
// a dossier export of 100,000 rows fits.
const maxUpload = timeline.MaxImportBytes

type option struct{ Value, Label string }

type eventRow struct {
	ID                                               int64
	Date, Kind, KindKey, Lane, Source                string
	Description                                      string
	Persons, Organisations, Helpers                  string
	Emotions, Opinions, Assumptions, Interpretations string
	Tags, Guessed                                    string
	CanEdit                                          bool
	Ref                                              string // the drawn event's ID, when it is not a stored event (an interview answer)
}

// Anchor is the id of the event's entry on the page (after "ev-"), to
// which its marker in the drawing links.
func (e eventRow) Anchor() string {
	if e.Ref != "" {
		return e.Ref
	}
	return strconv.FormatInt(e.ID, 10)
}

// HasSubjective reports whether the event carries emotions, opinions,
// assumptions or interpretations, shown apart from the facts.
func (e eventRow) HasSubjective() bool {
	return e.Emotions != "" || e.Opinions != "" || e.Assumptions != "" || e.Interpretations != ""
}

type eventForm struct {
	Date, Kind, Lane, Source, Description            string
	Persons, Organisations, Helpers                  string
	Emotions, Opinions, Assumptions, Interpretations string
	Tags                                             string
}

type timelineFilterForm struct {
	Person, Organisation, From, To, Signal string
}

// Active reports whether any filter is set.
func (f timelineFilterForm) Active() bool {
	return f.Person != "" || f.Organisation != "" || f.From != "" || f.To != "" || f.Signal != ""
}

// Query is the filter as a query string (without "?"), for export links.
func (f timelineFilterForm) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"persoon": f.Person, "organisatie": f.Organisation, "van": f.From, "tot": f.To, "signaal": f.Signal} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

type importPreviewView struct {
	ImportID int64
	FileName string
	Total    int
	Events   []eventRow
	// Rejected lists the first maxShownRejections rejected rows; a file of
	// 200,000 bad rows must not become megabytes of HTML.
	Rejected      []string
	RejectedTotal int
	RejectedMore  int
	Warnings      []string
}

// maxShownRejections is how many rejected rows the preview lists.
const maxShownRejections = 50

type timelineView struct {
	Case          *rotonde.Case
	Dream         dreamPanel
	SVG           template.HTML
	Events        []eventRow
	Total, Listed int
	Filter        timelineFilterForm
	FilterError   string
	SignalTitle   string
	Persons       []string
	Organisations []string
	CanEdit       bool // any event, and import
	CanExport     bool // policy.CanExport: the SVG and CSV links
	CanAddOwn     bool // family: own needs and experiences
	Form          eventForm
	Kinds         []option
	Lanes         []option
	Sources       []option
	Preview       *importPreviewView
	Legend        []legendIcon // beside the drawing, wrapping on a phone
	// EditID is set on the edit page.
	EditID int64
}

func (s *Server) eventOptions(lang string, v *timelineView) {
	l := s.cat.For(lang)
	for _, k := range timeline.Kinds {
		v.Kinds = append(v.Kinds, option{string(k), k.Label(lang)})
	}
	v.Lanes = []option{{"", l.T("timeline.lane.auto")}, {string(timeline.LaneProfessional), l.T("timeline.lane.professioneel")}, {string(timeline.LaneFamily), l.T("timeline.lane.gezin")}}
	for _, src := range []timeline.Source{timeline.SourceDossier, timeline.SourceFamily, timeline.SourceProfessional} {
		v.Sources = append(v.Sources, option{string(src), src.Label(lang)})
	}
}

func (s *Server) rowOf(r *http.Request, t *timeline.Entry, role rotonde.MemberRole) eventRow {
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	e := &t.Event
	var stated, guessed []string
	for _, tg := range e.Tags {
		t := tg.String()
		if role == rotonde.MemberFamily {
			t = tg.Words(lang) // families read words, not the kenmerken notation
		}
		if tg.Inferred {
			guessed = append(guessed, t)
		} else {
			stated = append(stated, t)
		}
	}
	laneKey := "timeline.lane." + string(e.Lane)
	u := userFrom(r.Context())
	return eventRow{ID: t.ID, Date: e.Date.Label(lang), Kind: e.Kind.Label(lang), KindKey: string(e.Kind), Lane: l.T(laneKey),
		Source: e.Source.Label(lang), Description: e.Description, Persons: strings.Join(e.Persons, ", "),
		Organisations: strings.Join(e.Organisations, ", "), Helpers: strings.Join(e.Helpers, ", "),
		Emotions: e.Emotions, Opinions: e.Opinions, Assumptions: e.Assumptions, Interpretations: e.Interpretations,
		Tags: strings.Join(stated, ", "), Guessed: strings.Join(guessed, ", "),
		CanEdit: policy.CanEditTimeline(role) || (policy.CanAddOwnExperience(role) && t.CreatedBy == u.ID)}
}

// parseFilter reads the filter from the query string. A date that cannot be
// read is reported and left out, so the page still shows.
func parseFilter(r *http.Request) (timelineFilterForm, timeline.Query, error) {
	q := r.URL.Query()
	f := timelineFilterForm{Person: strings.TrimSpace(q.Get("persoon")), Organisation: strings.TrimSpace(q.Get("organisatie")),
		From: strings.TrimSpace(q.Get("van")), To: strings.TrimSpace(q.Get("tot")), Signal: strings.TrimSpace(q.Get("signaal"))}
	// Cluster links from the drawing use from/to.
	if f.From == "" && f.To == "" {
		f.From, f.To = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	}
	sf := timeline.Query{Person: f.Person, Organisation: f.Organisation}
	var err error
	for _, p := range []struct {
		in  *string
		out *timeline.Date
	}{{&f.From, &sf.From}, {&f.To, &sf.To}} {
		if *p.in == "" {
			continue
		}
		d, ok := timeline.ParseDate(*p.in)
		if !ok {
			err = rotonde.E(rotonde.EInvalid, "err.web.is_not_date_use_for_example", *p.in)
			*p.in = ""
			continue
		}
		*p.out = d
	}
	return f, sf, err
}

// timelineData loads the page. The caller logs the read before rendering.
func (s *Server) timelineData(r *http.Request, id int64) (timelineView, error) {
	u := userFrom(r.Context())
	lang := langFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return timelineView{}, err
	}
	v := timelineView{Case: c, CanEdit: policy.CanEditTimeline(role), CanAddOwn: policy.CanAddOwnExperience(role), CanExport: policy.CanExport(role)}
	if v.Dream, err = s.dreamData(r, id, role); err != nil {
		return v, err
	}
	filter, sf, ferr := parseFilter(r)
	v.Filter = filter
	if ferr != nil {
		v.FilterError = s.userMessage(r, ferr)
	}
	entries, err := s.store.Timeline.TimelineEvents(r.Context(), u, id, sf)
	if err != nil {
		return v, err
	}
	if filter.Signal != "" {
		entries, v.SignalTitle, err = s.signalSelection(r, id, filter.Signal, entries)
		if err != nil {
			return v, err
		}
	}
	if v.Persons, v.Organisations, err = s.store.Timeline.TimelineNames(r.Context(), u, id); err != nil {
		return v, err
	}
	events := timeline.EventsOf(entries)
	if filter.Signal == "" {
		if events, err = s.withInterviewEvents(r, id, events, sf); err != nil {
			return v, err
		}
	}
	var buf bytes.Buffer
	opt := s.renderOptions(lang, c.ID, filter, sf)
	opt.TagWords = role == rotonde.MemberFamily
	pageTimeline(&opt)
	if err := timeline.Render(&buf, events, opt); err != nil {
		return v, err
	}
	v.SVG = template.HTML(buf.String()) // the renderer escapes all text; it writes no <style> and no script
	v.Legend = legendIcons(timeline.Legend(lang, "tl-legend"))
	v.Events, v.Total = s.drawnRows(r, entries, events, role)
	v.Listed = len(v.Events)
	v.Form = eventForm{Kind: string(timeline.KindDecision), Source: string(timeline.SourceDossier)}
	if v.CanAddOwn && !v.CanEdit {
		v.Form = eventForm{Kind: string(timeline.KindExperience), Source: string(timeline.SourceFamily), Lane: string(timeline.LaneFamily)}
	}
	s.eventOptions(lang, &v)
	return v, nil
}

func (s *Server) renderOptions(lang string, caseID int64, f timelineFilterForm, sf timeline.Query) timeline.Options {
	title := s.cat.For(lang).T("timeline.title")
	return timeline.Options{Lang: lang, From: sf.From, To: sf.To, Person: sf.Person, Organisation: sf.Organisation, Title: title,
		IDPrefix: "tl",
		ZoomHref: func(from, to timeline.Date) string {
			zf := f
			zf.From, zf.To = from.String(), to.String()
			return fmt.Sprintf("/casussen/%d/tijdlijn?%s#tekening", caseID, zf.Query())
		}}
}

func (s *Server) renderTimeline(w http.ResponseWriter, r *http.Request, status int, data timelineView, err error) {
	s.renderCasePage(w, r, status, "timeline", "timeline.title", data.Case, data, err)
}

func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	data, err := s.timelineData(r, id)
	detail := ""
	if data.Filter.Active() {
		detail = "gefilterd" // never the names themselves: they are case content
	}
	err = s.audited(r, rotonde.AuditRead, id, "tijdlijn,droom", err, detail)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderTimeline(w, r, http.StatusOK, data, nil)
}

// writeRole checks, before a form is read, that the actor may change the
// timeline at all; so a refusal never depends on the input.
func (s *Server) writeRole(r *http.Request, id int64) (rotonde.MemberRole, error) {
	a, err := s.store.Trust.CaseAccess(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return "", err
	}
	if a.Emergency {
		return "", rotonde.E(rotonde.EForbidden, "err.sqldb.emergency_access_is_read_only")
	}
	if !policy.CanEditTimeline(a.Role) && !policy.CanAddOwnExperience(a.Role) {
		return "", rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_read_timeline_in")
	}
	return a.Role, nil
}

func splitNameList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func formOf(v url.Values) eventForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return eventForm{Date: g("date"), Kind: g("kind"), Lane: g("lane"), Source: g("source"), Description: g("description"),
		Persons: g("persons"), Organisations: g("organisations"), Helpers: g("helpers"), Emotions: g("emotions"),
		Opinions: g("opinions"), Assumptions: g("assumptions"), Interpretations: g("interpretations"), Tags: g("tags")}
}

func formFromEvent(e *timeline.Event) eventForm {
	var stated []timeline.Tag
	for _, t := range e.Tags {
		if !t.Inferred {
			stated = append(stated, t)
		}
	}
	return eventForm{Date: e.Date.String(), Kind: string(e.Kind), Lane: string(e.Lane), Source: string(e.Source), Description: e.Description,
		Persons: strings.Join(e.Persons, "; "), Organisations: strings.Join(e.Organisations, "; "), Helpers: strings.Join(e.Helpers, "; "),
		Emotions: e.Emotions, Opinions: e.Opinions, Assumptions: e.Assumptions, Interpretations: e.Interpretations, Tags: timeline.FormatTags(stated)}
}

// event turns a form into an event; the store validates the rest.
func (f eventForm) event() (timeline.Event, error) {
	d, ok := timeline.ParseDate(f.Date)
	if !ok {
		return timeline.Event{}, rotonde.E(rotonde.EInvalid, "err.web.is_not_valid_date_use_for", f.Date)
	}
	if f.Source == "" {
		f.Source = string(timeline.SourceProfessional) // whoever types it in; family members' own words are marked by the store
	}
	tags, unknown := timeline.ParseTags(f.Tags)
	if unknown != "" {
		return timeline.Event{}, rotonde.E(rotonde.EInvalid, "err.sqldb.unknown_tag", unknown)
	}
	return timeline.Event{Date: d, Kind: timeline.Kind(f.Kind), Lane: timeline.Lane(f.Lane), Source: timeline.Source(f.Source),
		Description: f.Description, Persons: splitNameList(f.Persons), Organisations: splitNameList(f.Organisations),
		Helpers: splitNameList(f.Helpers), Emotions: f.Emotions, Opinions: f.Opinions, Assumptions: f.Assumptions,
		Interpretations: f.Interpretations, Tags: tags}, nil
}

func refused(err error) bool {
	c := rotonde.ErrorCodeOf(err)
	return c == rotonde.ENotFound || c == rotonde.EForbidden || c == rotonde.EUnauthorized
}

// eventSave is what adding an event and changing one do differently.
type eventSave struct {
	action rotonde.AuditAction
	// failDetail is the record's detail when the request is refused before
	// the form is read; detail the one of the change itself.
	failDetail, detail string
	// save stores the event and returns its number.
	save   func(ctx context.Context, u *rotonde.User, caseID int64, e *timeline.Event) (int64, error)
	page   func(r *http.Request, caseID int64) (timelineView, error)
	render func(http.ResponseWriter, *http.Request, int, timelineView, error)
}

// saveEvent stores the event of the form for case id (err: why the path
// could not be read) and redirects to it on the timeline, or shows the form
// again with the reason it was refused.
func (s *Server) saveEvent(w http.ResponseWriter, r *http.Request, id int64, err error, es eventSave) {
	if err == nil {
		_, err = s.writeRole(r, id)
	}
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		_ = s.auditOne(r, es.action, id, "tijdlijn", err, es.failDetail)
		s.renderError(w, r, err)
		return
	}
	form := formOf(r.PostForm)
	e, err := form.event()
	var eventID int64
	// A new event's number is known only after the record is written with it.
	rec := s.auditNote(r, es.action, id, "tijdlijn", es.detail)
	if err == nil {
		eventID, err = es.save(r.Context(), userFrom(r.Context()), id, &e)
	}
	err = s.auditedResult(r, rec, err)
	if refused(err) {
		s.renderError(w, r, err)
		return
	}
	if err != nil {
		showPageAgain(s, w, r, id, err, es.page, func(data *timelineView) { data.Form = form }, es.render)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/tijdlijn#ev-%d", id, eventID), http.StatusSeeOther)
}

func (s *Server) handleAddEvent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	s.saveEvent(w, r, id, err, eventSave{action: rotonde.AuditCreate, detail: "nieuwe gebeurtenis",
		save: s.store.Timeline.AddTimelineEvent, page: s.timelineData, render: s.renderTimeline})
}

// editData loads the edit page of one event the actor may change.
func (s *Server) editData(r *http.Request, id, eventID int64) (timelineView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return timelineView{}, err
	}
	t, err := s.store.Timeline.TimelineEvent(r.Context(), u, id, eventID)
	if err != nil {
		return timelineView{}, err
	}
	row := s.rowOf(r, t, role)
	if !row.CanEdit || role == rotonde.MemberEmergency {
		return timelineView{}, rotonde.E(rotonde.EForbidden, "err.web.you_cannot_change_this_event")
	}
	v := timelineView{Case: c, CanEdit: policy.CanEditTimeline(role), CanAddOwn: policy.CanAddOwnExperience(role),
		Form: formFromEvent(&t.Event), EditID: eventID, Events: []eventRow{row}}
	if v.Dream, err = s.dreamData(r, id, role); err != nil {
		return v, err
	}
	s.eventOptions(langFrom(r.Context()), &v)
	return v, nil
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, data timelineView, err error) {
	s.renderCasePage(w, r, status, "timeline_event", "timeline.edit.title", data.Case, data, err)
}

func (s *Server) handleEditEventForm(w http.ResponseWriter, r *http.Request) {
	id, eventID, err := pathIDs(r, "id", "event")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data, err := s.editData(r, id, eventID)
	err = s.audited(r, rotonde.AuditRead, id, "tijdlijn", err, fmt.Sprintf("gebeurtenis %d", eventID))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderEdit(w, r, http.StatusOK, data, nil)
}

func (s *Server) handleUpdateEvent(w http.ResponseWriter, r *http.Request) {
	id, eventID, err := pathIDs(r, "id", "event")
	detail := fmt.Sprintf("gebeurtenis %d", eventID)
	s.saveEvent(w, r, id, err, eventSave{action: rotonde.AuditUpdate, failDetail: detail, detail: detail,
		save: func(ctx context.Context, u *rotonde.User, caseID int64, e *timeline.Event) (int64, error) {
			return eventID, s.store.Timeline.UpdateTimelineEvent(ctx, u, caseID, eventID, e)
		},
		page:   func(r *http.Request, id int64) (timelineView, error) { return s.editData(r, id, eventID) },
		render: s.renderEdit})
}

func (s *Server) handleDeleteEvent(w http.ResponseWriter, r *http.Request) {
	id, eventID, err := pathIDsForm(w, r, "id", "event")
	if err == nil && !s.confirmTrash(w, r, id, rotonde.TrashTimelineEvent, strconv.FormatInt(eventID, 10), fmt.Sprintf("/casussen/%d/tijdlijn/%d/bewerken", id, eventID)) {
		return
	}
	if err == nil {
		rec := s.auditNote(r, rotonde.AuditDelete, id, "tijdlijn", fmt.Sprintf("gebeurtenis %d naar prullenbak", eventID))
		var it rotonde.TrashItem
		it, err = s.store.Trash.TrashTimelineEvent(r.Context(), userFrom(r.Context()), id, eventID)
		err = s.auditedResult(r, rec, err)
		if err == nil {
			s.trashed(w, r, it)
		}
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/tijdlijn", id), http.StatusSeeOther)
}

// importRole checks that the actor may import into the case.
func (s *Server) importRole(r *http.Request, id int64) error {
	role, err := s.writeRole(r, id)
	if err == nil && !policy.CanEditTimeline(role) {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.only_professionals_in_case_can_import")
	}
	return err
}

// readUpload reads the uploaded file: at most 10 MB, .csv or .xlsx.
func readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+64<<10)
	tooLarge := rotonde.E(rotonde.ETooLarge, "err.web.file_is_too_large_at_most_3")
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooLarge
		}
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.choose_file_to_import")
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.choose_file_to_import")
	}
	defer f.Close()
	name := filepath.Base(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.only_csv_and_excel_files_csv")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
	if err != nil {
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.file_could_not_be_read")
	}
	if len(data) > maxUpload {
		return "", nil, tooLarge
	}
	return name, data, nil
}

func (s *Server) parseImport(ctx context.Context, name string, data []byte) (*timeline.Preview, error) {
	p, err := timeline.Parse(ctx, bytes.NewReader(data), name, timeline.ParseOptions{Now: s.now()})
	if err != nil {
		var re *rotonde.Error
		if !errors.As(err, &re) {
			// A damaged XLSX or similar: say so, never echo internals.
			return nil, rotonde.E(rotonde.EInvalid, "err.web.file_could_not_be_read_as", strings.ToUpper(strings.TrimPrefix(filepath.Ext(name), ".")))
		}
		return nil, err
	}
	return p, nil
}

func (s *Server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.importRole(r, id)
	}
	if err != nil {
		_ = s.auditOne(r, rotonde.AuditCreate, id, "tijdlijn-import", err, "")
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	name, fileData, err := readUpload(w, r)
	var preview *timeline.Preview
	if err == nil {
		preview, err = s.parseImport(r.Context(), name, fileData)
	}
	detail := "bestand afgewezen"
	if preview != nil {
		detail = fmt.Sprintf("voorbeeld: %d gebeurtenissen, %d afgekeurd", len(preview.Events), max(preview.RejectedCount, len(preview.Rejected)))
	}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "tijdlijn-import", detail)
	var importID int64
	if err == nil && preview.OK() {
		importID, err = s.store.Timeline.StageTimelineImport(r.Context(), u, id, name, fileData)
	}
	err = s.auditedResult(r, rec, err)
	if refused(err) {
		s.renderError(w, r, err)
		return
	}
	data, derr := s.timelineData(r, id)
	if derr != nil {
		s.renderError(w, r, derr)
		return
	}
	if err != nil {
		s.renderTimeline(w, r, statusOf(err), data, err)
		return
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	pv := &importPreviewView{ImportID: importID, FileName: name, Total: len(preview.Events)}
	for _, re := range preview.Rejected[:min(len(preview.Rejected), maxShownRejections)] {
		// The message names its line already ("Regel 4: …").
		pv.Rejected = append(pv.Rejected, re.Message(lang))
	}
	pv.RejectedTotal = max(preview.RejectedCount, len(preview.Rejected))
	pv.RejectedMore = pv.RejectedTotal - len(pv.Rejected)
	for _, wn := range preview.Warnings {
		msg := wn.Message(lang)
		if wn.Line > 0 {
			msg = fmt.Sprintf(l.T("timeline.import.line"), wn.Line, msg)
		}
		pv.Warnings = append(pv.Warnings, msg)
	}
	for i := range preview.Events {
		if i == maxListedEvents {
			break
		}
		t := timeline.Entry{Event: preview.Events[i]}
		row := s.rowOf(r, &t, "")
		row.CanEdit = false
		pv.Events = append(pv.Events, row)
	}
	data.Preview = pv
	data.Events = pv.Events
	status := http.StatusOK
	if !preview.OK() {
		status = http.StatusUnprocessableEntity
	}
	v := s.newView(r, "timeline.import.title", data)
	v.Title = l.T("timeline.import.title") + " · " + data.Case.Title
	s.renderView(w, r, status, "timeline_import", v)
}

func importIDOf(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PostForm.Get("import"), 10, 64)
	if err != nil || n <= 0 {
		return 0, rotonde.E(rotonde.ENotFound, "err.web.this_file_is_no_longer_waiting")
	}
	return n, nil
}

// importForm reads the case and the waiting import a confirmation or a
// cancellation is about, after checking that the actor may import.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) (id, importID int64, err error) {
	id, err = pathID(r, "id")
	if err == nil {
		err = s.importRole(r, id)
	}
	if err == nil {
		err = parseForm(w, r)
	}
	if err == nil {
		importID, err = importIDOf(r)
	}
	return id, importID, err
}

func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	id, importID, err := s.importForm(w, r)
	u := userFrom(r.Context())
	var p *timeline.PendingImport
	if err == nil {
		p, err = s.store.Timeline.PendingTimelineImport(r.Context(), u, id, importID)
	}
	var preview *timeline.Preview
	if err == nil {
		preview, err = s.parseImport(r.Context(), p.FileName, p.Data)
	}
	if err == nil && !preview.OK() {
		err = rotonde.E(rotonde.EInvalid, "err.web.file_has_rejected_lines_nothing_was")
	}
	n := 0
	if err == nil {
		n = len(preview.Events)
	}
	rec := s.auditNote(r, rotonde.AuditCreate, id, "tijdlijn", fmt.Sprintf("import %d: %d gebeurtenissen", importID, n))
	if err == nil {
		if err = s.store.Timeline.ConfirmTimelineImport(r.Context(), u, id, importID, preview.Events); err != nil {
			n = 0
			rec.Detail = fmt.Sprintf("import %d: %d gebeurtenissen", importID, n)
		}
	}
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.setFlash(w, r, flash{Key: "timeline.import.done", Args: []int{n}})
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/tijdlijn", id), http.StatusSeeOther)
}

func (s *Server) handleImportCancel(w http.ResponseWriter, r *http.Request) {
	id, importID, err := s.importForm(w, r)
	rec := s.auditNote(r, rotonde.AuditDelete, id, "tijdlijn-import", fmt.Sprintf("import %d", importID))
	if err == nil {
		err = s.store.Timeline.CancelTimelineImport(r.Context(), userFrom(r.Context()), id, importID)
	}
	err = s.auditedResult(r, rec, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/casussen/%d/tijdlijn", id), http.StatusSeeOther)
}

// exportEvents loads the (filtered) timeline for an export and logs it.
func (s *Server) exportEvents(r *http.Request, format string) (*rotonde.Case, []timeline.Event, timelineFilterForm, timeline.Query, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, timelineFilterForm{}, timeline.Query{}, err
	}
	u := userFrom(r.Context())
	c, err := s.exportCase(r, id)
	filter, sf, ferr := parseFilter(r)
	if err == nil {
		err = ferr
	}
	var entries []timeline.Entry
	if err == nil {
		entries, err = s.store.Timeline.TimelineEvents(r.Context(), u, id, sf)
	}
	if err == nil && filter.Signal != "" {
		entries, _, err = s.signalSelection(r, id, filter.Signal, entries)
	}
	events := timeline.EventsOf(entries)
	if err == nil && filter.Signal == "" {
		// the same events as the page: interview answers too
		events, err = s.withInterviewEvents(r, id, events, sf)
	}
	err = s.audited(r, rotonde.AuditExport, id, "tijdlijn", err, fmt.Sprintf("%s, %d gebeurtenissen", format, len(events)))
	return c, events, filter, sf, err
}

func (s *Server) handleTimelineSVG(w http.ResponseWriter, r *http.Request) {
	c, events, filter, sf, err := s.exportEvents(r, "svg")
	id, _ := pathID(r, "id") // the case's id; when it cannot be read, err says so
	s.sendFile(w, r, err, "image/svg+xml", fmt.Sprintf("tijdlijn-casus-%d.svg", id), func(out io.Writer) error {
		opt := s.renderOptions(langFrom(r.Context()), c.ID, filter, sf)
		opt.Title += " · " + c.Title
		return timeline.Render(out, events, opt)
	})
}

func (s *Server) handleTimelineCSV(w http.ResponseWriter, r *http.Request) {
	_, events, _, _, err := s.exportEvents(r, "csv")
	id, _ := pathID(r, "id") // the case's id; when it cannot be read, err says so
	s.sendFile(w, r, err, "text/csv; charset=utf-8", fmt.Sprintf("tijdlijn-casus-%d.csv", id), func(out io.Writer) error {
		return timeline.WriteCSV(out, events)
	})
}

// signalSelection keeps the entries behind one signal, computed over the
// whole timeline.
func (s *Server) signalSelection(r *http.Request, id int64, key string, entries []timeline.Entry) ([]timeline.Entry, string, error) {
	sigs, _, err := s.computeSignals(r, id)
	if err != nil {
		return nil, "", err
	}
	for _, sg := range sigs {
		if sg.Key != key {
			continue
		}
		keep := map[string]bool{}
		for _, eid := range sg.EventIDs {
			keep[eid] = true
		}
		for _, it := range sg.Items {
			if it.EventID != "" {
				keep[it.EventID] = true
			}
		}
		out := entries[:0:0]
		for _, t := range entries {
			if keep[t.Event.ID] {
				out = append(out, t)
			}
		}
		return out, sg.Title.Message(langFrom(r.Context())), nil
	}
	return nil, "", rotonde.E(rotonde.EInvalid, "err.web.unknown_signal", key)
}

// computeSignals reads the whole timeline and computes the signals as of today.
func (s *Server) computeSignals(r *http.Request, id int64) ([]signal.Signal, []timeline.Entry, error) {
	entries, err := s.store.Timeline.TimelineEvents(r.Context(), userFrom(r.Context()), id, timeline.Query{})
	if err != nil {
		return nil, nil, err
	}
	events := timeline.EventsOf(entries)
	if events, err = s.withInterviewEvents(r, id, events, timeline.Query{}); err != nil {
		return nil, nil, err
	}
	return signal.Compute(events, signal.Options{Now: s.now()}), entries, nil
}

// withInterviewEvents adds what family members told in reflective interviews
// (werkkaart 2) to the timeline as their experiences, below the line. They are
// drawn and counted in the signals; they are edited on the interview page.
func (s *Server) withInterviewEvents(r *http.Request, id int64, events []timeline.Event, f timeline.Query) ([]timeline.Event, error) {
	told, err := s.store.Timeline.InterviewEvents(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return nil, err
	}
	if len(told) == 0 {
		return events, nil
	}
	events = append(events, timeline.Filter(told, f.Person, f.Organisation, f.From, f.To)...)
	timeline.Sort(events)
	return events, nil
}
