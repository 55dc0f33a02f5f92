package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// AgendaService keeps the regions' development agendas (rotonde.AgendaService).
type AgendaService struct{ *store }

var _ rotonde.AgendaService = (*AgendaService)(nil)

// agendaSeat is where the actor sits: their organisation and its region.
type agendaSeat struct {
	org, region int64
	regionName  string
	write       bool
}

// seat finds the actor's organisation and region; ENotFound for someone
// who does not read an agenda.
func (db *AgendaService) seat(ctx context.Context, q *Tx, actor *rotonde.User) (*agendaSeat, error) {
	if actor == nil || actor.Disabled || !rotonde.CanReadAgenda(actor.Role) {
		return nil, notFound("err.agenda.not_found")
	}
	s := &agendaSeat{write: rotonde.CanWriteAgenda(actor.Role)}
	err := q.QueryRow(ctx, `SELECT o.id, r.id, r.name FROM users u JOIN organisations o ON o.id = u.org_id JOIN regions r ON r.id = o.region_id
		WHERE u.id = ?`, actor.ID).Scan(&s.org, &s.region, &s.regionName)
	if isNoRows(err) {
		return nil, notFound("err.agenda.not_found")
	}
	return s, err
}

// writer finds the actor's seat and refuses a reader who may not write.
func (db *AgendaService) writer(ctx context.Context, tx *Tx, actor *rotonde.User) (*agendaSeat, error) {
	s, err := db.seat(ctx, tx, actor)
	if err == nil && !s.write {
		err = rotonde.E(rotonde.EForbidden, "err.agenda.only_administrators_write")
	}
	return s, err
}

