package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/runes"
	"github.com/rotonde-jeugd/rotonde/search"
)

// Search: the box in the navigation leads to /zoeken, the API answers
// /api/v1/search. The store decides what the reader may see, in the query;
// here every search leaves one access-log record (action S) naming the
// cases whose content it returned, before anything is shown.

// searchRequest reads q, kind and limit from the query string.
func searchRequest(r *http.Request) (q string, kind search.Kind, limit int, err error) {
	v := r.URL.Query()
	q = strings.TrimSpace(v.Get("q"))
	if kind, err = search.ParseKind(v.Get("kind")); err != nil {
		return
	}
	limit = search.DefaultLimit
	if l := strings.TrimSpace(v.Get("limit")); l != "" {
		n, perr := strconv.Atoi(l)
		if perr != nil || n < 1 || n > search.MaxLimit {
			err = rotonde.E(rotonde.EInvalid, "err.search.limit_between", search.MaxLimit)
			return
		}
		limit = n
	}
	return
}

// runSearch searches and logs the search (also a failed one) before the
// answer goes out.
func (s *Server) runSearch(r *http.Request, q string, kind search.Kind, limit int) ([]search.Hit, error) {
	hits, err := s.store.Search.Search(r.Context(), userFrom(r.Context()), q, kind, limit)
	e := s.auditEntry(r, rotonde.AuditSearch, 0, "zoeken", err)
	var cases []int64
	for _, h := range hits {
		if h.CaseID != 0 && !slices.Contains(cases, h.CaseID) {
			cases = append(cases, h.CaseID)
		}
	}
	slices.Sort(cases)
	ids := make([]string, 0, len(cases))
	for _, c := range cases {
		ids = append(ids, strconv.FormatInt(c, 10))
	}
	detail := "geen casussen"
	if len(ids) > 0 {
		detail = "casussen " + strings.Join(ids, ",")
	}
	addDetail(e, runes.Cut(fmt.Sprintf("%s; %d resultaten", detail, len(hits)), 1000))
	if aerr := s.audit(r, e); aerr != nil && err == nil {
		return nil, aerr
	}
	return hits, err
}

