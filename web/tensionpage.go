package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// Tension fields (spanningsvelden): one's own placements over time, and
// placement rounds whose anonymous spread a facilitator reveals. Every
// spread shown here comes from package tension, which applies the minimum
// of three; this file only renders what it gets.

// tensionField is one field as a form row and a chart.
type tensionField struct {
	Key         string
	Title       string
	Left, Right string
	Description string
	Questions   []string
	Value       int  // the slider's starting value: the latest own placement, else 50
	Placed      bool // Value is an own earlier placement
	Count       int
	Chart       template.HTML // spread (round) or movement (own page)
	RoleChart   template.HTML
	Shown       bool
	Withheld    bool
}

func fieldRow(lib *method.Library, lang, key string) (tensionField, bool) {
	f, ok := lib.Field(key)
	if !ok {
		return tensionField{}, false
	}
	row := tensionField{Key: f.Key, Title: f.Title.In(lang), Left: f.Left.In(lang), Right: f.Right.In(lang),
		Description: f.Description.In(lang), Value: 50}
	for _, q := range f.Questions {
		row.Questions = append(row.Questions, q.Text.In(lang))
	}
	return row, true
}

// fieldRowFor is fieldRow for the signed-in reader: family members and
// young people get the field's questions written for them, or none; the
// reflection questions are the professionals'.
func fieldRowFor(r *http.Request, lib *method.Library, lang, key string) (tensionField, bool) {
	row, ok := fieldRow(lib, lang, key)
	if u := userFrom(r.Context()); ok && u != nil && u.Role == rotonde.RoleFamily {
		f, _ := lib.Field(key)
		row.Questions = nil
		for _, q := range f.FamilyQuestions {
			row.Questions = append(row.Questions, q.Text.In(lang))
		}
	}
	return row, ok
}