// Agenda returns the agenda of the actor's region for a year.
func (db *AgendaService) Agenda(ctx context.Context, actor *rotonde.User, year int) (*rotonde.Agenda, error) {
	if err := rotonde.CheckAgendaYear(year); err != nil {
		return nil, err
	}
	s, err := db.seat(ctx, db.reader, actor)
	if err != nil {
		return nil, err
	}
	a := &rotonde.Agenda{RegionID: s.region, RegionName: s.regionName, Year: year}
	if s.write {
		a.OwnOrg = s.org
	}
	at := map[int64]int{}
	if err := db.each(ctx, db.reader, `SELECT id, name, kind FROM organisations WHERE region_id = ? ORDER BY kind = 'municipality' DESC, name, id`,
		[]any{s.region}, func(r *sql.Rows) error {
			var p rotonde.AgendaParty
			var kind string
			if err := r.Scan(&p.OrgID, &p.Name, &kind); err != nil {
				return err
			}
			p.Kind = rotonde.OrgKind(kind)
			at[p.OrgID] = len(a.Parties)
			a.Parties = append(a.Parties, p)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("parties: %w", err)
	}
	if err := db.each(ctx, db.reader, `SELECT i.id, p.org_id, i.body, i.created_at FROM agenda_items i JOIN agenda_plans p ON p.id = i.plan_id
		JOIN organisations o ON o.id = p.org_id WHERE o.region_id = ? AND p.year = ? ORDER BY i.id`, []any{s.region, year}, func(r *sql.Rows) error {
		var it rotonde.AgendaItem
		if err := r.Scan(&it.ID, &it.OrgID, &it.Body, &it.CreatedAt); err != nil {
			return err
		}
		if i, ok := at[it.OrgID]; ok {
			a.Parties[i].Items = append(a.Parties[i].Items, it)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	if err := db.each(ctx, db.reader, `SELECT q.id, q.year, q.from_org, q.to_org, f.name, t.name, q.question, q.answer, q.asked_at, q.answered_at
		FROM agenda_questions q JOIN organisations f ON f.id = q.from_org JOIN organisations t ON t.id = q.to_org
		WHERE t.region_id = ? AND f.region_id = ? AND q.year = ? ORDER BY q.id`, []any{s.region, s.region, year}, func(r *sql.Rows) error {
		var q rotonde.AgendaQuestion
		var answered sql.NullTime
		if err := r.Scan(&q.ID, &q.Year, &q.FromOrg, &q.ToOrg, &q.FromName, &q.ToName, &q.Question, &q.Answer, &q.AskedAt, &answered); err != nil {
			return err
		}
		q.AnsweredAt = answered.Time
		a.Questions = append(a.Questions, q)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	return a, nil
}

// AddAgendaItem adds a point to the plan of the actor's organisation.
func (db *AgendaService) AddAgendaItem(ctx context.Context, actor *rotonde.User, year int, body string) (*rotonde.AgendaItem, error) {
	if err := rotonde.CheckAgendaYear(year); err != nil {
		return nil, err
	}
	body, err := rotonde.CheckAgendaText(body)
	if err != nil {
		return nil, err
	}
	it := &rotonde.AgendaItem{Body: body}
	err = db.WriteTx(ctx, func(tx *Tx) error {
		s, err := db.writer(ctx, tx, actor)
		if err != nil {
			return err
		}
		now := db.Now()
		it.OrgID, it.CreatedAt = s.org, now
		if _, err := tx.Exec(ctx, `INSERT INTO agenda_plans (org_id, year, created_by, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id, year) DO NOTHING`, s.org, year, actor.ID, now); err != nil {
			return err
		}
		var plan int64
		var n int
		if err := tx.QueryRow(ctx, `SELECT p.id, (SELECT COUNT(*) FROM agenda_items i WHERE i.plan_id = p.id) FROM agenda_plans p
			WHERE p.org_id = ? AND p.year = ?`, s.org, year).Scan(&plan, &n); err != nil {
			return err
		}
		if n >= rotonde.MaxAgendaItems {
			return rotonde.ECount(rotonde.EInvalid, "err.agenda.too_many_items", rotonde.MaxAgendaItems)
		}
		return tx.QueryRow(ctx, `INSERT INTO agenda_items (plan_id, body, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			plan, body, actor.ID, now).Scan(&it.ID)
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// DeleteAgendaItem removes a point of the plan of the actor's organisation.
func (db *AgendaService) DeleteAgendaItem(ctx context.Context, actor *rotonde.User, itemID int64) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		s, err := db.writer(ctx, tx, actor)
		if err != nil {
			return err
		}
		return execOne(ctx, tx, notFound("err.agenda.item_not_found"), `DELETE FROM agenda_items WHERE id = ? AND plan_id IN (SELECT id FROM agenda_plans WHERE org_id = ?)`, itemID, s.org)
	})
}

// AskAgendaQuestion puts a question to another party of the region.
func (db *AgendaService) AskAgendaQuestion(ctx context.Context, actor *rotonde.User, q *rotonde.AgendaQuestion) error {
	if err := rotonde.CheckAgendaYear(q.Year); err != nil {
		return err
	}
	text, err := rotonde.CheckAgendaText(q.Question)
	if err != nil {
		return err
	}
	q.Question = text
	return db.WriteTx(ctx, func(tx *Tx) error {
		s, err := db.writer(ctx, tx, actor)
		if err != nil {
			return err
		}
		var region sql.NullInt64
		err = tx.QueryRow(ctx, `SELECT region_id FROM organisations WHERE id = ?`, q.ToOrg).Scan(&region)
		if isNoRows(err) || (err == nil && (region.Int64 != s.region || q.ToOrg == s.org)) {
			return rotonde.E(rotonde.EInvalid, "err.agenda.choose_other_party")
		}
		if err != nil {
			return err
		}
		q.FromOrg, q.AskedAt = s.org, db.Now()
		return tx.QueryRow(ctx, `INSERT INTO agenda_questions (year, from_org, to_org, question, asked_by, asked_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			q.Year, q.FromOrg, q.ToOrg, q.Question, actor.ID, q.AskedAt).Scan(&q.ID)
	})
}

// AnswerAgendaQuestion answers a question put to the actor's organisation.
func (db *AgendaService) AnswerAgendaQuestion(ctx context.Context, actor *rotonde.User, questionID int64, answer string) error {
	answer, err := rotonde.CheckAgendaText(answer)
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		s, err := db.seat(ctx, tx, actor)
		if err != nil {
			return err
		}
		var to int64
		err = tx.QueryRow(ctx, `SELECT q.to_org FROM agenda_questions q JOIN organisations f ON f.id = q.from_org
			WHERE q.id = ? AND f.region_id = ?`, questionID, s.region).Scan(&to)
		if isNoRows(err) {
			return notFound("err.agenda.question_not_found")
		}
		if err != nil {
			return err
		}
		if to != s.org || !s.write {
			return rotonde.E(rotonde.EForbidden, "err.agenda.only_asked_party_answers")
		}
		_, err = tx.Exec(ctx, `UPDATE agenda_questions SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?`, answer, actor.ID, db.Now(), questionID)
		return err
	})
}
