package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// Form choices, in the order forms show them.
var (
	genoSexes    = []genogram.Sex{genogram.SexFemale, genogram.SexMale, genogram.SexOther, genogram.SexUnknown}
	ffStances    = []int{2, 1, 0, -1, -2}
	ffInfluences = []int{1, 2, 3, 4, 5}
)

// pinStep is how far one press of a move button shifts a symbol.
const pinStep = 30.0

// genoGroup is one list of lines on the page, with the kind the remove form names.
type genoGroup struct {
	TitleKey, Kind, Prefix string
	Rows                   []genoRow
}

type genoRow struct {
	Ref   string // model ID ("p12") or row id for items the model does not name
	Label string
	Kind  string
	Note  string
	Extra string
}

// genoOptions are the display toggles, read from the query (a GET form).
// Without a focus in the query the page shows the focused view around the
// child of the case; Whole is the choice to see everyone.
type genoOptions struct {
	Pro   bool
	Focus string
	Gen   int
	Whole bool
	All   bool // the whole focused view at once, not only its first screen
	// Screen is the width of the drawing's box on the user's screen in
	// CSS pixels (screenWidth), for the first window of a focused view.
	Screen float64
}

func (o genoOptions) query() string {
	v := url.Values{}
	if o.Pro {
		v.Set("pro", "1")
	}
	if o.Focus != "" {
		v.Set("focus", o.Focus)
		v.Set("gen", strconv.Itoa(o.Gen))
	} else if o.Whole {
		v.Set("focus", "")
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

type genogramView struct {
	Case         *rotonde.Case
	GEDCOMLimit  gedcomLimitText // what the import form says it takes
	CanEdit      bool
	CanExport    bool // policy.CanExport: the SVG and GEDCOM links
	SVG          template.HTML
	Opts         genoOptions
	Query        string
	Persons      []genogram.Person
	Family       []genogram.Person // persons who are not professionals, for family lines
	Partnerships []genoRow
	Children     []genoRow
	Ties         []genoRow
	Events       []genoRow
	Households   []genoRow
	Groups       []genoGroup
	Warnings     []string
	Edit         genogram.Person // the person form: empty to add, filled to edit
	Sexes        []genogram.Sex
	PartnerKinds []genogram.PartnershipKind
	ChildKinds   []genogram.ChildKind
	TieKinds     []genogram.TieKind
	EventKinds   []genogram.EventKind
	Gens         []int
	FocusAlias   string // the person the focused view is drawn around
	Overview     int    // persons in the drawing when it is an overview (too many to show symbols), else 0
	Partial      bool   // the drawing holds only the first screen around the focus person (genogramwindow.go)
}

func readGenoOptions(r *http.Request) genoOptions {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	_, chosen := q["focus"]
	o := genoOptions{Pro: q.Get("pro") == "1", Focus: q.Get("focus"), All: q.Get("alles") == "1", Screen: screenWidth(r)}
	o.Whole = chosen && o.Focus == ""
	if o.Focus != "" {
		o.Gen, _ = strconv.Atoi(q.Get("gen"))
		o.Gen = min(max(o.Gen, 1), 4)
	}
	return o
}

func (o genoOptions) layout(lang, title string) genogram.Options {
	return genogram.Options{Lang: lang, Professionals: o.Pro, Title: title}
}

// drawn is the part of g the drawing shows: the focus person's kin within
// the chosen generations, or everyone.
func (o genoOptions) drawn(g *genogram.Genogram) *genogram.Genogram {
	if o.Focus == "" {
		return g
	}
	return g.Kin(o.Focus, o.Gen)
}

// aliasesIn replaces person IDs quoted in a message by their aliases, so
// that warnings name people as the users know them.
func aliasesIn(msg string, g *genogram.Genogram) string {
	for _, p := range g.Persons {
		msg = strings.ReplaceAll(msg, strconv.Quote(p.ID), strconv.Quote(p.Alias))
	}
	return msg
}

func (s *Server) genogramPage(r *http.Request, id int64) (genogramView, *genogram.Genogram, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return genogramView{}, nil, err
	}
	g, refs, err := s.store.Genogram.Genogram(r.Context(), u, id)
	if err != nil {
		return genogramView{}, nil, err
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	v := genogramView{Case: c, GEDCOMLimit: gedcomLimitFor(langFrom(r.Context())), CanEdit: policy.CanEditGenogram(role), CanExport: policy.CanExport(role), Opts: readGenoOptions(r), Persons: g.Persons,
		Sexes: genoSexes, PartnerKinds: genogram.PartnershipKinds, ChildKinds: genogram.ChildKinds, TieKinds: genogram.TieKinds, EventKinds: genogram.EventKinds, Gens: []int{1, 2, 3, 4}}
	v.Query = v.Opts.query()
	v.Opts = focusOnChild(v.Opts, g, r.Method == http.MethodGet)
	if err := v.draw(g, lang, l.T("geno.svgtitle")+" · "+c.Title); err != nil {
		return v, nil, err
	}
	alias := func(ref string) string {
		if p, ok := g.PersonByID(ref); ok {
			return p.Alias
		}
		return "?"
	}
	for _, p := range g.Persons {
		if !p.Professional {
			v.Family = append(v.Family, p)
		}
	}
	parts := map[string]string{}
	for _, pt := range g.Partnerships {
		label := alias(pt.A) + " — " + alias(pt.B)
		parts[pt.ID] = label
		v.Partnerships = append(v.Partnerships, genoRow{Ref: pt.ID, Label: label, Kind: string(pt.Kind), Extra: years(pt.StartYear, pt.EndYear)})
	}
	for i, pc := range g.Children {
		parents := parts[pc.Partnership]
		if parents == "" {
			parents = alias(pc.Parent1)
			if pc.Parent2 != "" {
				parents += " — " + alias(pc.Parent2)
			}
		}
		v.Children = append(v.Children, genoRow{Ref: strconv.FormatInt(refs.Children[i], 10), Label: alias(pc.Child), Kind: string(pc.Kind), Extra: parents})
	}
	for i, t := range g.Ties {
		v.Ties = append(v.Ties, genoRow{Ref: strconv.FormatInt(refs.Ties[i], 10), Label: alias(t.A) + " — " + alias(t.B), Kind: string(t.Kind), Note: t.Note})
	}
	for i, e := range g.Events {
		v.Events = append(v.Events, genoRow{Ref: strconv.FormatInt(refs.Events[i], 10), Label: alias(e.Person), Kind: string(e.Kind), Note: e.Note, Extra: years(e.Year, 0)})
	}
	for _, h := range g.Households {
		var names []string
		for _, m := range h.Members {
			names = append(names, alias(m))
		}
		kind := ""
		if h.Index {
			kind = "index"
		}
		v.Households = append(v.Households, genoRow{Ref: h.ID, Label: h.Label, Kind: kind, Extra: strings.Join(names, ", ")})
	}
	v.Groups = []genoGroup{
		{"geno.partnerships", "partnership", "geno.pkind.", v.Partnerships},
		{"geno.children", "child", "geno.ckind.", v.Children},
		{"geno.ties", "tie", "geno.tie.", v.Ties},
		{"geno.events", "event", "geno.event.", v.Events},
		{"geno.households", "household", "", v.Households},
	}
	warns, verr := g.Validate()
	for _, w := range warns {
		v.Warnings = append(v.Warnings, aliasesIn(w.Message(lang), g))
	}
	if verr != nil {
		v.Warnings = append(v.Warnings, aliasesIn(rotonde.UserMessage(verr, lang), g))
	}
	if ref := r.URL.Query().Get("bewerk"); ref != "" {
		v.Edit, _ = g.PersonByID(ref)
	}
	return v, g, nil
}

func years(a, b int) string {
	switch {
	case a > 0 && b > 0:
		return fmt.Sprintf("%d–%d", a, b)
	case a > 0:
		return strconv.Itoa(a)
	case b > 0:
		return "–" + strconv.Itoa(b)
	}
	return ""
}

func (s *Server) renderGenogram(w http.ResponseWriter, r *http.Request, status int, data genogramView, err error) {
	s.renderCasePage(w, r, status, "genogram", "geno.title", data.Case, data, err)
}

// genogramData is the genogram page of case id.
func (s *Server) genogramData(r *http.Request, id int64) (genogramView, error) {
	data, _, err := s.genogramPage(r, id)
	return data, err
}

func (s *Server) handleGenogram(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "genogram", s.genogramData, s.renderGenogram)
}

// caseDrawingChange runs one change from a form on a case's drawing page
// (the genogram, the force field), logged under part with detail, and
// answers like afterCaseDrawingChange.
func (s *Server) caseDrawingChange(w http.ResponseWriter, r *http.Request, action rotonde.AuditAction, part, detail string,
	change func(ctx context.Context, u *rotonde.User, caseID int64) error, after func(http.ResponseWriter, *http.Request, int64, error)) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	rec := s.auditNote(r, action, id, part, detail)
	after(w, r, id, s.auditedResult(r, rec, change(r.Context(), userFrom(r.Context()), id)))
}