// parsePositions reads pos-KEY (slider) and num-KEY (number field) for each
// key. The two are kept equal by script; without script the one that moved
// away from was-KEY wins, the typed number when both moved. A field with
// skip-KEY ticked is left out: nobody has to place themselves everywhere.
func parsePositions(form map[string][]string, keys []string) (map[string]int, error) {
	get := func(name string) string {
		if v := form[name]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	out := map[string]int{}
	for _, k := range keys {
		if get("skip-"+k) != "" {
			continue
		}
		slider, num, was := get("pos-"+k), get("num-"+k), get("was-"+k)
		v := slider
		if num != "" && (num != was || slider == was) {
			v = num
		}
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, rotonde.E(rotonde.EInvalid, "err.web.fill_in_whole_number_from_0", truncRunes(v, 20))
		}
		if err := tension.ValidatePosition(n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, nil
}

// --- Own placements -------------------------------------------------------

type tensionSetChoice struct {
	Key      string
	Selected bool
}

type tensionPageView struct {
	Sets       []tensionSetChoice
	Set        string
	Intro      string
	Stagnation []string
	StagTitle  string
	StagIntro  string
	Source     sourceLine
	Fields     []tensionField
	OpenRounds []tension.Round
	Context    string
	RoundID    int64
	Total      int
}

func (s *Server) tensionData(r *http.Request, set string) (tensionPageView, error) {
	u := userFrom(r.Context())
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	if set == "" {
		set = method.SetCore
	}
	// One's own placements: in the words of one's own organisation.
	lib := s.methodFor(r)
	fields := lib.FieldsInSet(set)
	if len(fields) == 0 {
		return tensionPageView{}, rotonde.E(rotonde.ENotFound, "err.web.this_set_of_tension_fields_does")
	}
	mine, err := s.store.Tension.MyPlacements(r.Context(), u)
	if err != nil {
		return tensionPageView{}, err
	}
	open, err := s.store.Tension.MyOpenRounds(r.Context(), u)
	if err != nil {
		return tensionPageView{}, err
	}
	v := tensionPageView{Set: set, Intro: lib.FieldsIntro.In(lang), StagTitle: lib.StagnationQuestions.Title.In(lang),
		StagIntro: lib.StagnationQuestions.Intro.In(lang), Total: len(mine)}
	for _, k := range lib.FieldSets() {
		if len(lib.FieldsInSet(k)) > 0 {
			v.Sets = append(v.Sets, tensionSetChoice{Key: k, Selected: k == set})
		}
	}
	// The general questions about stalling are the professionals' too.
	if u.Role != rotonde.RoleFamily {
		for _, q := range lib.StagnationQuestions.Questions {
			v.Stagnation = append(v.Stagnation, q.Text.In(lang))
		}
	}
	keys := []string{lib.StagnationQuestions.Source}
	for _, rd := range open {
		if slices.ContainsFunc(rd.Fields, func(k string) bool { f, _ := lib.Field(k); return f.Set == set }) {
			v.OpenRounds = append(v.OpenRounds, rd)
		}
	}
	for _, f := range fields {
		row, _ := fieldRowFor(r, lib, lang, f.Key)
		keys = append(keys, f.Source)
		var own []tension.Placement
		for _, p := range mine {
			if p.FieldKey == f.Key {
				own = append(own, p)
			}
		}
		if len(own) > 0 {
			row.Value, row.Placed, row.Count = own[len(own)-1].Position, true, len(own)
			row.Chart = movementChart(l.T("tension.movement.label", row.Title, len(own)), own)
		}
		v.Fields = append(v.Fields, row)
	}
	v.Source = sourcesOf(l, lib, keys...)
	return v, nil
}

// movementChart shows one's own placements on a field over time: one strip
// per placement (the last twelve), connected.
func movementChart(label string, own []tension.Placement) template.HTML {
	if len(own) > 12 {
		own = own[len(own)-12:]
	}
	c := tension.Chart{Label: label, Connect: true}
	for _, p := range own {
		rowLabel := p.PlacedAt.Local().Format("02-01-2006")
		if p.RoundName != "" {
			rowLabel += " · " + p.RoundName
		}
		if p.Context != "" {
			rowLabel += " · " + p.Context
		}
		label += "; " + rowLabel + ": " + strconv.Itoa(p.Position)
		c.Rows = append(c.Rows, tension.Row{Label: truncRunes(rowLabel, 60), Positions: []int{p.Position}, Median: float64(p.Position), HasMedian: false})
	}
	// Connect through the dots themselves: each row's only position.
	for i := range c.Rows {
		c.Rows[i].HasMedian = true
	}
	c.Label = label
	return template.HTML(c.SVG()) // built from escaped text and numbers only
}

func (s *Server) handleTension(w http.ResponseWriter, r *http.Request) {
	data, err := s.tensionData(r, r.URL.Query().Get("set"))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tension", "tension.title", data)
}

func (s *Server) handlePlace(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	set := r.PostForm.Get("set")
	data, err := s.tensionData(r, set)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var keys []string
	for _, f := range data.Fields {
		keys = append(keys, f.Key)
	}
	ctxText := r.PostForm.Get("context")
	var roundID int64
	if v := r.PostForm.Get("round"); v != "" && v != "0" {
		if roundID, err = strconv.ParseInt(v, 10, 64); err != nil || roundID <= 0 {
			err = rotonde.E(rotonde.EInvalid, "err.web.choose_round_from_list")
		}
	}
	var round *tension.Round
	if err == nil && roundID != 0 {
		round, err = s.store.Tension.Round(r.Context(), u, roundID)
	}
	var pos map[string]int
	if err == nil {
		pos, err = parsePositions(r.PostForm, keys)
	}
	var rec *rotonde.AuditEntry
	if round != nil && round.CaseID != 0 {
		rec = s.auditNote(r, rotonde.AuditCreate, round.CaseID, "spanningsvelden", fmt.Sprintf("ronde %d", round.ID))
	}
	var ps []tension.Placement
	if err == nil {
		for _, k := range keys {
			p, ok := pos[k]
			if !ok {
				continue
			}
			pl := tension.Placement{FieldKey: k, Position: p, Context: ctxText}
			// The round's fields count in the round; the others are kept for oneself only.
			if round != nil && round.HasField(k) {
				pl.RoundID = round.ID
			}
			ps = append(ps, pl)
		}
		err = s.store.Tension.Place(r.Context(), u, ps)
	}
	if rec != nil {
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		data.Context, data.RoundID = ctxText, roundID
		for i := range data.Fields {
			if p, ok := pos[data.Fields[i].Key]; ok {
				data.Fields[i].Value = p
			}
		}
		s.renderFormError(w, r, "tension", "tension.title", data, err)
		return
	}
	s.done(w, r, "tension.saved", "/spanningsvelden?set="+urlQueryEscape(data.Set))
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("&", "%26", "#", "%23", "?", "%3F", " ", "+").Replace(s)
}

// --- Rounds ---------------------------------------------------------------

type roundPageView struct {
	Round     *tension.Round
	View      *tension.RoundView
	Fields    []tensionField
	Min       int
	OwnerHref string
	Placed    bool // the actor placed themselves in this round
	CanExport bool // the CSV link: policy.CanExport for a case's round
	Source    sourceLine
}

// viewRound reads a round and, for a case round, logs the read before
// anything is shown.
func (s *Server) viewRound(r *http.Request, id int64, how string) (*tension.RoundView, error) {
	v, err := s.store.Tension.ViewRound(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return nil, err
	}
	if v.Round.CaseID != 0 {
		if err := s.auditOne(r, rotonde.AuditRead, v.Round.CaseID, "spanningsvelden", nil, fmt.Sprintf("ronde %d%s", id, how)); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) roundData(r *http.Request, v *tension.RoundView) roundPageView {
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	d := roundPageView{Round: v.Round, View: v, Min: tension.MinGroup, Placed: len(v.Mine) > 0}
	if v.Round.CaseID != 0 {
		d.OwnerHref = fmt.Sprintf("/casussen/%d/spanningsvelden", v.Round.CaseID)
		_, err := s.exportCase(r, v.Round.CaseID)
		d.CanExport = err == nil
	} else {
		d.CanExport = true
		d.OwnerHref = fmt.Sprintf("/groepen/%d", v.Round.GroupID)
	}
	withheld := l.T("tension.withheld")
	// Everyone in the round sees the words of its facilitator's organisation.
	lib := s.methodOfUser(r.Context(), v.Round.FacilitatorID)
	var keys []string
	for _, k := range v.Round.Fields {
		if f, ok := lib.Field(k); ok {
			keys = append(keys, f.Source)
		}
	}
	d.Source = sourcesOf(l, lib, keys...)
	for i, k := range v.Round.Fields {
		row, ok := fieldRowFor(r, lib, lang, k)
		if !ok {
			row = tensionField{Key: k, Title: k, Value: 50}
		}
		row.Count = v.Counts[k]
		if p, ok := v.Mine[k]; ok {
			row.Value, row.Placed = p.Position, true
		}
		if v.Spreads != nil && i < len(v.Spreads) {
			sp := v.Spreads[i]
			row.Shown, row.Withheld = sp.Shown, !sp.Shown
			label := l.N("tension.spread.label", sp.N, row.Title, sp.N)
			if sp.Shown {
				label = l.N("tension.spread.desc", sp.N, row.Title, sp.N, l.Decimal(sp.Median, 1), sp.Min, sp.Max)
			}
			row.Chart = template.HTML(tension.Chart{Label: label, Rows: []tension.Row{tension.RowOf("", sp, withheld)}}.SVG())
			if sp.Shown {
				rc := tension.Chart{Label: l.T("tension.roles.label", row.Title)}
				for _, rs := range v.ByRole[k] {
					rc.Rows = append(rc.Rows, tension.RowOf(roleGroupLabel(l.T, rs)+" ("+strconv.Itoa(rs.N)+")", rs.Spread, withheld))
				}
				row.RoleChart = template.HTML(rc.SVG())
			}
		}
		d.Fields = append(d.Fields, row)
	}
	return d
}

func fmtMedian(m float64) string {
	if m == float64(int(m)) {
		return strconv.Itoa(int(m))
	}
	return strconv.FormatFloat(m, 'f', 1, 64)
}

func roleGroupLabel(t func(string, ...any) string, rs tension.RoleSpread) string {
	label := t("tension.rolegroup." + string(rs.Group))
	if len(rs.Merged) > 0 {
		var names []string
		for _, g := range rs.Merged {
			names = append(names, t("tension.rolegroup."+string(g)))
		}
		label = t("tension.rolegroup.merged", strings.Join(names, ", "))
	}
	return label
}

// roundInPath reads the round whose id the path names, like viewRound.
func (s *Server) roundInPath(r *http.Request, how string) (*tension.RoundView, error) {
	id, err := pathID(r, "round")
	if err != nil {
		return nil, err
	}
	return s.viewRound(r, id, how)
}

// renderRound renders the page of round v, titled by its name, with err (if
// any) shown above the form.
func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, v *tension.RoundView, d roundPageView, err error) {
	s.renderTitled(w, r, status, "tension_round", "tension.round.title", v.Round.Name, d, err)
}

func (s *Server) handleRound(w http.ResponseWriter, r *http.Request) {
	v, err := s.roundInPath(r, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderRound(w, r, http.StatusOK, v, s.roundData(r, v), nil)
}

func (s *Server) handleRoundPlace(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "round")
	if !ok {
		return
	}
	u := userFrom(r.Context())
	round, err := s.store.Tension.Round(r.Context(), u, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var rec *rotonde.AuditEntry
	if round.CaseID != 0 {
		rec = s.auditNote(r, rotonde.AuditCreate, round.CaseID, "spanningsvelden", fmt.Sprintf("ronde %d", id))
	}
	pos, err := parsePositions(r.PostForm, round.Fields)
	if err == nil {
		var ps []tension.Placement
		for _, k := range round.Fields {
			if p, ok := pos[k]; ok {
				ps = append(ps, tension.Placement{FieldKey: k, Position: p, Context: r.PostForm.Get("context"), RoundID: id})
			}
		}
		err = s.store.Tension.Place(r.Context(), u, ps)
	}
	if rec != nil {
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		v, verr := s.viewRound(r, id, "")
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		d := s.roundData(r, v)
		for i := range d.Fields {
			if p, ok := pos[d.Fields[i].Key]; ok {
				d.Fields[i].Value = p
			}
		}
		s.renderRound(w, r, statusOf(err), v, d, err)
		return
	}
	s.done(w, r, "tension.saved", fmt.Sprintf("/spanningsvelden/rondes/%d", id))
}

func (s *Server) handleRoundState(next tension.RoundState) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "round")
		u := userFrom(r.Context())
		var round *tension.Round
		if err == nil {
			round, err = s.store.Tension.Round(r.Context(), u, id)
		}
		if err == nil && next == tension.RoundClosed && !s.confirmSimple(w, r, round.CaseID, "spanningsvelden", "round.close", fmt.Sprintf("/spanningsvelden/rondes/%d", id), true) {
			return
		}
		if err == nil {
			var rec *rotonde.AuditEntry
			if round.CaseID != 0 {
				rec = s.auditNote(r, rotonde.AuditUpdate, round.CaseID, "spanningsvelden", fmt.Sprintf("ronde %d %s", id, next))
			}
			err = s.store.Tension.SetRoundState(r.Context(), u, id, next)
			if rec != nil {
				err = s.auditedResult(r, rec, err)
			}
		}
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/spanningsvelden/rondes/%d", id), http.StatusSeeOther)
	}
}

