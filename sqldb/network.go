package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/disclosure"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/signal"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// NetworkService stores where cases sit, their barriers and stories, the
// stagnation signals summarised per case, and counts the network view.
type NetworkService struct{ *store }

var _ rotonde.NetworkService = (*NetworkService)(nil)

// caseWrite runs fn in a write transaction after checking that the actor's
// role in the case allows the change.
func (db *NetworkService) caseWrite(ctx context.Context, actor *rotonde.User, caseID int64, allowed func(rotonde.MemberRole) bool, fn func(tx *Tx) error) error {
	return db.caseChange(ctx, actor, caseID, allowed, "err.sqldb.you_can_only_view_this_in", summariseBarriers, fn)
}

// summariseProgress keeps the case's phase and learning-cycle summary for
// the network view in step with its phase history and cycle entries; every
// progress write runs it in its transaction (progressWrite), and with it
// the network view's tallies.
func summariseProgress(ctx context.Context, tx *Tx, caseID int64) error {
	return retallyCase(ctx, tx, caseID, func() error {
		_, err := tx.Exec(ctx, `UPDATE cases SET
		phase = COALESCE((SELECT p.phase FROM case_phases p WHERE p.case_id = ? ORDER BY p.id DESC LIMIT 1), ''),
		cycle_steps = (SELECT COUNT(DISTINCT e.step) FROM cycle_entries e WHERE e.case_id = ?) WHERE id = ?`, caseID, caseID, caseID)
		return err
	})
}

// summariseBarriers keeps the bit mask of the kinds of barrier the case
// names (bit i: rotonde.BarrierKinds[i]) in step with case_barriers, and
// with it the network view's tallies.
func summariseBarriers(ctx context.Context, tx *Tx, caseID int64) error {
	keys, err := queryColumn[string](ctx, tx, `SELECT DISTINCT kind FROM case_barriers WHERE case_id = ?`, caseID)
	if err != nil {
		return err
	}
	return retallyCase(ctx, tx, caseID, func() error {
		_, err := tx.Exec(ctx, `UPDATE cases SET barrier_kinds = ? WHERE id = ?`, mask(overviewBarrier, keys), caseID)
		return err
	})
}

// mask sets bit i for every key that is cols[i].
func mask(cols, keys []string) int64 {
	var m int64
	for _, k := range keys {
		if i := slices.Index(cols, k); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// CasePlace returns the case's municipality, region and current phase.
func (db *NetworkService) CasePlace(ctx context.Context, actor *rotonde.User, caseID int64) (*rotonde.CasePlace, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	p := &rotonde.CasePlace{CaseID: caseID}
	err := db.reader.QueryRow(ctx, `SELECT COALESCE(o.id, 0), COALESCE(o.name, ''), COALESCE(r.id, 0), COALESCE(r.name, ''),
		COALESCE((SELECT ph.phase FROM case_phases ph WHERE ph.case_id = c.id ORDER BY ph.id DESC LIMIT 1), '')
		FROM cases c LEFT JOIN organisations o ON o.id = c.municipality_id LEFT JOIN regions r ON r.id = o.region_id
		WHERE c.id = ?`, caseID).Scan(&p.MunicipalityID, &p.MunicipalityName, &p.RegionID, &p.RegionName, &p.Phase)
	if err != nil {
		return nil, fmt.Errorf("case place: %w", err)
	}
	return p, nil
}

// SetMunicipality sets the case's municipality.
func (db *NetworkService) SetMunicipality(ctx context.Context, actor *rotonde.User, caseID, municipalityID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, policy.CanSetMunicipality, "err.sqldb.only_case_owner_sets_municipality"); err != nil {
			return err
		}
		if municipalityID != 0 {
			var kind string
			err := tx.QueryRow(ctx, `SELECT kind FROM organisations WHERE id = ?`, municipalityID).Scan(&kind)
			if isNoRows(err) || (err == nil && kind != string(rotonde.OrgMunicipality)) {
				return rotonde.E(rotonde.EInvalid, "err.sqldb.choose_municipality_from_list")
			}
			if err != nil {
				return err
			}
		}
		return retallyCase(ctx, tx, caseID, func() error {
			_, err := tx.Exec(ctx, `UPDATE cases SET municipality_id = ?, updated_at = ? WHERE id = ?`, nullInt(municipalityID), db.Now(), caseID)
			return err
		})
	})
}