// afterCaseDrawingChange answers a change to a case's drawing page: a
// redirect to back when it succeeded, the error page when the case is out
// of reach, else the page again (load, render) with the reason.
func afterCaseDrawingChange[T any](s *Server, w http.ResponseWriter, r *http.Request, id int64, err error, back string,
	load func(*http.Request, int64) (T, error), render func(http.ResponseWriter, *http.Request, int, T, error)) {
	s.answerChange(w, r, err, back, func() { showPageAgain(s, w, r, id, err, load, nil, render) })
}

// genogramChange runs one change from a form on the genogram page, logs it,
// and redirects back, or shows the page again with the reason it was refused.
func (s *Server) genogramChange(w http.ResponseWriter, r *http.Request, action rotonde.AuditAction, detail string, change func(ctx context.Context, u *rotonde.User, caseID int64) error) {
	s.caseDrawingChange(w, r, action, "genogram", detail, change, s.afterGenogramChange)
}

func (s *Server) afterGenogramChange(w http.ResponseWriter, r *http.Request, id int64, err error) {
	back := fmt.Sprintf("/casussen/%d/genogram%s", id, readGenoOptions(r).query())
	afterCaseDrawingChange(s, w, r, id, err, back, s.genogramData, s.renderGenogram)
}

func formYear(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil {
		return 0, rotonde.E(rotonde.EInvalid, "err.web.fill_in_year_in_digits_such")
	}
	return y, nil
}

