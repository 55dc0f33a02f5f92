package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/svg"
)

// The route into policy (issue 12): where a case sits (its municipality,
// shown and set on the case page), the barriers of a case
// (/casussen/{id}/randvoorwaarden), its stories (/casussen/{id}/verhalen)
// and the stories published in the reader's region (/verhalen), and the
// network view per region and municipality (/netwerk) with its JSON twin
// (/api/v1/regions/{region}/overview).

// casePlaceView is the municipality card of the case page.
type casePlaceView struct {
	Place          *rotonde.CasePlace
	PhaseTitle     string
	CanSet         bool
	Municipalities []rotonde.Organisation
}

func (s *Server) casePlace(r *http.Request, c *rotonde.Case, role rotonde.MemberRole) (*casePlaceView, error) {
	u := userFrom(r.Context())
	p, err := s.store.Network.CasePlace(r.Context(), u, c.ID)
	if err != nil {
		return nil, err
	}
	v := &casePlaceView{Place: p, CanSet: policy.CanSetMunicipality(role)}
	if ph, ok := s.methodForCase(r, c).Phase(p.Phase); ok {
		v.PhaseTitle = ph.Title.In(langFrom(r.Context()))
	}
	if v.CanSet {
		if v.Municipalities, err = s.store.Network.Municipalities(r.Context()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// formMunicipality reads the municipality chosen in a form: 0 for none.
func formMunicipality(r *http.Request) (int64, error) {
	v := strings.TrimSpace(r.PostForm.Get("municipality"))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, rotonde.E(rotonde.EInvalid, "err.sqldb.choose_municipality_from_list")
	}
	return id, nil
}

func (s *Server) handleSetMunicipality(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "casus", "gemeente", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		m, err := formMunicipality(r)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("/casussen/%d#gemeente", id), s.store.Network.SetMunicipality(ctx, u, id, m)
	}, func(w http.ResponseWriter, r *http.Request, id int64, err error) {
		s.renderCaseWithError(w, r, id, err, nil)
	})
}

// barrierQuestionSource is the publication the barrier question comes from.
const barrierQuestionSource = "nji-2025"

type barrierKindView struct {
	Key, Title string
}

type barriersView struct {
	Case    *rotonde.Case
	CanEdit bool
	Kinds   []barrierKindView
	List    []rotonde.Barrier
	Form    rotonde.Barrier
	Source  sourceLine
}

func (s *Server) barriersPage(r *http.Request, id int64) (barriersView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return barriersView{}, err
	}
	list, err := s.store.Network.Barriers(r.Context(), u, id)
	if err != nil {
		return barriersView{}, err
	}
	l := s.cat.For(langFrom(r.Context()))
	v := barriersView{Case: c, CanEdit: policy.CanEditBarriers(role), List: list, Form: rotonde.Barrier{Kind: rotonde.BarrierRules}}
	for _, k := range rotonde.BarrierKinds {
		v.Kinds = append(v.Kinds, barrierKindView{Key: string(k), Title: l.T("barrier.kind." + string(k))})
	}
	v.Source = sourcesOf(l, s.methodForCase(r, c), barrierQuestionSource)
	return v, nil
}

func (s *Server) renderBarriers(w http.ResponseWriter, r *http.Request, status int, data barriersView, err error) {
	s.renderCasePage(w, r, status, "barriers", "barrier.title", data.Case, data, err)
}

func (s *Server) handleBarriers(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "randvoorwaarden", s.barriersPage, s.renderBarriers)
}

func (s *Server) barriersAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.barriersPage, func(data *barriersView) {
		data.Form = rotonde.Barrier{Kind: rotonde.BarrierKind(r.PostForm.Get("kind")), Explanation: r.PostForm.Get("explanation")}
	}, s.renderBarriers)
}

