package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// The administrator's page for an organisation's own wording of the method
// library, /beheer/organisaties/{id}/methode: a word list, rewording and
// hiding of the work cards and tension fields, adding an own field or card,
// and JSON download and upload for whoever prefers that. Everything is one
// method.Override per organisation (sqldb/method.go), validated by merging
// before anything is stored. The same people who set up single sign-on may
// use it (policy.CanConfigureOrganisation).

// emptyTermRows is how many blank word pairs the form offers (no script needed to add rows).
const emptyTermRows = 3

type textPair struct{ NL, EN string }

func pairOf(t method.Text) textPair { return textPair{t.NL, t.EN} }

type termRow struct {
	Index        int // position in the posted lists
	N            int // Index+1, for labels
	FromNL, ToNL string
	FromEN, ToEN string
	Existing     bool // offer a remove box
}

func (t termRow) blank() bool {
	return t.FromNL == "" && t.ToNL == "" && t.FromEN == "" && t.ToEN == ""
}

type methodCardRow struct {
	Key    string
	Number int
	Own    bool
	Hidden bool
	Title  textPair
	Std    textPair // the standard title (empty for own cards)
}

type methodFieldRow struct {
	Key, Set string
	Number   int
	Own      bool
	Hidden   bool
	Title    textPair
	Left     textPair
	Right    textPair
	Desc     textPair
}

// Label is the field's title in the page's language.
func (f methodFieldRow) Label(lang string) string {
	return method.Text{NL: f.Title.NL, EN: f.Title.EN}.In(lang)
}

type newFieldForm struct {
	Title, Left, Right, Desc textPair
	QuestionsNL, QuestionsEN string
}

type newCardForm struct {
	Title, Purpose textPair
	Steps          string
	StepsEN        string // optional: the same steps in English, "what you do | explanation" per line
	Min, Max       string
	Online         bool
}

type previewCard struct {
	Number  int
	Title   string
	Minutes int
	Hidden  bool
}

type previewField struct {
	Set                string
	Title, Left, Right string
	Hidden             bool
}

type methodPreview struct {
	Cards  []previewCard
	Fields []previewField
}

type methodAdminView struct {
	Org         *rotonde.Organisation
	HasOverride bool
	UpdatedAt   time.Time
	// Broken is set when the stored override no longer fits the standard
	// library (after an upgrade): pages show the standard words until fixed.
	Broken   string
	Terms    []termRow
	Cards    []methodCardRow
	Fields   []methodFieldRow
	NewField newFieldForm
	NewCard  newCardForm
	JSON     string
	Preview  *methodPreview
	MaxKB    int
}

// methodAdmin holds what one request of the page works with.
type methodAdmin struct {
	store  method.Store
	org    *rotonde.Organisation
	stored *method.StoredOverride // nil without an override
	// patchLib is the standard library with the stored patch, before the
	// word list: the texts the form shows and edits.
	patchLib *method.Library
	view     methodAdminView
}

var errNoMethodStore = rotonde.E(rotonde.ENotFound, "err.web.organisation_own_method_wording_is_not")

// CanConfigureOrg tells templates whether the viewer may configure an organisation.
func (v view) CanConfigureOrg(orgID int64) bool {
	return policy.CanConfigureOrganisation(v.User, orgID)
}