// formYears reads the years in the form fields from and to: the span of a
// life or of a partnership.
func formYears(f url.Values, from, to string) (int, int, error) {
	start, err := formYear(f.Get(from))
	if err != nil {
		return 0, 0, err
	}
	end, err := formYear(f.Get(to))
	return start, end, err
}

func (s *Server) handleSavePerson(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditUpdate, "persoon", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		p := &genogram.Person{ID: f.Get("person"), Alias: f.Get("alias"), Sex: genogram.Sex(f.Get("sex")), Deceased: f.Get("deceased") != "",
			Index: f.Get("index") != "", Professional: f.Get("professional") != "", Organisation: f.Get("organisation")}
		var err error
		if p.BirthYear, p.DeathYear, err = formYears(f, "birth", "death"); err != nil {
			return err
		}
		return s.store.Genogram.SavePerson(ctx, u, id, p)
	})
}

func (s *Server) handleSavePartnership(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditUpdate, "relatie", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		pt := &genogram.Partnership{ID: f.Get("partnership"), A: f.Get("a"), B: f.Get("b"), Kind: genogram.PartnershipKind(f.Get("kind"))}
		var err error
		if pt.StartYear, pt.EndYear, err = formYears(f, "start", "end"); err != nil {
			return err
		}
		return s.store.Genogram.SavePartnership(ctx, u, id, pt)
	})
}