func (s *Server) handleAddBarrier(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditCreate, "randvoorwaarden", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		b := &rotonde.Barrier{CaseID: id, Kind: rotonde.BarrierKind(r.PostForm.Get("kind")), Explanation: r.PostForm.Get("explanation")}
		return fmt.Sprintf("/casussen/%d/randvoorwaarden", id), s.store.Network.AddBarrier(ctx, u, b)
	}, s.barriersAgain)
}

func (s *Server) handleUpdateBarrier(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "randvoorwaarden", "", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		bid, err := pathID(r, "barrier")
		if err != nil {
			return "", err
		}
		b := &rotonde.Barrier{ID: bid, CaseID: id, Kind: rotonde.BarrierKind(r.PostForm.Get("kind")), Explanation: r.PostForm.Get("explanation")}
		return fmt.Sprintf("/casussen/%d/randvoorwaarden#rv-%d", id, bid), s.store.Network.UpdateBarrier(ctx, u, b)
	}, s.barriersAgain)
}

func (s *Server) handleDeleteBarrier(w http.ResponseWriter, r *http.Request) {
	if !s.confirmBarrier(w, r) { // web/trash.go
		return
	}
	s.progressChange(w, r, rotonde.AuditDelete, "randvoorwaarden", "naar prullenbak", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		bid, err := pathID(r, "barrier")
		if err != nil {
			return "", err
		}
		it, err := s.store.Trash.TrashBarrier(ctx, u, id, bid)
		if err == nil {
			s.trashed(w, r, it)
		}
		return fmt.Sprintf("/casussen/%d/randvoorwaarden", id), err
	}, s.barriersAgain)
}

// storyRow is a story of the case with the names and places of the case
// that its text still contains.
type storyRow struct {
	rotonde.Story
	Names []string
}

type caseStoriesView struct {
	Case      *rotonde.Case
	CanWrite  bool
	Place     *rotonde.CasePlace
	Stories   []storyRow
	Form      rotonde.Story
	GivenBy   string
	FormNames []string // names found in the text just saved or refused
}

func (s *Server) caseStoriesPage(r *http.Request, id int64) (caseStoriesView, error) {
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	if err != nil {
		return caseStoriesView{}, err
	}
	list, err := s.store.Network.CaseStories(r.Context(), u, id)
	if err != nil {
		return caseStoriesView{}, err
	}
	names, err := s.store.Network.NamesInCase(r.Context(), u, id)
	if err != nil {
		return caseStoriesView{}, err
	}
	place, err := s.store.Network.CasePlace(r.Context(), u, id)
	if err != nil {
		return caseStoriesView{}, err
	}
	v := caseStoriesView{Case: c, CanWrite: policy.CanWriteStory(role), Place: place}
	for _, st := range list {
		v.Stories = append(v.Stories, storyRow{Story: st, Names: rotonde.KnownNames(st.Title+"\n"+st.Body, names)})
	}
	return v, nil
}

func (s *Server) renderCaseStories(w http.ResponseWriter, r *http.Request, status int, data caseStoriesView, err error) {
	s.renderCasePage(w, r, status, "case_stories", "story.title", data.Case, data, err)
}

func (s *Server) handleCaseStories(w http.ResponseWriter, r *http.Request) {
	showCasePage(s, w, r, "verhalen", s.caseStoriesPage, s.renderCaseStories)
}

func (s *Server) caseStoriesAgain(w http.ResponseWriter, r *http.Request, id int64, err error) {
	showPageAgain(s, w, r, id, err, s.caseStoriesPage, func(data *caseStoriesView) {
		if r.PostForm.Has("body") {
			data.Form = rotonde.Story{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}
			data.Form.ID, _ = strconv.ParseInt(r.PostForm.Get("story"), 10, 64)
		}
		data.GivenBy = r.PostForm.Get("given_by")
	}, s.renderCaseStories)
}