// handleRoundExport writes the round's spreads as CSV: the same spreads as
// the page, so the same minimum; withheld rows carry a count and no values.
func (s *Server) handleRoundExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "round")
	var v *tension.RoundView
	if err == nil {
		v, err = s.store.Tension.ViewRound(r.Context(), userFrom(r.Context()), id)
	}
	if err == nil && v.Round.CaseID != 0 {
		_, err = s.exportCase(r, v.Round.CaseID)
		err = s.audited(r, rotonde.AuditExport, v.Round.CaseID, "spanningsvelden", err, fmt.Sprintf("ronde %d csv", id))
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ronde-%d-spreiding.csv"`, id))
	// The same Excel dialect as the timeline export, with a decimal comma.
	rows := [][]string{{"veld", "groep", "aantal", "getoond", "mediaan", "min", "max", "posities"}}
	row := func(field, group string, sp tension.Spread) {
		rec := []string{field, group, strconv.Itoa(sp.N), "nee", "", "", "", ""}
		if sp.Shown {
			ps := make([]string, len(sp.Positions))
			for i, p := range sp.Positions {
				ps[i] = strconv.Itoa(p)
			}
			rec[3], rec[4], rec[5], rec[6], rec[7] = "ja", strings.Replace(fmtMedian(sp.Median), ".", ",", 1), strconv.Itoa(sp.Min), strconv.Itoa(sp.Max), strings.Join(ps, " ")
		}
		rows = append(rows, rec)
	}
	for i, k := range v.Round.Fields {
		if v.Spreads == nil {
			row(k, "alle", tension.Spread{N: v.Counts[k]})
			continue
		}
		row(k, "alle", v.Spreads[i])
		for _, rs := range v.ByRole[k] {
			g := string(rs.Group)
			for _, m := range rs.Merged {
				g += "+" + string(m)
			}
			row(k, g, rs.Spread)
		}
	}
	_ = rotonde.WriteExcelCSV(w, rows)
}