// methodAdminLoad reads the organisation of the request's path and its
// stored override, for someone who may configure that organisation.
func (s *Server) methodAdminLoad(r *http.Request) (*methodAdmin, error) {
	orgID, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	actor := userFrom(r.Context())
	if !policy.CanConfigureOrganisation(actor, orgID) {
		return nil, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
	}
	st := s.methods.store
	if st == nil {
		return nil, errNoMethodStore
	}
	org, err := s.store.Orgs.Organisation(r.Context(), orgID)
	if err != nil {
		return nil, err
	}
	a := &methodAdmin{store: st, org: org, patchLib: s.method}
	a.view = methodAdminView{Org: org, MaxKB: method.MaxStoredOverride >> 10}
	stored, err := st.MethodOverride(r.Context(), actor, orgID)
	switch {
	case err == nil:
		a.stored = stored
		a.view.HasOverride, a.view.UpdatedAt = true, stored.UpdatedAt
		lib, merr := method.Merge(s.method, method.Override{Patch: stored.Patch})
		if merr == nil {
			// The word list can break what the patch alone does not.
			_, merr = method.Merge(s.method, stored.Override(org.Name))
		}
		if merr != nil {
			a.view.Broken = s.userMessage(r, merr)
		} else {
			a.patchLib = lib
		}
	case rotonde.ErrorCodeOf(err) != rotonde.ENotFound:
		return nil, err
	}
	return a, nil
}

// fillFromLibrary prefills the form with the current texts.
func (a *methodAdmin) fillFromLibrary(base *method.Library) {
	a.view.Terms = nil
	if a.stored != nil {
		for _, t := range a.stored.Terms {
			a.view.Terms = append(a.view.Terms, termRow{FromNL: t.From.NL, ToNL: t.To.NL, FromEN: t.From.EN, ToEN: t.To.EN, Existing: true})
		}
	}
	a.view.Terms = withEmptyRows(a.view.Terms)
	a.view.Cards, a.view.Fields = nil, nil
	for _, c := range sortedCards(a.patchLib) {
		row := methodCardRow{Key: c.Key, Number: c.Number, Hidden: c.Hidden, Title: pairOf(c.Title)}
		if b, ok := base.Card(c.Key); ok {
			row.Std = pairOf(b.Title)
		} else {
			row.Own = true
		}
		a.view.Cards = append(a.view.Cards, row)
	}
	for _, f := range sortedFields(a.patchLib) {
		row := methodFieldRow{Key: f.Key, Set: f.Set, Number: f.Number, Hidden: f.Hidden, Title: pairOf(f.Title),
			Left: pairOf(f.Left), Right: pairOf(f.Right), Desc: pairOf(f.Description)}
		if _, ok := base.Field(f.Key); !ok {
			row.Own = true
		}
		a.view.Fields = append(a.view.Fields, row)
	}
	a.view.NewCard = newCardForm{Min: "2", Max: "12"}
}

func withEmptyRows(rows []termRow) []termRow {
	empty := 0
	for _, t := range rows {
		if t.blank() {
			empty++
		}
	}
	for ; empty < emptyTermRows; empty++ {
		rows = append(rows, termRow{})
	}
	for i := range rows {
		rows[i].Index, rows[i].N = i, i+1
	}
	return rows
}

func sortedCards(lib *method.Library) []method.Card {
	out := append([]method.Card(nil), lib.Cards...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// sortedFields orders fields by set (core, bestuurlijk, own) and number.
func sortedFields(lib *method.Library) []method.Field {
	rank := map[string]int{method.SetCore: 0, method.SetBestuurlijk: 1, method.SetOwn: 2}
	out := append([]method.Field(nil), lib.Fields...)
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Set] != rank[out[j].Set] {
			return rank[out[i].Set] < rank[out[j].Set]
		}
		return out[i].Number < out[j].Number
	})
	return out
}

func (s *Server) handleMethodAdmin(w http.ResponseWriter, r *http.Request) {
	a, err := s.methodAdminLoad(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	a.fillFromLibrary(s.method)
	s.renderMethodAdmin(w, r, http.StatusOK, a, nil)
}

func (s *Server) renderMethodAdmin(w http.ResponseWriter, r *http.Request, status int, a *methodAdmin, err error) {
	v := s.newView(r, "methodadmin.title", a.view)
	v.Title = v.L.T("methodadmin.title") + ": " + a.org.Name
	if err != nil {
		status = statusOf(err)
	}
	s.renderViewError(w, r, status, "method_admin", v, err)
}

// readMethodForm parses the page's forms: url-encoded, or multipart for the upload.
func readMethodForm(w http.ResponseWriter, r *http.Request) error {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return parseForm(w, r)
	}
	r.Body = http.MaxBytesReader(w, r.Body, method.MaxStoredOverride+64<<10)
	if err := r.ParseMultipartForm(method.MaxStoredOverride + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLargeOverride()
		}
		return rotonde.E(rotonde.EInvalid, "err.web.form_could_not_be_read")
	}
	return nil
}