// Municipalities lists the organisations of kind municipality.
func (db *NetworkService) Municipalities(ctx context.Context) ([]rotonde.Organisation, error) {
	return db.organisations(ctx, "municipalities", `SELECT `+orgColumns+` FROM organisations WHERE kind = ? ORDER BY name`, string(rotonde.OrgMunicipality))
}

// MunicipalityRegion returns the region of a municipality.
func (db *NetworkService) MunicipalityRegion(ctx context.Context, municipalityID int64) (int64, error) {
	var region sql.NullInt64
	err := db.reader.QueryRow(ctx, `SELECT region_id FROM organisations WHERE id = ? AND kind = ?`, municipalityID, string(rotonde.OrgMunicipality)).Scan(&region)
	if isNoRows(err) || (err == nil && !region.Valid) {
		return 0, notFound("err.sqldb.municipality_not_found")
	}
	return region.Int64, err
}

// Barriers lists a case's barriers in the order of their kinds.
func (db *NetworkService) Barriers(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Barrier, error) {
	out, err := caseList(ctx, db.store, actor, caseID, "barriers", func(r scanner) (rotonde.Barrier, error) {
		var b rotonde.Barrier
		var kind string
		err := r.Scan(&b.ID, &b.CaseID, &kind, &b.Explanation, &b.CreatedBy, &b.CreatedAt, &b.UpdatedBy, &b.UpdatedAt, &b.AuthorName)
		b.Kind = rotonde.BarrierKind(kind)
		return b, err
	}, `SELECT b.id, b.case_id, b.kind, b.explanation, b.created_by, b.created_at, b.updated_by, b.updated_at, COALESCE(u.name, '')
		FROM case_barriers b LEFT JOIN users u ON u.id = b.updated_by WHERE b.case_id = ? ORDER BY b.id`)
	if err != nil {
		return nil, err
	}
	order := func(k rotonde.BarrierKind) int { return slices.Index(rotonde.BarrierKinds, k) }
	slices.SortStableFunc(out, func(a, b rotonde.Barrier) int { return order(a.Kind) - order(b.Kind) })
	return out, nil
}