func (s *Server) handleAddChild(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditCreate, "kind", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		pc := &genogram.ParentChild{Child: f.Get("child"), Kind: genogram.ChildKind(f.Get("kind"))}
		// One field names either a partnership ("r3") or a single parent ("p12").
		parents := f.Get("parents")
		switch {
		case strings.HasPrefix(parents, "r"):
			pc.Partnership = parents
		case strings.HasPrefix(parents, "p"):
			pc.Parent1 = parents
		}
		return s.store.Genogram.AddChild(ctx, u, id, pc)
	})
}

func (s *Server) handleAddTie(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditCreate, "band", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		return s.store.Genogram.AddTie(ctx, u, id, &genogram.Tie{A: f.Get("a"), B: f.Get("b"), Kind: genogram.TieKind(f.Get("kind")), Note: f.Get("note")})
	})
}

func (s *Server) handleAddLifeEvent(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditCreate, "gebeurtenis", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		y, err := formYear(f.Get("year"))
		if err != nil {
			return err
		}
		return s.store.Genogram.AddLifeEvent(ctx, u, id, &genogram.LifeEvent{Person: f.Get("person"), Year: y, Kind: genogram.EventKind(f.Get("kind")), Note: f.Get("note")})
	})
}

func (s *Server) handleSaveHousehold(w http.ResponseWriter, r *http.Request) {
	s.genogramChange(w, r, rotonde.AuditUpdate, "huishouden", func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		return s.store.Genogram.SaveHousehold(ctx, u, id, &genogram.Household{ID: f.Get("household"), Label: f.Get("label"), Index: f.Get("index") != "", Members: f["members"]})
	})
}

func (s *Server) handleRemoveGenogramItem(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	kind, item := r.PostForm.Get("kind"), genogram.RowID(r.PostForm.Get("item"))
	if item != 0 && !s.confirmTrash(w, r, id, rotonde.TrashKind(kind), strconv.FormatInt(item, 10),
		fmt.Sprintf("/casussen/%d/genogram%s", id, readGenoOptions(r).query())) {
		return
	}
	rec := s.auditNote(r, rotonde.AuditDelete, id, "genogram", runes.Cut(kind, 20)+" "+strconv.FormatInt(item, 10)+" naar prullenbak")
	var it rotonde.TrashItem
	var err error
	if item == 0 {
		err = rotonde.E(rotonde.EInvalid, "err.web.choose_what_to_remove")
	} else {
		it, err = s.store.Trash.TrashGenogramItem(r.Context(), userFrom(r.Context()), id, kind, item)
	}
	err = s.auditedResult(r, rec, err)
	if err == nil {
		s.trashed(w, r, it)
	}
	s.afterGenogramChange(w, r, id, err)
}

// handlePin keeps a dragged or moved symbol where it was put. The drag
// script posts x and y (the new centre) with js=1 and gets 204; the
// keyboard form posts a direction (move) or reset and is redirected back.
func (s *Server) handlePin(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.pinAnswer(w, r, 0, err)
		return
	}
	u := userFrom(r.Context())
	f := r.PostForm
	person := f.Get("person")
	detail := "positie"
	// Each way of moving names itself before its store call.
	rec := s.auditNoteCompleted(r, rotonde.AuditUpdate, id, "genogram", "", func(e *rotonde.AuditEntry) { addDetail(e, detail) })
	switch {
	case f.Get("reset") != "":
		detail = "positie terugzetten"
		err = s.store.Genogram.UnpinPerson(r.Context(), u, id, person)
	case f.Get("move") != "":
		var x, y float64
		if x, y, err = s.currentCentre(r, id, person); err == nil {
			switch f.Get("move") {
			case "left":
				x -= pinStep
			case "right":
				x += pinStep
			case "up":
				y -= pinStep
			case "down":
				y += pinStep
			default:
				err = rotonde.E(rotonde.EInvalid, "err.web.choose_direction")
			}
		}
		if err == nil {
			err = s.store.Genogram.PinPerson(r.Context(), u, id, person, x, y)
		}
	default:
		x, xerr := strconv.ParseFloat(f.Get("x"), 64)
		y, yerr := strconv.ParseFloat(f.Get("y"), 64)
		if xerr != nil || yerr != nil || math.IsNaN(x) || math.IsNaN(y) {
			err = rotonde.E(rotonde.EInvalid, "err.sqldb.this_position_lies_outside_drawing")
		} else {
			err = s.store.Genogram.PinPerson(r.Context(), u, id, person, math.Round(x), math.Round(y))
		}
	}
	err = s.auditedResult(r, rec, err)
	s.pinAnswer(w, r, id, err)
}