// apiRoundSpread is the JSON form of a round: counts always, spreads once
// revealed and only at or above the minimum. The live page polls it.
type apiSpread struct {
	Count     int   `json:"count"`
	Shown     bool  `json:"shown"`
	Positions []int `json:"positions"`
	// Median, Min and Max are null while the spread is withheld.
	Median *float64 `json:"median"`
	Min    *int     `json:"min"`
	Max    *int     `json:"max"`
}

type apiRoleSpread struct {
	Group  string   `json:"group"`
	Merged []string `json:"merged,omitempty"`
	apiSpread
}

type apiField struct {
	Key    string          `json:"key"`
	Title  string          `json:"title"`
	Spread apiSpread       `json:"spread"`
	ByRole []apiRoleSpread `json:"by_role,omitempty"`
}

type apiRound struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	State        string     `json:"state"`
	CaseID       int64      `json:"case_id,omitempty"`
	GroupID      int64      `json:"group_id,omitempty"`
	RevealedAt   *time.Time `json:"revealed_at,omitempty"`
	Participants int        `json:"participants"`
	Placed       int        `json:"placed"`
	MinGroup     int        `json:"min_group"`
	Fields       []apiField `json:"fields"`
}

func toAPISpread(sp tension.Spread) apiSpread {
	a := apiSpread{Count: sp.N, Shown: sp.Shown}
	if sp.Shown {
		m, lo, hi := sp.Median, sp.Min, sp.Max
		a.Positions, a.Median, a.Min, a.Max = sp.Positions, &m, &lo, &hi
	}
	return a
}