// AddBarrier stores a barrier.
func (db *NetworkService) AddBarrier(ctx context.Context, actor *rotonde.User, b *rotonde.Barrier) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.caseWrite(ctx, actor, b.CaseID, policy.CanEditBarriers, func(tx *Tx) error {
		now := db.Now()
		b.CreatedBy, b.CreatedAt, b.UpdatedBy, b.UpdatedAt = actor.ID, now, actor.ID, now
		if err := tx.QueryRow(ctx, `INSERT INTO case_barriers (case_id, kind, explanation, created_by, created_at, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, b.CaseID, string(b.Kind), b.Explanation, actor.ID, now, actor.ID, now).Scan(&b.ID); err != nil {
			return err
		}
		return tx.indexBarrier(ctx, b.ID)
	})
}

// UpdateBarrier changes a barrier's kind and explanation.
func (db *NetworkService) UpdateBarrier(ctx context.Context, actor *rotonde.User, b *rotonde.Barrier) error {
	if err := b.Validate(); err != nil {
		return err
	}
	return db.caseWrite(ctx, actor, b.CaseID, policy.CanEditBarriers, func(tx *Tx) error {
		if err := execOne(ctx, tx, notFound("err.sqldb.this_barrier_does_not_exist"),
			`UPDATE case_barriers SET kind = ?, explanation = ?, updated_by = ?, updated_at = ? WHERE id = ? AND case_id = ?`,
			string(b.Kind), b.Explanation, actor.ID, db.Now(), b.ID, b.CaseID); err != nil {
			return err
		}
		return tx.indexBarrier(ctx, b.ID)
	})
}

// DeleteBarrier moves a barrier to the case's trash (sqldb/trash.go).
func (db *NetworkService) DeleteBarrier(ctx context.Context, actor *rotonde.User, caseID, barrierID int64) error {
	_, err := db.trashBarrier(ctx, actor, caseID, barrierID)
	return err
}

const storyColumns = `s.id, s.case_id, s.title, s.body, s.consent_given_by, COALESCE(s.consent_by, 0), s.consent_at,
	COALESCE(s.region_id, 0), COALESCE(r.name, ''), s.published_at, s.created_at, s.updated_at`

func scanStory(sc interface{ Scan(...any) error }) (rotonde.Story, error) {
	var s rotonde.Story
	var consentAt, publishedAt sql.NullTime
	err := sc.Scan(&s.ID, &s.CaseID, &s.Title, &s.Body, &s.ConsentGivenBy, &s.ConsentBy, &consentAt,
		&s.RegionID, &s.RegionName, &publishedAt, &s.CreatedAt, &s.UpdatedAt)
	if consentAt.Valid {
		s.ConsentAt = consentAt.Time
	}
	if publishedAt.Valid {
		s.PublishedAt = publishedAt.Time
	}
	return s, err
}

func (db *NetworkService) stories(ctx context.Context, where string, args ...any) ([]rotonde.Story, error) {
	var out []rotonde.Story
	err := db.each(ctx, db.reader, `SELECT `+storyColumns+` FROM case_stories s LEFT JOIN regions r ON r.id = s.region_id WHERE `+where, args, func(r *sql.Rows) error {
		s, err := scanStory(r)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return out, nil
}

// CaseStories lists a case's stories, newest first.
func (db *NetworkService) CaseStories(ctx context.Context, actor *rotonde.User, caseID int64) ([]rotonde.Story, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return db.stories(ctx, `s.case_id = ? ORDER BY s.id DESC`, caseID)
}

// CaseStory returns one story of the case, draft or published.
func (db *NetworkService) CaseStory(ctx context.Context, actor *rotonde.User, caseID, storyID int64) (*rotonde.Story, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	list, err := db.stories(ctx, `s.id = ? AND s.case_id = ?`, storyID, caseID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("err.sqldb.this_story_does_not_exist")
	}
	return &list[0], nil
}

// SaveStory stores a new draft or changes one.
func (db *NetworkService) SaveStory(ctx context.Context, actor *rotonde.User, s *rotonde.Story) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.caseWrite(ctx, actor, s.CaseID, policy.CanWriteStory, func(tx *Tx) error {
		now := db.Now()
		if s.ID == 0 {
			s.CreatedAt, s.UpdatedAt = now, now
			if err := tx.QueryRow(ctx, `INSERT INTO case_stories (case_id, title, body, created_by, created_at, updated_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.CaseID, s.Title, s.Body, actor.ID, now, actor.ID, now).Scan(&s.ID); err != nil {
				return err
			}
			return tx.indexStory(ctx, s.ID)
		}
		var published sql.NullTime
		err := tx.QueryRow(ctx, `SELECT published_at FROM case_stories WHERE id = ? AND case_id = ?`, s.ID, s.CaseID).Scan(&published)
		if isNoRows(err) {
			return notFound("err.sqldb.this_story_does_not_exist")
		}
		if err != nil {
			return err
		}
		if published.Valid {
			return rotonde.E(rotonde.EConflict, "err.sqldb.published_story_cannot_be_changed")
		}
		if _, err = tx.Exec(ctx, `UPDATE case_stories SET title = ?, body = ?, updated_by = ?, updated_at = ? WHERE id = ?`, s.Title, s.Body, actor.ID, now, s.ID); err != nil {
			return err
		}
		return tx.indexStory(ctx, s.ID)
	})
}

// PublishStory publishes a draft with the family's consent, to the region
// of the case's municipality.
func (db *NetworkService) PublishStory(ctx context.Context, actor *rotonde.User, caseID, storyID int64, consent rotonde.StoryConsent) error {
	if err := consent.Validate(); err != nil {
		return err
	}
	return db.caseWrite(ctx, actor, caseID, policy.CanWriteStory, func(tx *Tx) error {
		var region sql.NullInt64
		err := tx.QueryRow(ctx, `SELECT o.region_id FROM cases c JOIN organisations o ON o.id = c.municipality_id WHERE c.id = ?`, caseID).Scan(&region)
		if isNoRows(err) || (err == nil && !region.Valid) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.story_needs_municipality_in_region")
		}
		if err != nil {
			return err
		}
		now := db.Now()
		if err := execOne(ctx, tx, notFound("err.sqldb.this_story_does_not_exist"),
			`UPDATE case_stories SET consent_given_by = ?, consent_by = ?, consent_at = ?, region_id = ?, published_by = ?, published_at = ?,
			updated_by = ?, updated_at = ? WHERE id = ? AND case_id = ? AND published_at IS NULL`,
			consent.GivenBy, actor.ID, now, region.Int64, actor.ID, now, actor.ID, now, storyID, caseID); err != nil {
			return err
		}
		return tx.indexStory(ctx, storyID) // read in the region, or no longer
	})
}