func (s *Server) pinAnswer(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if r.PostForm.Get("js") != "1" {
		if id == 0 {
			s.renderError(w, r, err)
			return
		}
		s.afterGenogramChange(w, r, id, err)
		return
	}
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(statusOf(err))
		_, _ = io.WriteString(w, s.userMessage(r, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// currentCentre is where the person's symbol is drawn now, with the toggles of the form.
func (s *Server) currentCentre(r *http.Request, id int64, person string) (float64, float64, error) {
	g, _, err := s.store.Genogram.Genogram(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return 0, 0, err
	}
	b, ok := genogram.ComputeLayout(g, readGenoOptions(r).layout("", "")).Boxes[person]
	if !ok {
		return 0, 0, rotonde.E(rotonde.EConflict, "err.sqldb.this_person_is_not_or_no")
	}
	c := b.Centre()
	return c.X, c.Y, nil
}

// Exports.

func (s *Server) handleGenogramSVG(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	u := userFrom(r.Context())
	c, err := s.exportCase(r, id)
	var g *genogram.Genogram
	if err == nil {
		g, _, err = s.store.Genogram.Genogram(r.Context(), u, id)
	}
	err = s.audited(r, rotonde.AuditExport, id, "genogram", err, "svg")
	s.sendFile(w, r, err, "image/svg+xml", "geno-sociogram.svg", func(out io.Writer) error {
		lang := langFrom(r.Context())
		o := readGenoOptions(r)
		if _, ok := g.PersonByID(o.Focus); !ok {
			o.Focus = ""
		}
		return genogram.Render(out, o.drawn(g), o.layout(lang, s.cat.For(lang).T("geno.svgtitle")+" · "+c.Title))
	})
}

func (s *Server) handleGenogramGED(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	var g *genogram.Genogram
	_, err := s.exportCase(r, id)
	if err == nil {
		g, _, err = s.store.Genogram.Genogram(r.Context(), userFrom(r.Context()), id)
	}
	err = s.audited(r, rotonde.AuditExport, id, "genogram", err, "gedcom")
	s.sendFile(w, r, err, "text/plain; charset=utf-8", "geno-sociogram.ged", func(out io.Writer) error {
		return genogram.ExportGEDCOM(out, g)
	})
}

// GEDCOM import: upload → preview (nothing stored) → confirm (all or nothing).

// maxGEDCOM bounds an uploaded GEDCOM file: 6 MB holds the genealogy
// exports of many thousands of persons. The file's lines and persons are
// bounded by the import itself (genogram.DefaultLimits).
const maxGEDCOM = 6 << 20

// gedcomLimitText is gedcomLimits as the import form states them.
type gedcomLimitText struct {
	MB             int
	Lines, Persons string
}

func gedcomLimitFor(lang string) gedcomLimitText {
	return gedcomLimitText{MB: maxGEDCOM >> 20, Lines: i18n.Thousands(lang, gedcomLimits.Lines), Persons: i18n.Thousands(lang, gedcomLimits.Persons)}
}

// gedcomLimits are the import's limits on the web page.
var gedcomLimits = genogram.Limits{Bytes: maxGEDCOM, Lines: genogram.DefaultLimits.Lines, Persons: genogram.DefaultLimits.Persons}

type genoImportView struct {
	Case     *rotonde.Case
	SVG      template.HTML
	Persons  int
	Lines    int
	Ties     int
	Warnings []string
	Problem  string // a hard error: shown, and no confirm button
	Text     string // the file, carried to the confirm step
	Replaces int    // persons in the current genogram that the import replaces
}

// readGEDCOM reads the file from a multipart form: from the upload field
// "file" (preview) or the text field "gedcom" (confirm). It returns the
// file as UTF-8 text (see genogram.DecodeGEDCOM) with the warnings of its
// conversion.
func readGEDCOM(w http.ResponseWriter, r *http.Request) (string, []genogram.Issue, error) {
	tooLarge := rotonde.E(rotonde.ETooLarge, "err.web.file_is_too_large_at_most")
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxGEDCOM+64<<10)
	if err := r.ParseMultipartForm(2*maxGEDCOM + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooLarge
		}
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.choose_gedcom_file_ged")
	}
	var data []byte
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if !strings.HasSuffix(strings.ToLower(hdr.Filename), ".ged") {
			return "", nil, rotonde.E(rotonde.EInvalid, "err.web.only_gedcom_files_ged_can_be")
		}
		if data, err = io.ReadAll(io.LimitReader(f, maxGEDCOM+1)); err != nil {
			return "", nil, err
		}
	} else {
		data = []byte(r.FormValue("gedcom"))
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "", nil, rotonde.E(rotonde.EInvalid, "err.web.choose_gedcom_file_ged")
	case len(data) > maxGEDCOM:
		return "", nil, tooLarge
	}
	return genogram.DecodeGEDCOM(data)
}

