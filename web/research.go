package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/refiqda"
	"github.com/rotonde-jeugd/rotonde/research"
)

// researchView is the researcher's page: their grants, with an export and
// an import per network they may use today.
type researchView struct {
	Grants []research.Grant
	Now    time.Time
}

func (s *Server) handleResearch(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()).Role != rotonde.RoleResearcher {
		s.renderError(w, r, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do"))
		return
	}
	grants, err := s.store.Research.Grants(r.Context(), userFrom(r.Context()))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "research", "research.title", &researchView{Grants: grants, Now: s.now()})
}

// researchMaterial loads the network of the path for a researcher with an
// active grant (the service refuses anyone else).
func (s *Server) researchMaterial(r *http.Request) (*research.Material, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.Research.Material(r.Context(), userFrom(r.Context()), id)
}

func (s *Server) handleResearchProject(w http.ResponseWriter, r *http.Request) {
	m, err := s.researchMaterial(r)
	s.sendFile(w, r, err, "application/zip", "rotonde-onderzoek.qdpx", func(out io.Writer) error {
		return refiqda.Write(out, refiqda.FromMaterial(m))
	})
}

func (s *Server) handleResearchCSV(write func(io.Writer, *research.Material) error, name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, err := s.researchMaterial(r)
		s.sendFile(w, r, err, "text/csv; charset=utf-8", name, func(out io.Writer) error { return write(out, m) })
	}
}

// handleResearchImport brings codings made in ATLAS.ti, MAXQDA, NVivo or
// QualCoder back: only for texts that are the network's shared material.
func (s *Server) handleResearchImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		// Refused before the upload is read; the service checks again when it stores.
		err = s.store.Research.MayResearch(r.Context(), userFrom(r.Context()), id)
	}
	var p *refiqda.Project
	if err == nil {
		// The upload is read before the write transaction, never inside it.
		p, err = readProject(w, r)
	}
	if err == nil {
		var res research.ImportResult
		res, err = s.store.Research.ImportCodings(r.Context(), userFrom(r.Context()), id, func(known *research.Material) (*research.Material, int, error) {
			add, skipped := refiqda.ToMaterial(p, known)
			return add, skipped, nil
		})
		if err == nil {
			s.setFlash(w, r, flash{Key: "research.imported", Args: []int{res.Codes, res.Codings, res.Memos, res.Skipped}})
			http.Redirect(w, r, "/onderzoek", http.StatusSeeOther)
			return
		}
	}
	if code := rotonde.ErrorCodeOf(err); code == rotonde.EInvalid || code == rotonde.ETooLarge {
		grants, gerr := s.store.Research.Grants(r.Context(), userFrom(r.Context()))
		if gerr == nil {
			s.renderFormError(w, r, "research", "research.title", &researchView{Grants: grants, Now: s.now()}, err)
			return
		}
	}
	s.renderError(w, r, err)
}

func readProject(w http.ResponseWriter, r *http.Request) (*refiqda.Project, error) {
	const limit = refiqda.MaxSize + 64<<10
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(limit); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, rotonde.E(rotonde.ETooLarge, "err.refiqda.too_large", refiqda.MaxSize>>20)
		}
		return nil, rotonde.E(rotonde.EInvalid, "err.research.choose_qdpx")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, rotonde.E(rotonde.EInvalid, "err.research.choose_qdpx")
	}
	defer f.Close()
	if !strings.HasSuffix(strings.ToLower(hdr.Filename), ".qdpx") {
		return nil, rotonde.E(rotonde.EInvalid, "err.research.choose_qdpx")
	}
	data, err := io.ReadAll(io.LimitReader(f, refiqda.MaxSize+1))
	if err != nil {
		return nil, rotonde.E(rotonde.EInvalid, "err.research.choose_qdpx")
	}
	return refiqda.Read(bytes.NewReader(data), int64(len(data)))
}

// researchGrantsView is the administrators' page of research access.
type researchGrantsView struct {
	Grants      []research.Grant
	Regions     []rotonde.Region
	Researchers []rotonde.User
	Now         time.Time
	Form        struct {
		Researcher, Region int64
		Until, Purpose     string
	}
}

func (s *Server) researchGrantsData(r *http.Request) (*researchGrantsView, error) {
	ctx, u := r.Context(), userFrom(r.Context())
	if u.Role != rotonde.RoleSysAdmin && u.Role != rotonde.RoleAdministrator {
		return nil, rotonde.E(rotonde.EForbidden, "err.sqldb.you_are_not_allowed_to_do")
	}
	v := &researchGrantsView{Now: s.now()}
	var err error
	if v.Grants, err = s.store.Research.Grants(ctx, u); err != nil {
		return nil, err
	}
	if v.Regions, err = s.grantableRegions(r, u); err != nil {
		return nil, err
	}
	users, err := s.store.Users.Users(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, x := range users {
		if x.Role == rotonde.RoleResearcher && !x.Disabled {
			v.Researchers = append(v.Researchers, x)
		}
	}
	return v, nil
}

// grantableRegions: all for the system administrator, the region of their
// organisation for an administrator.
func (s *Server) grantableRegions(r *http.Request, u *rotonde.User) ([]rotonde.Region, error) {
	all, err := s.store.Orgs.Regions(r.Context())
	if err != nil || u.Role == rotonde.RoleSysAdmin {
		return all, err
	}
	org, err := s.store.Orgs.Organisation(r.Context(), u.OrgID)
	if err != nil {
		return nil, err
	}
	var out []rotonde.Region
	for _, reg := range all {
		if reg.ID == org.RegionID {
			out = append(out, reg)
		}
	}
	return out, nil
}

func (s *Server) handleResearchGrants(w http.ResponseWriter, r *http.Request) {
	showPage(s, w, r, "research_grants", "research.grants.title", s.researchGrantsData)
}

func (s *Server) handleResearchGrant(w http.ResponseWriter, r *http.Request) {
	v, ok := loadForm(s, w, r, s.researchGrantsData)
	if !ok {
		return
	}
	var err error
	v.Form.Researcher, _ = strconv.ParseInt(r.PostForm.Get("researcher"), 10, 64)
	v.Form.Region, _ = strconv.ParseInt(r.PostForm.Get("region"), 10, 64)
	v.Form.Until, v.Form.Purpose = r.PostForm.Get("until"), r.PostForm.Get("purpose")
	g := &research.Grant{ResearcherID: v.Form.Researcher, RegionID: v.Form.Region, Purpose: v.Form.Purpose}
	if v.Form.Until != "" {
		if g.Until, err = time.Parse("2006-01-02", v.Form.Until); err != nil {
			err = rotonde.E(rotonde.EInvalid, "err.research.give_end_date")
		}
	}
	if err == nil {
		err = s.store.Research.GrantAccess(r.Context(), userFrom(r.Context()), g)
	}
	s.formResult(w, r, err, "research_grants", "research.grants.title", v, "research.granted", "/beheer/onderzoek")
}

func (s *Server) handleResearchRevoke(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.pathFormChange(w, r, "grant", s.store.Research.RevokeAccess); ok {
		s.done(w, r, "research.revoked", "/beheer/onderzoek")
	}
}