func tooLargeOverride() error {
	return rotonde.E(rotonde.ETooLarge, "err.web.file_is_too_large_at_most_2",
		method.MaxStoredOverride>>10)
}

func (s *Server) handleSaveMethodAdmin(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = readMethodForm(w, r)
	}
	var a *methodAdmin
	if err == nil {
		a, err = s.methodAdminLoad(r)
	}
	if err != nil {
		if rotonde.ErrorCodeOf(err) == rotonde.EForbidden {
			_ = s.auditOne(r, rotonde.AuditUpdate, 0, "methode", err, fmt.Sprintf("organisatie %d", id))
		}
		s.renderError(w, r, err)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	actor := userFrom(r.Context())
	action := r.FormValue("action")
	var (
		o      method.Override
		detail string
		next   = fmt.Sprintf("/beheer/organisaties/%d/methode", id)
		notice = "methodadmin.saved"
	)
	switch action {
	case "upload":
		detail = "json ingelezen"
		a.fillFromLibrary(s.method)
		var text string
		text, err = readOverrideUpload(r)
		a.view.JSON = text
		if err == nil {
			o, err = decodeOverride(text)
		}
	case "reset":
		detail = "terug naar standaard"
		a.fillFromLibrary(s.method)
		notice = "methodadmin.reset.done"
		if r.FormValue("confirm") != "on" {
			err = rotonde.E(rotonde.EInvalid, "err.web.tick_box_to_confirm_that_you")
			break
		}
		if a.stored != nil {
			o.Patch, err = method.ResetPatch(a.stored.Patch)
		}
	case "preview", "save":
		detail = "woorden aangepast"
		o, err = s.overrideFromForm(r.PostForm, a)
		if err == nil && action == "preview" {
			var lib *method.Library
			if lib, err = method.Merge(s.method, withName(o, a.org.Name)); err == nil {
				a.view.Preview = previewOf(lib, langFrom(r.Context()))
				s.renderMethodAdmin(w, r, http.StatusOK, a, nil)
				return
			}
		}
	default:
		a.fillFromLibrary(s.method)
		err = rotonde.E(rotonde.EInvalid, "err.web.choose_what_to_do_with_buttons")
	}
	rec := s.auditNote(r, rotonde.AuditUpdate, 0, "methode", fmt.Sprintf("organisatie %d: %s", id, detail))
	if err == nil {
		o.Name = a.org.Name
		_, err = a.store.SaveMethodOverride(r.Context(), actor, id, o)
	}
	err = s.auditedResult(r, rec, err)
	if err != nil {
		if c := rotonde.ErrorCodeOf(err); c == rotonde.EForbidden || c == rotonde.ENotFound {
			s.renderError(w, r, err)
			return
		}
		// Shown again with what was typed; nothing was stored.
		s.renderMethodAdmin(w, r, statusOf(err), a, err)
		return
	}
	s.methods.invalidate(id)
	s.log.InfoContext(r.Context(), "method override saved", "org", id, "user", actor.ID, "how", detail)
	s.done(w, r, notice, next)
}

func withName(o method.Override, name string) method.Override {
	o.Name = name
	return o
}