func (s *Server) apiRoundSpread(w http.ResponseWriter, r *http.Request) {
	v, err := s.roundInPath(r, " api")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	lang := langFrom(r.Context())
	out := apiRound{ID: v.Round.ID, Name: v.Round.Name, State: string(v.Round.State), CaseID: v.Round.CaseID, GroupID: v.Round.GroupID,
		Participants: v.Participants, Placed: v.Placed, MinGroup: tension.MinGroup, Fields: []apiField{}}
	if v.Round.Revealed() {
		t := v.Round.RevealedAt
		out.RevealedAt = &t
	}
	lib := s.methodOfUser(r.Context(), v.Round.FacilitatorID)
	for i, k := range v.Round.Fields {
		f := apiField{Key: k, Title: k}
		if mf, ok := lib.Field(k); ok {
			f.Title = mf.Title.In(lang)
		}
		if v.Spreads == nil {
			f.Spread = apiSpread{Count: v.Counts[k]}
		} else {
			f.Spread = toAPISpread(v.Spreads[i])
			for _, rs := range v.ByRole[k] {
				ar := apiRoleSpread{Group: string(rs.Group), apiSpread: toAPISpread(rs.Spread)}
				for _, m := range rs.Merged {
					ar.Merged = append(ar.Merged, string(m))
				}
				f.ByRole = append(f.ByRole, ar)
			}
		}
		out.Fields = append(out.Fields, f)
	}
	writeJSON(w, http.StatusOK, out)
}

// --- Rounds of a case or group, and their trend ---------------------------

type roundsView struct {
	CaseID    int64
	Group     *tension.Group
	Title     string
	Rounds    []tension.Round
	CanOpen   bool
	Trend     []tensionField
	SetFields []tensionSetFields
	FormName  string
}

type tensionSetFields struct {
	Set    string
	Fields []tensionField
}

// trendData builds, per field, the small multiple of the revealed rounds'
// spreads over time, the medians connected.
func (s *Server) trendData(r *http.Request, rounds []tension.Round) ([]tensionField, error) {
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	withheld := l.T("tension.withheld")
	var keys []string
	charts := map[string]*tension.Chart{}
	libs := map[string]*method.Library{} // each field in the words of the round it first appeared in
	for _, rd := range rounds {
		if !rd.Revealed() {
			continue
		}
		v, err := s.store.Tension.ViewRound(r.Context(), userFrom(r.Context()), rd.ID)
		if err != nil {
			return nil, err
		}
		for i, k := range rd.Fields {
			if charts[k] == nil {
				keys = append(keys, k)
				charts[k] = &tension.Chart{Connect: true}
				libs[k] = s.methodOfUser(r.Context(), rd.FacilitatorID)
			}
			label := rd.Name + " · " + rd.RevealedAt.Local().Format("02-01-2006")
			charts[k].Rows = append(charts[k].Rows, tension.RowOf(truncRunes(label, 60), v.Spreads[i], withheld))
		}
	}
	var out []tensionField
	for _, k := range keys {
		row, ok := fieldRow(libs[k], lang, k)
		if !ok {
			row = tensionField{Key: k, Title: k}
		}
		c := charts[k]
		c.Label = l.N("tension.trend.label", len(c.Rows), row.Title, len(c.Rows))
		row.Chart = template.HTML(c.SVG())
		out = append(out, row)
	}
	return out, nil
}

