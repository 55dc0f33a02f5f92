package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/pdf/report"
)

// The common threads (rode draden): a codebook per network, in which
// several people code the records shared with the network, write memos and
// keep a logbook of their coding decisions; agreement between coders as
// Cohen's kappa per code; and a synthesis across cases and groups, also as
// Markdown and HTML. Only shared records count, through their paraphrase.

type threadsView struct {
	Codebooks []knowledge.Codebook
	CanOpen   bool
	Shared    int
	FormName  string
}

func (s *Server) threadsPage(r *http.Request) (threadsView, error) {
	u := userFrom(r.Context())
	books, err := s.store.Knowledge.Codebooks(r.Context(), u)
	if err != nil {
		return threadsView{}, err
	}
	_, shared, err := s.store.Knowledge.SharedPage(r.Context(), u, 0, 0)
	if err != nil {
		return threadsView{}, err
	}
	return threadsView{Codebooks: books, CanOpen: knowledge.CanOpenCodebook(u.Role), Shared: shared}, nil
}

func (s *Server) handleThreads(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "threads", "threads.title", s.threadsPage)
}

// readyCodes are the method's verbs, tension fields and success components
// as the ready-made groups of a new codebook, named in the opener's language.
func readyCodes(lib *method.Library, lang string) []knowledge.Code {
	var out []knowledge.Code
	for _, v := range lib.Verbs {
		out = append(out, knowledge.Code{Group: knowledge.GroupVerb, Key: v.Key, Name: v.Title.In(lang), Colour: "#2f6f5e"})
	}
	for _, set := range lib.FieldSets() {
		for _, f := range lib.FieldsInSet(set) {
			out = append(out, knowledge.Code{Group: knowledge.GroupField, Key: f.Key, Name: f.Title.In(lang), Colour: "#7a4f9a"})
		}
	}
	for _, c := range lib.SuccessComponents {
		out = append(out, knowledge.Code{Group: knowledge.GroupComponent, Key: c.Key, Name: c.Title.In(lang), Colour: "#b35c1e"})
	}
	return out
}

func (s *Server) handleOpenCodebook(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	u := userFrom(r.Context())
	b := &knowledge.Codebook{Name: r.PostForm.Get("name")}
	err := s.store.Knowledge.CreateCodebook(r.Context(), u, b, readyCodes(s.methodFor(r), langFrom(r.Context())))
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/rode-draden/%d", b.ID), http.StatusSeeOther)
		return
	}
	if s.refusedHere(w, r, err, rotonde.EInvalid) {
		formAgain(s, w, r, "threads", "threads.title", s.threadsPage, func(v *threadsView) { v.FormName = b.Name }, err)
	}
}

type codedRecord struct {
	knowledge.Record
	Labels []linkLabel
	Level  string
	Mine   []string // names of the codes the viewer applied
	Others int      // codings by others
}

type agreementRow struct {
	Code  string
	Pairs []agreementPair
}

type agreementPair struct {
	Coders string
	Items  int
	Kappa  string
}

type levelColumn struct{ Key, Title string }

// materialPage is how many shared records the codebook page lists at a time.
const materialPage = 50

type codebookView struct {
	Book      *knowledge.Codebook
	Page      int // of the shared material, from 1
	Pages     int
	Newer     int // the page before, 0 for none
	Older     int // the page after, 0 for none
	Groups    []codeGroup
	Records   []codedRecord
	Memos     []knowledge.Note
	Decisions []knowledge.Note
	Agreement []agreementRow
	Synthesis knowledge.Synthesis
	Columns   []levelColumn
	Matrix    template.HTML
	Form      struct{ Code, Parent, Colour, Note, NoteKind string }
}

type codeGroup struct {
	Title string
	Codes []knowledge.CodeCount
}

var codeGroupKeys = []string{knowledge.GroupTheme, knowledge.GroupVerb, knowledge.GroupField, knowledge.GroupComponent}