// handleMethodDownload gives the override as JSON, in the shape the upload takes.
func (s *Server) handleMethodDownload(w http.ResponseWriter, r *http.Request) {
	a, err := s.methodAdminLoad(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	out := method.Override{Terms: []method.Term{}, Patch: json.RawMessage("{}")}
	if a.stored != nil {
		out.Terms, out.Patch = a.stored.Terms, a.stored.Patch
		if out.Terms == nil {
			out.Terms = []method.Term{}
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sendAttachment(w, "application/json; charset=utf-8", fmt.Sprintf("methode-organisatie-%d.json", a.org.ID), append(b, '\n'))
}

// readOverrideUpload takes the uploaded file, else the pasted text.
func readOverrideUpload(r *http.Request) (string, error) {
	var data []byte
	if r.MultipartForm != nil {
		if f, _, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, err := io.ReadAll(io.LimitReader(f, method.MaxStoredOverride+1))
			if err != nil {
				return "", rotonde.E(rotonde.EInvalid, "err.web.file_could_not_be_read")
			}
			data = b
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte(r.FormValue("json"))
	}
	if len(data) > method.MaxStoredOverride {
		return "", tooLargeOverride()
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	if strings.TrimSpace(text) == "" {
		return "", rotonde.E(rotonde.EInvalid, "err.web.choose_json_file_or_paste_json")
	}
	return text, nil
}

// decodeOverride reads {"terms": […], "patch": {…}} strictly: a misspelt
// name is reported rather than silently ignored.
func decodeOverride(text string) (method.Override, error) {
	var o method.Override
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	err := dec.Decode(&o)
	if err == nil && dec.More() {
		err = errors.New("extra data after the JSON document")
	}
	if err != nil {
		e := rotonde.E(rotonde.EInvalid, "err.web.this_is_not_valid_override_json", err)
		e.Err = err
		return method.Override{}, e
	}
	return o, nil
}

func previewOf(lib *method.Library, lang string) *methodPreview {
	p := &methodPreview{}
	for _, c := range sortedCards(lib) {
		p.Cards = append(p.Cards, previewCard{Number: c.Number, Title: c.Title.In(lang), Minutes: c.MeetingMinutes(""), Hidden: c.Hidden}) // meeting time, as when composing
	}
	for _, f := range sortedFields(lib) {
		p.Fields = append(p.Fields, previewField{Set: f.Set, Title: f.Title.In(lang), Left: f.Left.In(lang), Right: f.Right.In(lang), Hidden: f.Hidden})
	}
	return p
}

// --- From the form to an override ----------------------------------------

// overrideFromForm turns the posted form into an override. It starts from
// the stored patch, so that what the form does not show (changed purposes,
// steps, dream questions from an upload) is kept, and puts into it only
// what differs from the standard library. The view is filled with what was
// typed, to be shown again if anything is refused.
func (s *Server) overrideFromForm(form url.Values, a *methodAdmin) (method.Override, error) {
	terms := termsFromForm(form, &a.view)
	var doc method.Patch
	if a.stored != nil && len(a.stored.Patch) > 0 {
		if p, err := method.ParsePatch(a.stored.Patch); err == nil {
			doc = p
		}
	}
	s.cardsFromForm(form, a, &doc)
	s.fieldsFromForm(form, a, &doc)
	if err := s.ownAdditionsFromForm(form, a, &doc); err != nil {
		return method.Override{}, err
	}
	patch, err := doc.JSON()
	if err != nil {
		return method.Override{}, err
	}
	return method.Override{Terms: terms, Patch: patch}, nil
}

// termsFromForm reads the word list, leaving out removed and blank rows, and
// shows what was typed in the view.
func termsFromForm(form url.Values, v *methodAdminView) []method.Term {
	fromNL, toNL, fromEN, toEN := form["term_from_nl"], form["term_to_nl"], form["term_from_en"], form["term_to_en"]
	remove := map[int]bool{}
	for _, x := range form["term_remove"] {
		if i, err := strconv.Atoi(x); err == nil {
			remove[i] = true
		}
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	n := max(len(fromNL), len(toNL), len(fromEN), len(toEN))
	var terms []method.Term
	v.Terms = nil
	for i := range n {
		row := termRow{FromNL: at(fromNL, i), ToNL: at(toNL, i), FromEN: at(fromEN, i), ToEN: at(toEN, i)}
		if remove[i] || row.blank() {
			continue
		}
		row.Existing = true
		v.Terms = append(v.Terms, row)
		terms = append(terms, method.Term{From: method.Text{NL: row.FromNL, EN: row.FromEN}, To: method.Text{NL: row.ToNL, EN: row.ToEN}})
	}
	v.Terms = withEmptyRows(v.Terms)
	return terms
}

// cardsFromForm puts each posted card's title and hidden flag into doc, as
// far as they differ from the standard library.
func (s *Server) cardsFromForm(form url.Values, a *methodAdmin, doc *method.Patch) {
	base, v := s.method, &a.view
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	v.Cards = nil
	for _, c := range sortedCards(a.patchLib) {
		row := methodCardRow{Key: c.Key, Number: c.Number, Hidden: c.Hidden, Title: pairOf(c.Title)}
		b, inBase := base.Card(c.Key)
		row.Own = !inBase
		if inBase {
			row.Std = pairOf(b.Title)
		}
		prefix := "card." + c.Key + "."
		if _, posted := form[prefix+"title.nl"]; posted {
			row.Title = textPair{get(prefix + "title.nl"), get(prefix + "title.en")}
			row.Hidden = form.Get(prefix+"hidden") != ""
			item := doc.Card(c.Key)
			item.Title = method.Reword(row.Title.text(), b.Title, c.Title, !inBase)
			item.Hidden = method.Hide(row.Hidden, b.Hidden, !inBase)
			doc.PruneCard(c.Key)
		}
		v.Cards = append(v.Cards, row)
	}

}

// fieldsFromForm puts each posted tension field's title, poles, description
// and hidden flag into doc, as far as they differ from the standard library.
func (s *Server) fieldsFromForm(form url.Values, a *methodAdmin, doc *method.Patch) {
	base, v := s.method, &a.view
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	v.Fields = nil
	for _, f := range sortedFields(a.patchLib) {
		row := methodFieldRow{Key: f.Key, Set: f.Set, Number: f.Number, Hidden: f.Hidden, Title: pairOf(f.Title),
			Left: pairOf(f.Left), Right: pairOf(f.Right), Desc: pairOf(f.Description)}
		b, inBase := base.Field(f.Key)
		row.Own = !inBase
		prefix := "field." + f.Key + "."
		if _, posted := form[prefix+"title.nl"]; posted {
			pair := func(prop string) textPair { return textPair{get(prefix + prop + ".nl"), get(prefix + prop + ".en")} }
			row.Title, row.Left, row.Right, row.Desc = pair("title"), pair("left"), pair("right"), pair("description")
			row.Hidden = form.Get(prefix+"hidden") != ""
			item := doc.Field(f.Key)
			item.Title = method.Reword(row.Title.text(), b.Title, f.Title, !inBase)
			item.Left = method.Reword(row.Left.text(), b.Left, f.Left, !inBase)
			item.Right = method.Reword(row.Right.text(), b.Right, f.Right, !inBase)
			item.Description = method.Reword(row.Desc.text(), b.Description, f.Description, !inBase)
			item.Hidden = method.Hide(row.Hidden, b.Hidden, !inBase)
			doc.PruneField(f.Key)
		}
		v.Fields = append(v.Fields, row)
	}
}

// ownAdditionsFromForm adds an own tension field and an own work card to doc
// when the form has them, crediting the organisation as their source.
func (s *Server) ownAdditionsFromForm(form url.Values, a *methodAdmin, doc *method.Patch) error {
	v := &a.view
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	v.NewField = newFieldForm{
		Title: textPair{get("nf_title_nl"), get("nf_title_en")}, Left: textPair{get("nf_left_nl"), get("nf_left_en")},
		Right: textPair{get("nf_right_nl"), get("nf_right_en")}, Desc: textPair{get("nf_desc_nl"), get("nf_desc_en")},
		QuestionsNL: form.Get("nf_questions_nl"), QuestionsEN: form.Get("nf_questions_en")}
	v.NewCard = newCardForm{Title: textPair{get("nc_title_nl"), get("nc_title_en")}, Purpose: textPair{get("nc_purpose_nl"), get("nc_purpose_en")},
		Steps: form.Get("nc_steps"), StepsEN: form.Get("nc_steps_en"), Min: get("nc_min"), Max: get("nc_max"), Online: form.Get("nc_online") != ""}
	if v.NewCard.Min == "" && v.NewCard.Max == "" && v.NewCard.Title == (textPair{}) {
		v.NewCard.Min, v.NewCard.Max = "2", "12"
	}
	keys := map[string]bool{}
	for _, c := range a.patchLib.Cards {
		keys[c.Key] = true
	}
	for _, f := range a.patchLib.Fields {
		keys[f.Key] = true
	}
	addedOwn := false
	if nf := v.NewField; nf != (newFieldForm{}) {
		item, err := newOwnField(nf, a.patchLib, keys)
		if err != nil {
			return err
		}
		doc.Fields = append(doc.Fields, item)
		addedOwn = true
	}
	if nc := v.NewCard; nc.Title != (textPair{}) || nc.Purpose != (textPair{}) || strings.TrimSpace(nc.Steps) != "" {
		item, err := newOwnCard(nc, a.patchLib, keys)
		if err != nil {
			return err
		}
		doc.Cards = append(doc.Cards, item)
		addedOwn = true
	}
	if addedOwn {
		if _, ok := a.patchLib.Source(ownSource); !ok {
			y := s.now().Year()
			doc.Sources = append(doc.Sources, method.SourcePatch{Key: ownSource, Title: &a.org.Name, Publisher: &a.org.Name, Year: &y,
				Note: method.BothLanguages(method.Catalogued("method.own.source.note", a.org.Name))})
		}
	}
	return nil
}

// ownSource is the source key an organisation's own additions credit.
const ownSource = "eigen"

// ownKey derives a key from a name: "eigen-" and the name in plain lower
// case, made unique among the library's keys.
func ownKey(name string, taken map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if s, ok := plainLetters[r]; ok {
			b.WriteString(s)
			dash = false
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.Trim(b.String(), "-")
	if len(slug) > 40 {
		slug = strings.Trim(slug[:40], "-")
	}
	if slug == "" {
		slug = "item"
	}
	key := "eigen-" + slug
	for i := 2; taken[key]; i++ {
		key = fmt.Sprintf("eigen-%s-%d", slug, i)
	}
	taken[key] = true
	return key
}

var plainLetters = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ç': "c", 'ñ': "n", 'ĳ': "ij", 'ß': "ss", '²': "2",
}

// both fills an empty language from the other.
func both(p textPair) *method.TextPatch { return method.BothLanguages(p.text()) }

func (p textPair) text() method.Text { return method.Text{NL: p.NL, EN: p.EN} }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func newOwnField(nf newFieldForm, lib *method.Library, keys map[string]bool) (method.FieldPatch, error) {
	qs := lines(nf.QuestionsNL)
	qsEN := lines(nf.QuestionsEN)
	if len(qs) == 0 {
		qs = qsEN
	}
	if nf.Title == (textPair{}) || nf.Left == (textPair{}) || nf.Right == (textPair{}) || nf.Desc == (textPair{}) || len(qs) == 0 {
		return method.FieldPatch{}, rotonde.E(rotonde.EInvalid, "err.web.for_new_tension_field_fill_in")
	}
	if len(qs) > 20 {
		return method.FieldPatch{}, rotonde.E(rotonde.EInvalid, "err.web.give_new_tension_field_at_most")
	}
	number := 0
	for _, f := range lib.Fields {
		if f.Set == method.SetOwn {
			number = max(number, f.Number)
		}
	}
	var questions []method.QuestionPatch
	for i, q := range qs {
		en := q
		if i < len(qsEN) {
			en = qsEN[i]
		}
		questions = append(questions, method.QuestionPatch{Key: "q" + strconv.Itoa(i+1), Text: &method.TextPatch{NL: &q, EN: &en}})
	}
	name := nf.Title.NL
	if name == "" {
		name = nf.Title.EN
	}
	number++
	set, source := method.SetOwn, ownSource
	return method.FieldPatch{Key: ownKey(name, keys), Number: &number, Set: &set,
		Title: both(nf.Title), Left: both(nf.Left), Right: both(nf.Right), Description: both(nf.Desc),
		Questions: questions, Source: &source}, nil
}

func newOwnCard(nc newCardForm, lib *method.Library, keys map[string]bool) (method.CardPatch, error) {
	if nc.Title == (textPair{}) || nc.Purpose == (textPair{}) || strings.TrimSpace(nc.Steps) == "" {
		return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.for_new_work_card_fill_in")
	}
	var steps []method.StepPatch
	english := lines(nc.StepsEN)
	if len(english) > 0 && len(english) != len(lines(nc.Steps)) {
		return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.give_as_many_steps_in_english", len(lines(nc.Steps)))
	}
	for i, l := range lines(nc.Steps) {
		parts := strings.SplitN(l, "|", 3)
		minutes, err := strconv.Atoi(strings.TrimSpace(parts[0]))
		if len(parts) < 2 || err != nil || minutes < 1 || minutes > 480 || strings.TrimSpace(parts[1]) == "" {
			return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.step_of_new_work_card_write", i+1)
		}
		title := strings.TrimSpace(parts[1])
		desc := title
		if len(parts) == 3 && strings.TrimSpace(parts[2]) != "" {
			desc = strings.TrimSpace(parts[2])
		}
		titleEN, descEN := title, desc
		if len(english) > 0 {
			en := strings.SplitN(english[i], "|", 2)
			if titleEN = strings.TrimSpace(en[0]); titleEN == "" {
				return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.english_step_of_new_work_card", i+1)
			}
			descEN = titleEN
			if len(en) == 2 && strings.TrimSpace(en[1]) != "" {
				descEN = strings.TrimSpace(en[1])
			}
		}
		steps = append(steps, method.StepPatch{Key: "s" + strconv.Itoa(i+1), Minutes: &minutes,
			Title: &method.TextPatch{NL: &title, EN: &titleEN}, Description: &method.TextPatch{NL: &desc, EN: &descEN}})
	}
	if len(steps) > 30 {
		return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.give_new_work_card_at_most")
	}
	lo, err1 := strconv.Atoi(nc.Min)
	hi, err2 := strconv.Atoi(nc.Max)
	if err1 != nil || err2 != nil || lo < 1 || hi < lo || hi > 500 {
		return method.CardPatch{}, rotonde.E(rotonde.EInvalid, "err.web.fill_in_group_size_of_new")
	}
	number := 0
	for _, c := range lib.Cards {
		number = max(number, c.Number)
	}
	name := nc.Title.NL
	if name == "" {
		name = nc.Title.EN
	}
	note := method.Catalogued("method.own.note.inperson")
	if nc.Online {
		note = method.Catalogued("method.own.note.online")
	}
	number++
	online, source, materials := nc.Online, ownSource, []method.Text{}
	return method.CardPatch{Key: ownKey(name, keys), Number: &number, Title: both(nc.Title), Purpose: both(nc.Purpose),
		WhenToUse: both(nc.Purpose), Steps: steps, GroupSize: &method.GroupSizePatch{Min: &lo, Max: &hi}, Online: &online,
		OnlineNote: method.BothLanguages(note), Materials: &materials, Source: &source}, nil
}
