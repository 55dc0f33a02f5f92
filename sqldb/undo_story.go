package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// storyUndo is what publishing a withdrawn story again needs: who in the
// family gave the consent, and a digest of the text they approved (the
// record does not keep the text itself).
type storyUndo struct {
	GivenBy string `json:"given_by"`
	Text    string `json:"text"`
}

// storyDigest is the digest of a story's title and body.
func storyDigest(title, body string) string {
	h := sha256.Sum256([]byte(title + "\x00" + body))
	return hex.EncodeToString(h[:])
}

// noteStoryWithdrawal notes a published story about to be withdrawn, named by its title.
func (db *store) noteStoryWithdrawal(ctx context.Context, tx *Tx, actor *rotonde.User, caseID, storyID int64) error {
	var title, body string
	var givenBy sql.NullString
	err := tx.QueryRow(ctx, `SELECT title, body, consent_given_by FROM case_stories WHERE id = ? AND case_id = ? AND published_at IS NOT NULL`,
		storyID, caseID).Scan(&title, &body, &givenBy)
	if isNoRows(err) {
		return notFound("err.sqldb.this_story_does_not_exist")
	}
	if err != nil {
		return err
	}
	return db.noteUndo(ctx, tx, actor, caseID, rotonde.UndoStory, storyID, title, storyUndo{GivenBy: givenBy.String, Text: storyDigest(title, body)})
}

// undoStoryWithdrawal publishes a withdrawn story again, under today's
// rules: a writer of the case may, the case's municipality must lie in a
// region, and the family's consent must still be the one recorded for this
// text (the story was not changed or published again since it was
// withdrawn). Otherwise it stays a draft, to publish with consent recorded
// anew.
func (db *store) undoStoryWithdrawal(ctx context.Context, tx *Tx, actor *rotonde.User, role rotonde.MemberRole, u rotonde.Undo, payload string) error {
	if !policy.CanWriteStory(role) {
		return rotonde.E(rotonde.EForbidden, "err.undo.story_writers")
	}
	var p storyUndo
	if err := json.Unmarshal([]byte(payload), &p); err != nil {
		return fmt.Errorf("undo %d: %w", u.ID, err)
	}
	var title, body string
	var givenBy sql.NullString
	var published sql.NullTime
	err := tx.QueryRow(ctx, `SELECT title, body, consent_given_by, published_at FROM case_stories WHERE id = ? AND case_id = ?`,
		u.Target, u.CaseID).Scan(&title, &body, &givenBy, &published)
	if isNoRows(err) {
		return notFound("err.undo.gone")
	}
	if err != nil {
		return err
	}
	if published.Valid {
		return rotonde.E(rotonde.EConflict, "err.undo.story_published", u.Label)
	}
	if !givenBy.Valid || givenBy.String == "" || givenBy.String != p.GivenBy || storyDigest(title, body) != p.Text {
		return rotonde.E(rotonde.EConflict, "err.undo.story_consent", u.Label)
	}
	var region sql.NullInt64
	err = tx.QueryRow(ctx, `SELECT o.region_id FROM cases c JOIN organisations o ON o.id = c.municipality_id WHERE c.id = ?`, u.CaseID).Scan(&region)
	if isNoRows(err) || (err == nil && !region.Valid) {
		return rotonde.E(rotonde.EConflict, "err.sqldb.story_needs_municipality_in_region")
	}
	if err != nil {
		return err
	}
	now := db.Now()
	if _, err := tx.Exec(ctx, `UPDATE case_stories SET region_id = ?, published_by = ?, published_at = ?, updated_by = ?, updated_at = ?
		WHERE id = ? AND published_at IS NULL`, region.Int64, actor.ID, now, actor.ID, now, u.Target); err != nil {
		return err
	}
	return tx.indexStory(ctx, u.Target) // read in the region again
}