// fieldChoices offers the fields for a new round: those of the signed-in
// facilitator's organisation, who will be the round's facilitator.
func (s *Server) fieldChoices(r *http.Request) []tensionSetFields {
	lib, lang := s.methodFor(r), langFrom(r.Context())
	var out []tensionSetFields
	for _, set := range lib.FieldSets() {
		sf := tensionSetFields{Set: set}
		for _, f := range lib.FieldsInSet(set) {
			row, _ := fieldRow(lib, lang, f.Key)
			sf.Fields = append(sf.Fields, row)
		}
		if len(sf.Fields) > 0 {
			out = append(out, sf)
		}
	}
	return out
}

func (s *Server) caseRoundsData(r *http.Request, caseID int64) (roundsView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, caseID)
	if err != nil {
		return roundsView{}, err
	}
	rounds, err := s.store.Tension.CaseRounds(r.Context(), u, caseID)
	if err != nil {
		return roundsView{}, err
	}
	trend, err := s.trendData(r, rounds)
	if err != nil {
		return roundsView{}, err
	}
	return roundsView{CaseID: caseID, Title: c.Title, Rounds: rounds, Trend: trend,
		CanOpen: role == rotonde.MemberOwner || role == rotonde.MemberFacilitator, SetFields: s.fieldChoices(r)}, nil
}

func (s *Server) handleCaseRounds(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	_, cerr := s.store.Trust.CaseAccess(r.Context(), userFrom(r.Context()), id)
	cerr = s.audited(r, rotonde.AuditRead, id, "spanningsvelden", cerr, "rondes")
	if cerr != nil {
		s.renderError(w, r, cerr)
		return
	}
	data, err := s.caseRoundsData(r, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tension_rounds", "tension.rounds.title", data)
}

// openRound reads the form shared by case and group rounds.
func openRoundForm(r *http.Request) *tension.Round {
	rd := &tension.Round{Name: r.PostForm.Get("name")}
	for _, k := range r.PostForm["field"] {
		rd.Fields = append(rd.Fields, strings.TrimSpace(k))
	}
	return rd
}

func (s *Server) handleOpenCaseRound(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDForm(w, r, "id")
	if !ok {
		return
	}
	rd := openRoundForm(r)
	rd.CaseID = id
	rec := s.auditNote(r, rotonde.AuditCreate, id, "spanningsvelden", "ronde openen")
	err := s.store.Tension.OpenRound(r.Context(), userFrom(r.Context()), rd)
	err = s.auditedResult(r, rec, err)
	switch rotonde.ErrorCodeOf(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/spanningsvelden/rondes/%d", rd.ID), http.StatusSeeOther)
	case rotonde.EInvalid:
		data, derr := s.caseRoundsData(r, id)
		if derr != nil {
			s.renderError(w, r, derr)
			return
		}
		data.FormName = rd.Name
		s.renderFormError(w, r, "tension_rounds", "tension.rounds.title", data, err)
	default:
		s.renderError(w, r, err)
	}
}

// truncRunes shortens s to n characters without splitting one.
func truncRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// handleRoundStatus answers the live page's question "did the round
// change?": its state and how many placed themselves, nothing of the
// content, so polling every few seconds does not fill the access log.
func (s *Server) handleRoundStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "round")
	var v *tension.RoundView
	if err == nil {
		v, err = s.store.Tension.ViewRound(r.Context(), userFrom(r.Context()), id)
	}
	if err == nil && v.Round.CaseID != 0 {
		err = s.auditOne(r, rotonde.AuditRead, v.Round.CaseID, "spanningsvelden", nil, fmt.Sprintf("ronde %d stand", id))
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		State        string `json:"state"`
		Placed       int    `json:"placed"`
		Participants int    `json:"participants"`
		Text         string `json:"text"` // the count as the page says it
	}{string(v.Round.State), v.Placed, v.Participants, s.cat.For(langFrom(r.Context())).N("tension.count", v.Placed, v.Placed, v.Participants)})
}