// codebookPage gathers the codebook page: the synthesis and the agreement
// from the codebook's tallies, and one page of the shared material with the
// codings of that page.
func (s *Server) codebookPage(r *http.Request, id int64) (codebookView, error) {
	v, err := s.synthesisPage(r, id)
	if err != nil {
		return v, err
	}
	u := userFrom(r.Context())
	ctx := r.Context()
	page, _ := strconv.Atoi(r.FormValue("pagina")) // the address's, or the form's after a change
	v.Page = max(1, page)
	shared, total, err := s.store.Knowledge.SharedPage(ctx, u, (v.Page-1)*materialPage, materialPage)
	if err != nil {
		return codebookView{}, err
	}
	v.Pages = max(1, (total+materialPage-1)/materialPage)
	if v.Page > 1 {
		v.Newer = v.Page - 1
	}
	if v.Page < v.Pages {
		v.Older = v.Page + 1
	}
	ids := make([]int64, len(shared))
	for i, rec := range shared {
		ids[i] = rec.ID
	}
	codings, err := s.store.Knowledge.RecordCodings(ctx, u, id, ids)
	if err != nil {
		return codebookView{}, err
	}
	names := map[int64]string{}
	for _, c := range v.Book.Codes {
		names[c.ID] = c.Name
	}
	mine := map[int64][]string{}
	others := map[int64]int{}
	for _, c := range codings {
		if c.CoderID == u.ID {
			mine[c.RecordID] = append(mine[c.RecordID], names[c.CodeID])
		} else {
			others[c.RecordID]++
		}
	}
	lang := langFrom(ctx)
	for _, rec := range s.recordViews(s.methodFor(r), lang, shared, false, s.now()) {
		v.Records = append(v.Records, codedRecord{Record: rec.Record, Labels: rec.Labels, Level: rec.Level, Mine: mine[rec.ID], Others: others[rec.ID]})
	}
	return v, nil
}

// synthesisPage gathers what the synthesis report shows: the codebook, its
// synthesis, the agreement between its coders and its notes.
func (s *Server) synthesisPage(r *http.Request, id int64) (codebookView, error) {
	u := userFrom(r.Context())
	ctx := r.Context()
	book, err := s.store.Knowledge.Codebook(ctx, u, id)
	if err != nil {
		return codebookView{}, err
	}
	notes, err := s.store.Knowledge.Notes(ctx, u, id)
	if err != nil {
		return codebookView{}, err
	}
	lang := langFrom(ctx)
	l := s.cat.For(lang)
	lib := s.methodFor(r)
	v := codebookView{Book: book}
	var levels []string
	for _, lv := range lib.Levels {
		levels = append(levels, lv.Key)
		v.Columns = append(v.Columns, levelColumn{Key: lv.Key, Title: lv.Title.In(lang)})
	}
	v.Columns = append(v.Columns, levelColumn{Title: l.T("insights.unplaced")})
	syn, err := s.store.Knowledge.Synthesis(ctx, u, id, levels)
	if err != nil {
		return codebookView{}, err
	}
	v.Synthesis = *syn
	for _, g := range codeGroupKeys {
		cg := codeGroup{Title: l.T("threads.group." + g)}
		for _, c := range v.Synthesis.Codes {
			if c.Group == g {
				cg.Codes = append(cg.Codes, c)
			}
		}
		v.Groups = append(v.Groups, cg)
	}
	if len(v.Synthesis.Used) > 0 {
		v.Matrix = template.HTML(v.Synthesis.MatrixSVG(l.T("threads.matrix"))) // the svg writer escapes every name
	}
	for _, n := range notes {
		if n.Kind == knowledge.NoteDecision {
			v.Decisions = append(v.Decisions, n)
		} else {
			v.Memos = append(v.Memos, n)
		}
	}
	agreement, err := s.store.Knowledge.Agreement(ctx, u, id)
	if err != nil {
		return codebookView{}, err
	}
	v.Agreement = agreementRows(l, book, agreement, u.ID)
	return v, nil
}

// agreementRows shows kappa per code and pair of coders. Coders are named
// by number, the viewer as "you": agreement is about the coding, not about
// who coded.
func agreementRows(l i18n.Localizer, book *knowledge.Codebook, a *knowledge.Agreement, me int64) []agreementRow {
	per := a.PerCode
	number := map[int64]int{}
	for i, c := range a.Coders {
		number[c] = i + 1
	}
	name := func(id int64) string {
		if id == me {
			return l.T("threads.coder.you")
		}
		return l.T("threads.coder.n", number[id])
	}
	var out []agreementRow
	for _, c := range book.Codes {
		pairs := per[c.ID]
		if len(pairs) == 0 {
			continue
		}
		row := agreementRow{Code: c.Name}
		for _, p := range pairs {
			row.Pairs = append(row.Pairs, agreementPair{Coders: name(p.CoderA) + " – " + name(p.CoderB), Items: p.Items, Kappa: l.Decimal(p.Kappa, 2)})
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) renderCodebook(w http.ResponseWriter, r *http.Request, status int, v codebookView, err error) {
	s.renderTitled(w, r, status, "threads_book", "threads.title", v.Book.Name, v, err)
}

func (s *Server) handleCodebook(w http.ResponseWriter, r *http.Request) {
	showPathPage(s, w, r, "book", s.codebookPage, s.renderCodebook)
}

// codebookChange runs a change to a codebook and shows the page again with
// the reason when it is refused.
func (s *Server) codebookChange(w http.ResponseWriter, r *http.Request, anchor string, change func(u *rotonde.User, book int64) error, fill func(*codebookView)) {
	id, err := pathID(r, "book")
	if err == nil {
		err = parseForm(w, r)
	}
	if err == nil {
		err = change(userFrom(r.Context()), id)
	}
	if err == nil {
		page := ""
		if n := formInt(r, "pagina"); n > 1 {
			page = fmt.Sprintf("?pagina=%d", n)
		}
		http.Redirect(w, r, fmt.Sprintf("/rode-draden/%d%s#%s", id, page, anchor), http.StatusSeeOther)
		return
	}
	if s.refusedHere(w, r, err, rotonde.EInvalid, rotonde.EConflict) {
		showPageAgain(s, w, r, id, err, s.codebookPage, fill, s.renderCodebook)
	}
}

func formInt(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(name)), 10, 64)
	return n
}