type apiHit struct {
	Kind    string `json:"kind"`
	ID      int64  `json:"id"`
	CaseID  int64  `json:"case_id,omitempty"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
	URL     string `json:"url"`
}

// apiSearch answers GET /api/v1/search?q=…&limit=…&kind=…. The snippet is
// HTML: the text escaped, the matching words in <mark>.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, kind, limit, err := searchRequest(r)
	if err == nil && q == "" {
		err = rotonde.E(rotonde.EInvalid, "err.search.type_what_to_search")
	}
	var hits []search.Hit
	if err == nil {
		hits, err = s.runSearch(r, q, kind, limit)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Hits []apiHit `json:"hits"`
	}{Hits: make([]apiHit, 0, len(hits))}
	for _, h := range hits {
		out.Hits = append(out.Hits, apiHit{Kind: string(h.Kind), ID: h.ID, CaseID: h.CaseID, Title: h.Title, Snippet: string(h.Snippet.HTML()), URL: h.URL})
	}
	writeJSON(w, http.StatusOK, out)
}

type searchKindOption struct {
	Key      search.Kind
	Label    string
	Selected bool
}

type searchGroup struct {
	Kind  search.Kind
	Label string
	Hits  []search.Hit
}

type searchView struct {
	Q        string
	Kind     search.Kind
	Kinds    []searchKindOption
	Groups   []searchGroup
	Total    int
	Searched bool
	Limit    int
}

// searchPageLimit is how many hits the results page shows.
const searchPageLimit = 50

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	l := s.cat.For(langFrom(r.Context()))
	q, kind, _, err := searchRequest(r)
	v := searchView{Q: q, Kind: kind, Limit: searchPageLimit}
	for _, k := range search.Kinds {
		if k == search.KindDilemma || k == search.KindBarrier || k == search.KindStory {
			continue // not stored yet
		}
		v.Kinds = append(v.Kinds, searchKindOption{Key: k, Label: l.T("search.kind." + string(k)), Selected: k == kind})
	}
	if err == nil && q != "" {
		var hits []search.Hit
		hits, err = s.runSearch(r, q, kind, searchPageLimit)
		v.Searched, v.Total = err == nil, len(hits)
		for _, k := range search.Kinds {
			var g []search.Hit
			for _, h := range hits {
				if h.Kind == k {
					g = append(g, h)
				}
			}
			if len(g) > 0 {
				v.Groups = append(v.Groups, searchGroup{Kind: k, Label: l.T("search.kind." + string(k)), Hits: g})
			}
		}
	}
	if err != nil {
		if refused(err) {
			s.renderError(w, r, err)
			return
		}
		s.renderFormError(w, r, "search", "search.title", v, err)
		return
	}
	s.render(w, r, http.StatusOK, "search", "search.title", v)
}

// Synonyms: an organisation's administrator keeps the field's abbreviations
// and synonyms that its members' searches widen with.

type synonymsView struct {
	Org    *rotonde.Organisation
	Groups []search.SynonymGroup
	Terms  string
}

func (s *Server) synonymsData(r *http.Request, orgID int64) (synonymsView, error) {
	actor := userFrom(r.Context())
	if !policy.CanConfigureOrganisation(actor, orgID) {
		return synonymsView{}, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
	}
	org, err := s.store.Orgs.Organisation(r.Context(), orgID)
	if err != nil {
		return synonymsView{}, err
	}
	groups, err := s.store.Search.SynonymGroups(r.Context(), actor, orgID)
	if err != nil {
		return synonymsView{}, err
	}
	return synonymsView{Org: org, Groups: groups}, nil
}

func (s *Server) handleSynonyms(w http.ResponseWriter, r *http.Request) {
	if v, ok := loadPathPage(s, w, r, "id", s.synonymsData); ok {
		s.render(w, r, http.StatusOK, "search_synonyms", "synonyms.title", v)
	}
}

func (s *Server) handleAddSynonyms(w http.ResponseWriter, r *http.Request) {
	s.synonymChange(w, r, "synonyms.done.added", func(ctx context.Context, u *rotonde.User, orgID int64) error {
		terms, err := search.ParseSynonymGroup(r.PostForm.Get("terms"))
		if err != nil {
			return err
		}
		_, err = s.store.Search.AddSynonymGroup(ctx, u, orgID, terms)
		return err
	})
}

func (s *Server) handleDeleteSynonyms(w http.ResponseWriter, r *http.Request) {
	s.synonymChange(w, r, "synonyms.done.deleted", func(ctx context.Context, u *rotonde.User, orgID int64) error {
		group, err := strconv.ParseInt(r.PostForm.Get("group"), 10, 64)
		if err != nil || group <= 0 {
			return rotonde.E(rotonde.EInvalid, "err.search.synonym_group_not_found")
		}
		err = s.store.Search.DeleteSynonymGroup(ctx, u, orgID, group)
		if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
			return nil // already gone: what was asked is done
		}
		return err
	})
}

func (s *Server) synonymChange(w http.ResponseWriter, r *http.Request, doneKey string, change func(ctx context.Context, u *rotonde.User, orgID int64) error) {
	id, err := pathID(r, "id")
	if err == nil {
		err = parseForm(w, r)
	}
	var v synonymsView
	if err == nil {
		v, err = s.synonymsData(r, id)
	}
	if err == nil {
		err = change(r.Context(), userFrom(r.Context()), id)
	}
	if err != nil {
		if refused(err) {
			s.renderError(w, r, err)
			return
		}
		v.Terms = r.PostForm.Get("terms")
		s.renderFormError(w, r, "search_synonyms", "synonyms.title", v, err)
		return
	}
	s.setFlash(w, r, flash{Key: doneKey})
	http.Redirect(w, r, fmt.Sprintf("/beheer/organisaties/%d/synoniemen", id), http.StatusSeeOther)
}