func (s *Server) handleSaveStory(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "verhalen", "concept", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		st := &rotonde.Story{CaseID: id, Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}
		if v := r.PostForm.Get("story"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return "", rotonde.E(rotonde.ENotFound, "err.sqldb.this_story_does_not_exist")
			}
			st.ID = n
		}
		if err := s.store.Network.SaveStory(ctx, u, st); err != nil {
			return "", err
		}
		return fmt.Sprintf("/casussen/%d/verhalen#verhaal-%d", id, st.ID), nil
	}, s.caseStoriesAgain)
}

func (s *Server) handlePublishStory(w http.ResponseWriter, r *http.Request) {
	s.progressChange(w, r, rotonde.AuditUpdate, "verhalen", "publiceren", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		sid, err := pathID(r, "story")
		if err != nil {
			return "", err
		}
		consent := rotonde.StoryConsent{Given: r.PostForm.Get("consent") == "yes", GivenBy: r.PostForm.Get("given_by")}
		if err := consent.Validate(); err != nil {
			return "", err
		}
		// Rotonde warns when the text still names people or places of the
		// case; publishing anyway takes a second, explicit check.
		if r.PostForm.Get("names_checked") != "yes" {
			st, err := s.store.Network.CaseStory(ctx, u, id, sid)
			if err != nil {
				return "", err
			}
			names, err := s.store.Network.NamesInCase(ctx, u, id)
			if err != nil {
				return "", err
			}
			if found := rotonde.KnownNames(st.Title+"\n"+st.Body, names); len(found) > 0 {
				return "", rotonde.E(rotonde.EInvalid, "err.web.story_still_names", strings.Join(found, ", "))
			}
		}
		return fmt.Sprintf("/casussen/%d/verhalen#verhaal-%d", id, sid), s.store.Network.PublishStory(ctx, u, id, sid, consent)
	}, s.caseStoriesAgain)
}

func (s *Server) handleWithdrawStory(w http.ResponseWriter, r *http.Request) {
	if !s.confirmWithdrawStory(w, r) { // web/storyconfirm.go
		return
	}
	s.progressChange(w, r, rotonde.AuditUpdate, "verhalen", "intrekken", func(ctx context.Context, u *rotonde.User, id int64) (string, error) {
		sid, err := pathID(r, "story")
		if err != nil {
			return "", err
		}
		if err := s.store.Network.WithdrawStory(ctx, u, id, sid); err != nil {
			return "", err
		}
		s.ended(w, r, id, rotonde.UndoStory, sid, true) // web/undo.go
		return fmt.Sprintf("/casussen/%d/verhalen#verhaal-%d", id, sid), nil
	}, s.caseStoriesAgain)
}

type networkStoriesView struct {
	Stories []rotonde.Story
	Story   *rotonde.Story
}