func (s *Server) handleAddCode(w http.ResponseWriter, r *http.Request) {
	s.codebookChange(w, r, "codes", func(u *rotonde.User, book int64) error {
		return s.store.Knowledge.AddCode(r.Context(), u, &knowledge.Code{CodebookID: book, ParentID: formInt(r, "parent"),
			Name: r.PostForm.Get("name"), Colour: r.PostForm.Get("colour")})
	}, func(v *codebookView) { v.Form.Code, v.Form.Colour = r.PostForm.Get("name"), r.PostForm.Get("colour") })
}

func (s *Server) handleAddCoding(w http.ResponseWriter, r *http.Request) {
	rec := formInt(r, "record")
	s.codebookChange(w, r, fmt.Sprintf("materiaal-%d", rec), func(u *rotonde.User, book int64) error {
		return s.store.Knowledge.AddCoding(r.Context(), u, &knowledge.Coding{CodebookID: book, CodeID: formInt(r, "code"), RecordID: formInt(r, "record"),
			Start: int(formInt(r, "start")), End: int(formInt(r, "end"))})
	}, nil)
}

func (s *Server) handleAddNote(w http.ResponseWriter, r *http.Request) {
	s.codebookChange(w, r, "notities", func(u *rotonde.User, book int64) error {
		return s.store.Knowledge.AddNote(r.Context(), u, &knowledge.Note{CodebookID: book, Kind: r.PostForm.Get("kind"), Body: r.PostForm.Get("body")})
	}, func(v *codebookView) { v.Form.Note, v.Form.NoteKind = r.PostForm.Get("body"), r.PostForm.Get("kind") })
}

// The synthesis as a report: Markdown, or an HTML page of its own that
// prints well and needs nothing else.

func (s *Server) synthesisMarkdown(l i18n.Localizer, v codebookView) string {
	var b strings.Builder
	esc := markdownEscape
	fmt.Fprintf(&b, "# %s\n\n", esc(v.Book.Name))
	fmt.Fprintf(&b, "%s\n\n", l.T("threads.report.intro", v.Synthesis.Records, v.Synthesis.Coders))
	fmt.Fprintf(&b, "## %s\n\n| %s |", l.T("threads.by_level"), l.T("threads.code"))
	for _, c := range v.Columns {
		fmt.Fprintf(&b, " %s |", esc(c.Title))
	}
	b.WriteString(" " + l.T("threads.total") + " |\n|---|")
	for range v.Columns {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for _, c := range v.Synthesis.Codes {
		if c.Records == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s%s |", strings.Repeat("— ", c.Depth), esc(c.Name))
		for _, col := range v.Columns {
			fmt.Fprintf(&b, " %d |", c.ByLevel[col.Key])
		}
		fmt.Fprintf(&b, " %d |\n", c.Records)
	}
	if len(v.Synthesis.Used) > 1 {
		fmt.Fprintf(&b, "\n## %s\n\n| |", l.T("threads.matrix"))
		for _, i := range v.Synthesis.Used {
			fmt.Fprintf(&b, " %s |", esc(v.Synthesis.Codes[i].Name))
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(v.Synthesis.Used)) + "\n")
		for a, i := range v.Synthesis.Used {
			fmt.Fprintf(&b, "| %s |", esc(v.Synthesis.Codes[i].Name))
			for c := range v.Synthesis.Used {
				fmt.Fprintf(&b, " %d |", v.Synthesis.Matrix[a][c])
			}
			b.WriteString("\n")
		}
	}
	if len(v.Synthesis.Periods) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n| %s |", l.T("threads.movement"), l.T("threads.code"))
		for _, p := range v.Synthesis.Periods {
			fmt.Fprintf(&b, " %s |", p)
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(v.Synthesis.Periods)) + "\n")
		for _, c := range v.Synthesis.Codes {
			if c.Records == 0 {
				continue
			}
			fmt.Fprintf(&b, "| %s |", esc(c.Name))
			for _, n := range c.Movement {
				fmt.Fprintf(&b, " %d |", n)
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "\n## %s\n", l.T("threads.quotes"))
	for _, c := range v.Synthesis.Codes {
		if len(c.Quotes) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n\n", esc(c.Name))
		for _, q := range c.Quotes {
			fmt.Fprintf(&b, "> %s\n\n", esc(q))
		}
	}
	if len(v.Decisions) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", l.T("threads.decisions"))
		for _, n := range v.Decisions {
			fmt.Fprintf(&b, "- %s — %s\n", n.CreatedAt.Format("2006-01-02"), esc(n.Body))
		}
	}
	fmt.Fprintf(&b, "\n---\n%s\n", l.T("threads.report.footer"))
	return b.String()
}