func (s *Server) handleGenogramImport(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err == nil && !policy.CanEditGenogram(role) {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_view_geno_sociogram")
	}
	var text string
	var decodeWarns, issues []genogram.Issue
	if err == nil {
		text, decodeWarns, err = readGEDCOM(w, r)
	}
	var g *genogram.Genogram
	if err == nil {
		g, issues, err = genogram.ImportGEDCOMLimited(r.Context(), strings.NewReader(text), gedcomLimits)
		issues = append(decodeWarns, issues...)
	}
	err = s.audited(r, rotonde.AuditRead, id, "genogram", err, "gedcom voorbeeld")
	if err != nil {
		s.afterGenogramChange(w, r, id, err)
		return
	}
	lang := langFrom(r.Context())
	data := genoImportView{Case: c, Persons: len(g.Persons), Lines: len(g.Partnerships) + len(g.Children), Ties: len(g.Ties), Text: text}
	for _, is := range issues {
		data.Warnings = append(data.Warnings, is.Message(lang))
	}
	warns, verr := g.Validate()
	for _, is := range warns {
		data.Warnings = append(data.Warnings, is.Message(lang))
	}
	if verr != nil {
		data.Problem = rotonde.UserMessage(verr, lang)
	}
	if cur, _, err := s.store.Genogram.Genogram(r.Context(), u, id); err == nil {
		data.Replaces = len(cur.Persons)
	}
	var buf bytes.Buffer
	if err := genogram.Render(&buf, g, genogram.Options{Lang: lang, Professionals: true, Title: s.cat.For(lang).T("geno.import.preview")}); err == nil {
		data.SVG = template.HTML(buf.String())
	}
	v := s.newView(r, "geno.import.title", data)
	s.renderView(w, r, http.StatusOK, "genogram_import", v)
}

func (s *Server) handleGenogramImportConfirm(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	// Access first: a stranger learns nothing about the file's validity.
	_, role, err := s.store.Cases.Case(r.Context(), userFrom(r.Context()), id)
	if err == nil && !policy.CanEditGenogram(role) {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.you_can_only_view_geno_sociogram")
	}
	var text string
	if err == nil {
		text, _, err = readGEDCOM(w, r)
	}
	var g *genogram.Genogram
	if err == nil {
		g, _, err = genogram.ImportGEDCOMLimited(r.Context(), strings.NewReader(text), gedcomLimits)
	}
	n := 0
	if g != nil {
		n = len(g.Persons)
	}
	rec := s.auditNote(r, rotonde.AuditUpdate, id, "genogram", fmt.Sprintf("gedcom ingelezen, %d personen", n))
	if err == nil {
		err = s.store.Genogram.ReplaceGenogram(r.Context(), userFrom(r.Context()), id, g)
	}
	err = s.auditedResult(r, rec, err)
	if err == nil {
		s.trashedDrawing(w, r, id) // web/trash.go
	}
	s.afterGenogramChange(w, r, id, err)
}