func (s *Server) handleNetworkStories(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Network.PublishedStories(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderView(w, r, http.StatusOK, "stories", s.newView(r, "story.network.title", networkStoriesView{Stories: list}))
}

func (s *Server) handleNetworkStory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "story")
	var st *rotonde.Story
	if err == nil {
		st, err = s.store.Network.PublishedStory(r.Context(), userFrom(r.Context()), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderTitled(w, r, http.StatusOK, "stories", "story.network.title", st.Title, networkStoriesView{Story: st}, nil)
}

// The network view.

type overviewCellView struct {
	Label string
	Count *int
}

type overviewRowView struct {
	Label string
	Total *int
	Cells []overviewCellView
	Sum   bool // the row of the whole region
}

type overviewTableView struct {
	Name, Title, Intro string
	Columns            []string
	Rows               []overviewRowView
	Chart              template.HTML // bars of the row shown, drawn with svg.Writer
	L                  i18n.Localizer
	Min                int
}

type networkView struct {
	Regions        []rotonde.Region
	Overview       *rotonde.Overview
	Municipalities []rotonde.Organisation // of the region, to open their own view
	Tables         []overviewTableView
	HasThreads     bool // the region's codebooks have coded records
	Agenda         bool // the reader reads the region's development agenda
	Min            int
}

func (s *Server) handleNetwork(w http.ResponseWriter, r *http.Request) {
	regions, err := s.store.Network.OverviewRegions(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := networkView{Regions: regions, Min: rotonde.MinPublishedCount, Agenda: rotonde.CanReadAgenda(userFrom(r.Context()).Role)}
	s.renderView(w, r, http.StatusOK, "network", s.newView(r, "network.title", v))
}

func (s *Server) handleRegionOverview(w http.ResponseWriter, r *http.Request) {
	s.showOverview(w, r, false)
}

func (s *Server) handleMunicipalityOverview(w http.ResponseWriter, r *http.Request) {
	s.showOverview(w, r, true)
}

// overviewOf reads the place in the path, a region or (byMunicipality) a
// municipality in its region, and returns the place's overview.
func (s *Server) overviewOf(r *http.Request, byMunicipality bool) (ov *rotonde.Overview, region, municipality int64, err error) {
	if byMunicipality {
		municipality, err = pathID(r, "municipality")
		if err == nil {
			region, err = s.store.Network.MunicipalityRegion(r.Context(), municipality)
		}
	} else {
		region, err = pathID(r, "region")
	}
	if err == nil {
		ov, err = s.store.Network.RegionOverview(r.Context(), userFrom(r.Context()), region, municipality)
	}
	return ov, region, municipality, err
}

func (s *Server) showOverview(w http.ResponseWriter, r *http.Request, byMunicipality bool) {
	ov, region, municipality, err := s.overviewOf(r, byMunicipality)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := networkView{Overview: ov, Min: rotonde.MinPublishedCount}
	if municipality == 0 && len(ov.Tables) > 0 {
		all, err := s.store.Network.Municipalities(r.Context())
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		for _, m := range all {
			if m.RegionID == region {
				v.Municipalities = append(v.Municipalities, m)
			}
		}
	}
	l := s.cat.For(langFrom(r.Context()))
	lib := s.methodFor(r)
	lang := langFrom(r.Context())
	colTitle := func(table, key string) string {
		if table == "phase" {
			if ph, ok := lib.Phase(key); ok {
				return ph.Title.In(lang)
			}
		}
		if table == "threads" {
			if lv, ok := lib.Level(key); ok {
				return lv.Title.In(lang)
			}
		}
		if table == "threads_movement" {
			return key // a quarter, as the synthesis names it
		}
		return l.T("network." + table + "." + key)
	}
	for _, t := range ov.Tables {
		v.HasThreads = v.HasThreads || t.Name == "threads"
		tv := overviewTableView{Name: t.Name, Title: l.T("network.table." + t.Name), Intro: l.T("network.table." + t.Name + ".intro"), L: l, Min: rotonde.MinPublishedCount}
		if len(t.Rows) > 0 {
			for _, c := range t.Rows[0].Cells {
				tv.Columns = append(tv.Columns, colTitle(t.Name, c.Label))
			}
		}
		for _, row := range t.Rows {
			rv := overviewRowView{Label: row.Label, Total: row.Total, Sum: row.Label == rotonde.OverviewTotalLabel}
			if rv.Sum {
				rv.Label = l.T("network.total")
			}
			for i, c := range row.Cells {
				rv.Cells = append(rv.Cells, overviewCellView{Label: tv.Columns[i], Count: c.Count})
			}
			tv.Rows = append(tv.Rows, rv)
		}
		if n := len(tv.Rows); n > 0 {
			tv.Chart = overviewBars(tv.Rows[n-1], l.T("network.suppressed.short"), l.T("network.chart.label", tv.Title, tv.Rows[n-1].Label))
		}
		v.Tables = append(v.Tables, tv)
	}
	title := ov.RegionName
	if ov.MunicipalityName != "" {
		title = ov.MunicipalityName
	}
	pv := s.newView(r, "network.title", v)
	pv.Title = l.T("network.title") + " · " + title
	s.renderView(w, r, http.StatusOK, "network", pv)
}

// overviewBars draws one row of a table as horizontal bars; a suppressed
// count is drawn as an outline with "<10" instead of a bar. The table
// beneath the drawing holds the same numbers.
func overviewBars(row overviewRowView, suppressed, label string) template.HTML {
	// 300 units: it fits the content of a 360 px phone without shrinking,
	// so its 12 px labels stay 12 px (the style sheet keeps it that wide).
	const labelW, barW, rowH, width = 130.0, 130.0, 26.0, 300.0
	most := 1
	for _, c := range row.Cells {
		if c.Count != nil && *c.Count > most {
			most = *c.Count
		}
	}
	var buf bytes.Buffer
	sw := svg.NewWriter(&buf)
	h := rowH*float64(len(row.Cells)) + 4
	sw.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="network-bars" role="img"`).
		Raw(` viewBox="0 0 `).Num(width).Raw(" ").Num(h).Raw(`"`).Attr("aria-label", label).Raw(">")
	for i, c := range row.Cells {
		y := float64(i)*rowH + 2
		sw.Raw(`<text class="bar-label" x="0" y="`).Num(y + 17).Raw(`">`).Text(c.Label).Raw("</text>")
		if c.Count == nil {
			sw.Raw(`<rect class="bar-suppressed" x="`).Num(labelW).Raw(`" y="`).Num(y + 4).Raw(`" width="24" height="16"/>`)
			sw.Raw(`<text class="bar-value" x="`).Num(labelW + 30).Raw(`" y="`).Num(y + 17).Raw(`">`).Text(suppressed).Raw("</text>")
			continue
		}
		bw := barW * float64(*c.Count) / float64(most)
		sw.Raw(`<rect class="bar" x="`).Num(labelW).Raw(`" y="`).Num(y + 4).Raw(`" width="`).Num(bw).Raw(`" height="16"/>`)
		sw.Raw(`<text class="bar-value" x="`).Num(labelW + bw + 6).Raw(`" y="`).Num(y + 17).Raw(`">`).Int(*c.Count).Raw("</text>")
	}
	sw.Raw("</svg>")
	if err := sw.Close(); err != nil {
		return ""
	}
	return template.HTML(buf.String()) // user text only through svg.Writer.Text/Attr
}

// apiOverview is the JSON of the network view: only the tables, each
// suppressed count and total null.
type apiOverview struct {
	Region       string                  `json:"region"`
	Municipality string                  `json:"municipality,omitempty"`
	Tables       []rotonde.OverviewTable `json:"tables"`
}

func (s *Server) apiRegionOverview(w http.ResponseWriter, r *http.Request) {
	s.apiOverview(w, r, false)
}

func (s *Server) apiMunicipalityOverview(w http.ResponseWriter, r *http.Request) {
	s.apiOverview(w, r, true)
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request, byMunicipality bool) {
	ov, _, _, err := s.overviewOf(r, byMunicipality)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiOverview{Region: ov.RegionName, Municipality: ov.MunicipalityName, Tables: ov.Tables})
}

// checkMunicipality reads the municipality chosen for a new case and
// refuses one that is not a municipality, before the case is made.
func (s *Server) checkMunicipality(r *http.Request) (int64, error) {
	m, err := formMunicipality(r)
	if err != nil || m == 0 {
		return 0, err
	}
	all, err := s.store.Network.Municipalities(r.Context())
	if err != nil {
		return 0, err
	}
	for _, o := range all {
		if o.ID == m {
			return m, nil
		}
	}
	return 0, rotonde.E(rotonde.EInvalid, "err.sqldb.choose_municipality_from_list")
}

// setNewCaseMunicipality records the municipality of a case just made by
// its owner, with its own access-log record.
func (s *Server) setNewCaseMunicipality(r *http.Request, caseID, municipality int64) error {
	rec := s.auditNote(r, rotonde.AuditUpdate, caseID, "casus", "gemeente")
	err := s.store.Network.SetMunicipality(r.Context(), userFrom(r.Context()), caseID, municipality)
	err = s.auditedResult(r, rec, err)
	return err
}