// synthesisBlocks is the synthesis as the sections of a PDF report, in the
// same order as the Markdown report.
func synthesisBlocks(l i18n.Localizer, v codebookView) []report.Block {
	syn := v.Synthesis
	out := []report.Block{{Paras: []string{l.T("threads.report.intro", syn.Records, syn.Coders)}}}
	byLevel := report.Block{Heading: l.T("threads.by_level"), Header: []string{l.T("threads.code")}}
	for _, c := range v.Columns {
		byLevel.Header = append(byLevel.Header, c.Title)
	}
	byLevel.Header = append(byLevel.Header, l.T("threads.total"))
	for _, c := range syn.Codes {
		if c.Records == 0 {
			continue
		}
		row := []string{strings.Repeat("— ", c.Depth) + c.Name}
		for _, col := range v.Columns {
			row = append(row, strconv.Itoa(c.ByLevel[col.Key]))
		}
		byLevel.Rows = append(byLevel.Rows, append(row, strconv.Itoa(c.Records)))
	}
	out = append(out, byLevel)
	if len(syn.Used) > 1 {
		m := report.Block{Heading: l.T("threads.matrix"), Paras: []string{l.T("threads.matrix.caption")}, Header: []string{""}}
		for _, i := range syn.Used {
			m.Header = append(m.Header, syn.Codes[i].Name)
		}
		for a, i := range syn.Used {
			row := []string{syn.Codes[i].Name}
			for b := range syn.Used {
				row = append(row, strconv.Itoa(syn.Matrix[a][b]))
			}
			m.Rows = append(m.Rows, row)
		}
		out = append(out, m)
	}
	if len(syn.Periods) > 0 {
		mv := report.Block{Heading: l.T("threads.movement"), Header: append([]string{l.T("threads.code")}, syn.Periods...)}
		for _, c := range syn.Codes {
			if c.Records == 0 {
				continue
			}
			row := []string{c.Name}
			for _, n := range c.Movement {
				row = append(row, strconv.Itoa(n))
			}
			mv.Rows = append(mv.Rows, row)
		}
		out = append(out, mv)
	}
	out = append(out, report.Block{Heading: l.T("threads.quotes")})
	for _, c := range syn.Codes {
		if len(c.Quotes) > 0 {
			out = append(out, report.Block{Paras: []string{c.Name}, Quotes: c.Quotes})
		}
	}
	if len(v.Decisions) > 0 {
		d := report.Block{Heading: l.T("threads.decisions")}
		for _, n := range v.Decisions {
			d.Paras = append(d.Paras, n.CreatedAt.Format("02-01-2006")+" — "+n.Body)
		}
		out = append(out, d)
	}
	return append(out, report.Block{Paras: []string{l.T("threads.report.footer")}})
}

func (s *Server) handleSynthesisExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := loadPathPage(s, w, r, "book", s.synthesisPage)
		if !ok {
			return
		}
		l := s.cat.For(langFrom(r.Context()))
		name := fmt.Sprintf("rode-draden-%d", v.Book.ID)
		switch format {
		case "pdf":
			s.writeReportPDF(w, r, name, v.Book.Name, v.Book.Name+" · "+l.T("threads.title"), synthesisBlocks(l, v))
			return
		case "md":
			writeReportMarkdown(w, name, s.synthesisMarkdown(l, v))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		view := s.newView(r, "threads.title", v)
		view.Title = v.Book.Name
		s.renderView(w, r, http.StatusOK, "threads_report", view)
	}
}