// Force field (krachtenveld).

type forceFieldView struct {
	Case       *rotonde.Case
	CanEdit    bool
	SVG        template.HTML
	Field      *genogram.ForceField
	Stances    []int
	Influences []int
}

func (s *Server) forceFieldPage(r *http.Request, id int64) (forceFieldView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return forceFieldView{}, err
	}
	f, err := s.store.Genogram.ForceField(r.Context(), u, id)
	if err != nil {
		return forceFieldView{}, err
	}
	v := forceFieldView{Case: c, CanEdit: policy.CanEditGenogram(role), Field: f, Stances: ffStances, Influences: ffInfluences}
	if len(f.Stakeholders) > 0 {
		lang := langFrom(r.Context())
		var buf bytes.Buffer
		if err := genogram.RenderForceField(&buf, f, genogram.Options{Lang: lang, Title: s.cat.For(lang).T("ff.title") + " · " + c.Title}); err != nil {
			return v, err
		}
		v.SVG = template.HTML(buf.String())
	}
	return v, nil
}

func (s *Server) handleForceField(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "krachtenveld", s.forceFieldPage, s.renderForceField)
}

func (s *Server) renderForceField(w http.ResponseWriter, r *http.Request, status int, data forceFieldView, err error) {
	s.renderCasePage(w, r, status, "forcefield", "ff.title", data.Case, data, err)
}

func (s *Server) forceFieldChange(w http.ResponseWriter, r *http.Request, action rotonde.AuditAction, change func(ctx context.Context, u *rotonde.User, caseID int64) error) {
	s.caseDrawingChange(w, r, action, "krachtenveld", "", change, func(w http.ResponseWriter, r *http.Request, id int64, err error) {
		afterCaseDrawingChange(s, w, r, id, err, fmt.Sprintf("/casussen/%d/krachtenveld", id), s.forceFieldPage, s.renderForceField)
	})
}

func (s *Server) handleForceFieldGoal(w http.ResponseWriter, r *http.Request) {
	s.forceFieldChange(w, r, rotonde.AuditUpdate, func(ctx context.Context, u *rotonde.User, id int64) error {
		return s.store.Genogram.SetForceFieldGoal(ctx, u, id, r.PostForm.Get("goal"))
	})
}

func (s *Server) handleSaveStakeholder(w http.ResponseWriter, r *http.Request) {
	s.forceFieldChange(w, r, rotonde.AuditUpdate, func(ctx context.Context, u *rotonde.User, id int64) error {
		f := r.PostForm
		inf, err1 := strconv.Atoi(f.Get("influence"))
		st, err2 := strconv.Atoi(f.Get("stance"))
		if err1 != nil || err2 != nil {
			return rotonde.E(rotonde.EInvalid, "err.web.choose_influence_and_stance")
		}
		return s.store.Genogram.SaveStakeholder(ctx, u, id, &genogram.Stakeholder{ID: f.Get("stakeholder"), Name: f.Get("name"), Role: f.Get("role"), Influence: inf, Stance: st, Note: f.Get("note")})
	})
}

func (s *Server) handleRemoveStakeholder(w http.ResponseWriter, r *http.Request) {
	if id, err := pathID(r, "id"); err == nil && parseForm(w, r) == nil && r.PostForm.Get("stakeholder") != "" &&
		!s.confirmTrash(w, r, id, rotonde.TrashStakeholder, r.PostForm.Get("stakeholder"), fmt.Sprintf("/casussen/%d/krachtenveld", id)) {
		return
	}
	s.forceFieldChange(w, r, rotonde.AuditDelete, func(ctx context.Context, u *rotonde.User, id int64) error {
		it, err := s.store.Trash.TrashStakeholder(ctx, u, id, r.PostForm.Get("stakeholder"))
		if err == nil {
			s.trashed(w, r, it)
		}
		return err
	})
}