// WithdrawStory takes a published story off the network again, with a
// reversal record to publish it again within 30 days.
func (db *NetworkService) WithdrawStory(ctx context.Context, actor *rotonde.User, caseID, storyID int64) error {
	return db.caseWrite(ctx, actor, caseID, policy.CanWriteStory, func(tx *Tx) error {
		if err := db.noteStoryWithdrawal(ctx, tx, actor, caseID, storyID); err != nil { // sqldb/undo_story.go
			return err
		}
		if err := execOne(ctx, tx, notFound("err.sqldb.this_story_does_not_exist"),
			`UPDATE case_stories SET region_id = NULL, published_by = NULL, published_at = NULL, updated_by = ?, updated_at = ?
			WHERE id = ? AND case_id = ? AND published_at IS NOT NULL`, actor.ID, db.Now(), storyID, caseID); err != nil {
			return err
		}
		return tx.indexStory(ctx, storyID) // read in the region, or no longer
	})
}

// NamesInCase lists the names and places known in the case.
func (db *NetworkService) NamesInCase(ctx context.Context, actor *rotonde.User, caseID int64) ([]string, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		n = strings.TrimSpace(n)
		if k := strings.ToLower(n); n != "" && !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	collect := func(q string, split bool) error {
		return db.each(ctx, db.reader, q, []any{caseID}, func(r *sql.Rows) error {
			var a, b, c string
			if err := r.Scan(&a, &b, &c); err != nil {
				return err
			}
			for _, v := range []string{a, b, c} {
				if split {
					for _, n := range splitNames(v) {
						add(n)
					}
				} else {
					add(v)
				}
			}
			return nil
		})
	}
	if err := collect(`SELECT alias, organisation, '' FROM genogram_persons WHERE case_id = ?`, false); err != nil {
		return nil, fmt.Errorf("names in case: %w", err)
	}
	if err := collect(`SELECT u.name, COALESCE(o.name, ''), '' FROM case_members m JOIN users u ON u.id = m.user_id
		LEFT JOIN organisations o ON o.id = u.org_id WHERE m.case_id = ?`, false); err != nil {
		return nil, fmt.Errorf("names in case: %w", err)
	}
	if err := collect(`SELECT persons, organisations, helpers FROM timeline_events WHERE case_id = ?`, true); err != nil {
		return nil, fmt.Errorf("names in case: %w", err)
	}
	// Places the child lived, as the timeline's tags name them.
	err := db.each(ctx, db.reader, `SELECT tags FROM timeline_events WHERE case_id = ? AND tags <> ''`, []any{caseID}, func(r *sql.Rows) error {
		var tags string
		if err := r.Scan(&tags); err != nil {
			return err
		}
		for _, t := range parseTagColumns(tags, "") {
			if t.Category == timeline.CatMove && t.Value != "" {
				add(t.Value)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("names in case: %w", err)
	}
	return out, nil
}

// PublishedStories lists the stories published in the actor's region.
// They come without their case.
func (db *NetworkService) PublishedStories(ctx context.Context, actor *rotonde.User) ([]rotonde.Story, error) {
	region, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	var out []rotonde.Story
	switch {
	case actor != nil && !actor.Disabled && actor.Role == rotonde.RoleSysAdmin:
		out, err = db.stories(ctx, `s.published_at IS NOT NULL ORDER BY s.published_at DESC, s.id DESC`)
	case policy.CanReadStory(actor, region, region):
		out, err = db.stories(ctx, `s.published_at IS NOT NULL AND s.region_id = ? ORDER BY s.published_at DESC, s.id DESC`, region)
	}
	for i := range out {
		out[i].CaseID = 0
	}
	return out, err
}

// PublishedStory returns one published story the actor may read.
func (db *NetworkService) PublishedStory(ctx context.Context, actor *rotonde.User, storyID int64) (*rotonde.Story, error) {
	region, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	list, err := db.stories(ctx, `s.id = ? AND s.published_at IS NOT NULL`, storyID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || !policy.CanReadStory(actor, region, list[0].RegionID) {
		return nil, notFound("err.sqldb.this_story_does_not_exist")
	}
	s := list[0]
	s.CaseID = 0
	return &s, nil
}

// OverviewRegions lists the regions whose network view the actor may open.
func (db *NetworkService) OverviewRegions(ctx context.Context, actor *rotonde.User) ([]rotonde.Region, error) {
	if !policy.CanOpenNetworkView(actor) {
		return nil, rotonde.E(rotonde.EForbidden, "err.sqldb.network_view_is_for_administrators")
	}
	region, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	var out []rotonde.Region
	err = db.each(ctx, db.reader, `SELECT id, name, kind FROM regions ORDER BY name`, nil, func(r *sql.Rows) error {
		var g rotonde.Region
		if err := r.Scan(&g.ID, &g.Name, &g.Kind); err != nil {
			return err
		}
		if policy.CanOpenRegionView(actor, region, g.ID) {
			out = append(out, g)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	return out, nil
}

// Columns of the network view's tables.
var (
	overviewPhases = append(append([]string{}, rotonde.Phases...), "none")
	overviewCycle  = []string{"0", "1", "2", "3", "4"}
	overviewSignal = []string{signal.KeyHelpers, signal.KeyPlacements, signal.KeyParallel, signal.KeyRepeated,
		signal.KeyEscalation, signal.KeyWaiting, signal.KeyGaps, signal.KeyVoice}
	overviewBarrier = func() []string {
		var out []string
		for _, k := range rotonde.BarrierKinds {
			out = append(out, string(k))
		}
		return out
	}()
)

// RegionOverview counts the network view of a region, or of one of its
// municipalities. The counts of the whole region are protected together
// (package disclosure) and a municipality's view publishes its row of them,
// so that comparing the views reveals nothing either does not.
//
// It counts the cases that are not closed and have a municipality in the
// region: their phase of learning together, how many of the four steps of
// the learning cycle have an entry, the stagnation signals of their
// timeline as last summarised (RefreshSignals), and per kind of barrier
// the cases that name one. It reads these counts from the tallies every
// such write keeps (sqldb/networktally.go), and no case content.
func (db *NetworkService) RegionOverview(ctx context.Context, actor *rotonde.User, regionID, municipalityID int64) (*rotonde.Overview, error) {
	actorRegion, err := db.actorRegion(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	if !policy.CanOpenRegionView(actor, actorRegion, regionID) {
		return nil, notFound("err.sqldb.region_not_found")
	}
	ov := &rotonde.Overview{RegionID: regionID}
	if err := db.reader.QueryRow(ctx, `SELECT name FROM regions WHERE id = ?`, regionID).Scan(&ov.RegionName); err != nil {
		if isNoRows(err) {
			return nil, notFound("err.sqldb.region_not_found")
		}
		return nil, err
	}
	// The municipalities of the region are the rows.
	ids, names, err := db.regionMunicipalities(ctx, regionID)
	if err != nil {
		return nil, err
	}
	row := -1
	if municipalityID != 0 {
		row = slices.Index(ids, municipalityID)
		if row < 0 {
			return nil, notFound("err.sqldb.municipality_not_found")
		}
		ov.MunicipalityID, ov.MunicipalityName = municipalityID, names[row]
	}
	c := newOverviewCounts(len(ids))
	if len(ids) > 0 {
		if err := db.countOverview(ctx, ids, c); err != nil {
			return nil, fmt.Errorf("network view: %w", err)
		}
	}
	set := disclosure.ProtectGrids([]disclosure.Grid{
		{Name: "phase", RowLabels: names, ColLabels: overviewPhases, Cells: c.phase},
		{Name: "cycle", RowLabels: names, ColLabels: overviewCycle, Cells: c.cycle, SameRows: "phase"},
		{Name: "signals", RowLabels: names, ColLabels: overviewSignal, Cells: c.signals},
		{Name: "barriers", RowLabels: names, ColLabels: overviewBarrier, Cells: c.barriers},
	}, rotonde.MinPublishedCount)
	ov.Tables = overviewTables(set.View(row))
	// The common threads of the region's codebooks: per code the shared
	// records by level of insight and, once they span more than one
	// quarter, by quarter (their movement), protected together and apart
	// from the cases. Shared records have no municipality, so a
	// municipality's view shows the region's.
	codes, cells, periods, movement, err := db.threadCounts(ctx, regionID)
	if err != nil {
		return nil, err
	}
	if len(codes) > 0 {
		grids := []disclosure.Grid{{Name: "threads", RowLabels: codes, ColLabels: overviewLevels, Cells: cells}}
		if len(periods) > 1 {
			grids = append(grids, disclosure.Grid{Name: "threads_movement", RowLabels: codes, ColLabels: periods, Cells: movement, SameRows: "threads"})
		}
		threads := disclosure.ProtectGrids(grids, rotonde.MinPublishedCount)
		ov.Tables = append(ov.Tables, overviewTables(threads.View(-1))...)
	}
	return ov, nil
}

// regionMunicipalities returns the IDs and names of the municipalities of a
// region, ordered by name.
func (db *NetworkService) regionMunicipalities(ctx context.Context, regionID int64) ([]int64, []string, error) {
	var ids []int64
	var names []string
	err := db.each(ctx, db.reader, `SELECT id, name FROM organisations WHERE kind = ? AND region_id = ? ORDER BY name, id`,
		[]any{string(rotonde.OrgMunicipality), regionID}, func(r *sql.Rows) error {
			var id int64
			var n string
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			ids, names = append(ids, id), append(names, n)
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("municipalities of region: %w", err)
	}
	return ids, names, nil
}

// overviewCounts holds the four tables of the network view before
// protection: one row per municipality, one column per phase, number of
// cycle steps, signal or barrier.
type overviewCounts struct {
	phase, cycle, signals, barriers [][]int
}

func newOverviewCounts(rows int) *overviewCounts {
	grid := func(cols []string) [][]int {
		g := make([][]int, rows)
		for i := range g {
			g[i] = make([]int, len(cols))
		}
		return g
	}
	return &overviewCounts{
		phase:    grid(overviewPhases),
		cycle:    grid(overviewCycle),
		signals:  grid(overviewSignal),
		barriers: grid(overviewBarrier),
	}
}

// overviewTables turns the protected tables into the view's tables.
func overviewTables(tables []disclosure.Table) []rotonde.OverviewTable {
	var out []rotonde.OverviewTable
	for _, t := range tables {
		ot := rotonde.OverviewTable{Name: t.Name}
		for _, r := range t.Rows {
			or := rotonde.OverviewRow{Label: r.Label, Total: r.Total}
			for _, c := range r.Cells {
				or.Cells = append(or.Cells, rotonde.OverviewCell{Label: c.Label, Count: c.Count})
			}
			ot.Rows = append(ot.Rows, or)
		}
		out = append(out, ot)
	}
	return out
}

// signalsStale is how long a case's summarised signals are kept before
// they are computed again even when its timeline did not change (the
// signals count time up to today, and a removed event leaves no trace).
const signalsStale = 24 * time.Hour

// RefreshSignals computes again the stagnation signals of at most limit
// cases that are not closed and whose summary is missing, older than a
// day, or older than a change to their timeline, and stores which signals
// each case's timeline shows (a signal with events behind it). It returns
// how many cases it refreshed; `rotonde serve` runs it every few minutes.
func (db *NetworkService) RefreshSignals(ctx context.Context, now time.Time, limit int) (int, error) {
	ids, err := db.reader.ids(ctx, `SELECT c.id FROM cases c WHERE c.status <> 'closed' AND (c.signals_at IS NULL OR c.signals_at < ?
		OR EXISTS (SELECT 1 FROM timeline_events e WHERE e.case_id = c.id AND e.updated_at > c.signals_at)) ORDER BY c.id LIMIT ?`,
		now.Add(-signalsStale), limit)
	if err != nil {
		return 0, fmt.Errorf("cases to summarise: %w", err)
	}
	for _, id := range ids {
		entries, err := queryEntries(ctx, db.reader, `SELECT `+eventColumns+` FROM timeline_events e WHERE e.case_id = ?`+timelineOrder, id)
		if err != nil {
			return 0, fmt.Errorf("timeline of case %d: %w", id, err)
		}
		keys := SignalKeys(entries, now)
		err = db.WriteTx(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(ctx, `DELETE FROM case_signals WHERE case_id = ?`, id); err != nil {
				return err
			}
			for _, k := range keys {
				if _, err := tx.Exec(ctx, `INSERT INTO case_signals (case_id, signal) VALUES (?, ?)`, id, k); err != nil {
					return err
				}
			}
			return retallyCase(ctx, tx, id, func() error {
				_, err := tx.Exec(ctx, `UPDATE cases SET signals_at = ?, signal_kinds = ? WHERE id = ?`, now, mask(overviewSignal, keys), id)
				return err
			})
		})
		if err != nil {
			return 0, fmt.Errorf("signals of case %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// SignalKeys returns the keys of the signals a timeline shows: those with
// events behind them.
func SignalKeys(entries []timeline.Entry, now time.Time) []string {
	events := make([]timeline.Event, len(entries))
	for i := range entries {
		events[i] = entries[i].Event
	}
	var out []string
	for _, s := range signal.Compute(events, signal.Options{Now: now}) {
		if len(s.EventIDs) > 0 {
			out = append(out, s.Key)
		}
	}
	return out
}
