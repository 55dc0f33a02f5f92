package sqldb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/policy"
)

// An organisation's own wording of the method library (migration 010): one
// row per organisation with the override's terms and patch as JSON text.
// Saving validates by merging onto the standard library, so what is stored
// always gives a working library; nothing is stored when it would not.

// standardLibrary is the embedded library overrides are validated against.
// It is read once and never changed (Merge does not modify its base).
var standardLibrary = sync.OnceValues(method.Load)

// StandardLibrary returns the library overrides are validated against.
func StandardLibrary() (*method.Library, error) { return standardLibrary() }

func canManageMethod(actor *rotonde.User, orgID int64) bool {
	return actor == nil || policy.CanConfigureOrganisation(actor, orgID)
}

func methodOverrideNotFound() error {
	return notFound("err.sqldb.this_organisation_uses_standard_method_without")
}

const methodOverrideColumns = `org_id, terms, patch, digest, updated_at, COALESCE(updated_by, 0)`

func scanMethodOverride(row *sql.Row) (*method.StoredOverride, error) {
	var o method.StoredOverride
	var terms, patch string
	err := row.Scan(&o.OrgID, &terms, &patch, &o.Digest, &o.UpdatedAt, &o.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, methodOverrideNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("method override: %w", err)
	}
	if err := json.Unmarshal([]byte(terms), &o.Terms); err != nil {
		return nil, fmt.Errorf("method override %d terms: %w", o.OrgID, err)
	}
	o.Patch = json.RawMessage(patch)
	o.UpdatedAt = o.UpdatedAt.UTC()
	return &o, nil
}

// method.StoredOverride returns an organisation's override for its administrators
// (and the system administrator); others get EForbidden, an organisation
// without one ENotFound.
func (db *MethodService) MethodOverride(ctx context.Context, actor *rotonde.User, orgID int64) (*method.StoredOverride, error) {
	if !canManageMethod(actor, orgID) {
		return nil, forbidden()
	}
	return db.OrgMethodOverride(ctx, orgID)
}

// OrgMethodOverride returns the override that shapes the words everyone of
// the organisation (and everyone in its meetings) sees, or ENotFound. It has
// no actor: the wording is not confidential, and it is read to show pages.
func (db *MethodService) OrgMethodOverride(ctx context.Context, orgID int64) (*method.StoredOverride, error) {
	return scanMethodOverride(db.queryRow(ctx, `SELECT `+methodOverrideColumns+` FROM method_overrides WHERE org_id = ?`, orgID))
}

// MethodOverrideDigest returns the digest of an organisation's override, or
// "" when it has none: one small read to learn whether a cached merge is current.
func (db *MethodService) MethodOverrideDigest(ctx context.Context, orgID int64) (string, error) {
	var d string
	err := db.queryRow(ctx, `SELECT digest FROM method_overrides WHERE org_id = ?`, orgID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("method override digest: %w", err)
	}
	return d, nil
}

// SaveMethodOverride replaces an organisation's override. It is validated
// by merging it onto the standard library: an override that breaks the
// library (an empty text, a duplicate key, a step without minutes, a
// misspelt field) is refused with a message saying what is wrong, and
// nothing is stored. The organisation's own cards and tension fields may be
// hidden but never left out: stored meetings and placements refer to their keys.
// An empty override (no terms, empty patch) removes the row.
func (db *MethodService) SaveMethodOverride(ctx context.Context, actor *rotonde.User, orgID int64, o method.Override) (*method.StoredOverride, error) {
	if !canManageMethod(actor, orgID) {
		return nil, forbidden()
	}
	terms, patch, err := normalizeOverride(o)
	if err != nil {
		return nil, err
	}
	stored := &method.StoredOverride{OrgID: orgID, Patch: json.RawMessage(patch), Digest: overrideDigest(terms, patch),
		UpdatedAt: db.Now().UTC(), UpdatedBy: actorID(actor)}
	if err := json.Unmarshal([]byte(terms), &stored.Terms); err != nil {
		return nil, fmt.Errorf("method override terms: %w", err)
	}
	base, err := standardLibrary()
	if err != nil {
		return nil, err
	}
	next, err := method.Merge(base, stored.Override(o.Name))
	if err != nil {
		return nil, err
	}
	if err := checkOwnSets(next); err != nil {
		return nil, err
	}
	empty := terms == "[]" && patch == "{}"
	err = db.WriteTx(ctx, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "organisations", orgID, notFound("err.sqldb.that_organisation_does_not_exist")); err != nil {
			return err
		}
		// The previous override, read in the transaction: its own cards and
		// fields must survive (hidden if need be).
		var prevTerms, prevPatch string
		err := tx.QueryRow(ctx, `SELECT terms, patch FROM method_overrides WHERE org_id = ?`+db.forUpdate(), orgID).Scan(&prevTerms, &prevPatch)
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if found {
			if err := keepsOwnItems(base, prevPatch, next); err != nil {
				return err
			}
		}
		switch {
		case empty:
			_, err = tx.Exec(ctx, `DELETE FROM method_overrides WHERE org_id = ?`, orgID)
		case found:
			_, err = tx.Exec(ctx, `UPDATE method_overrides SET terms = ?, patch = ?, digest = ?, updated_at = ?, updated_by = ? WHERE org_id = ?`,
				terms, patch, stored.Digest, stored.UpdatedAt, nullInt(stored.UpdatedBy), orgID)
		default:
			_, err = tx.Exec(ctx, `INSERT INTO method_overrides (org_id, terms, patch, digest, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)`,
				orgID, terms, patch, stored.Digest, stored.UpdatedAt, nullInt(stored.UpdatedBy))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if empty {
		stored.Digest = ""
	}
	return stored, nil
}

// DeleteMethodOverride removes an organisation's override, so that it uses
// the standard library again. It is refused while the override holds the
// organisation's own cards or tension fields: hide those instead (see
// ResetMethodPatch), since stored meetings and placements refer to them.
// Deleting what does not exist is not an error.
func (db *MethodService) DeleteMethodOverride(ctx context.Context, actor *rotonde.User, orgID int64) error {
	if !canManageMethod(actor, orgID) {
		return forbidden()
	}
	base, err := standardLibrary()
	if err != nil {
		return err
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		var prevPatch string
		err := tx.QueryRow(ctx, `SELECT patch FROM method_overrides WHERE org_id = ?`+db.forUpdate(), orgID).Scan(&prevPatch)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := keepsOwnItems(base, prevPatch, base); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM method_overrides WHERE org_id = ?`, orgID)
		return err
	})
}

// OwnFieldKeys returns the keys of the tension fields an organisation added
// itself (hidden ones too): placements on them are as valid as on the
// standard fields. An organisation without an override has none.
func (db *MethodService) OwnFieldKeys(ctx context.Context, orgID int64) (map[string]bool, error) {
	if orgID == 0 {
		return nil, nil
	}
	var patch string
	err := db.queryRow(ctx, `SELECT patch FROM method_overrides WHERE org_id = ?`, orgID).Scan(&patch)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("own tension fields: %w", err)
	}
	base, err := standardLibrary()
	if err != nil {
		return nil, err
	}
	own := ownKeys(base, patch)
	return own.fields, nil
}

// normalizeOverride returns the terms and patch as compact JSON text,
// dropping empty term rows; an absent patch becomes "{}".
func normalizeOverride(o method.Override) (terms, patch string, err error) {
	kept := make([]method.Term, 0, len(o.Terms))
	for _, t := range o.Terms {
		t.From.NL, t.From.EN = strings.TrimSpace(t.From.NL), strings.TrimSpace(t.From.EN)
		t.To.NL, t.To.EN = strings.TrimSpace(t.To.NL), strings.TrimSpace(t.To.EN)
		if t.From.IsZero() && t.To.IsZero() {
			continue
		}
		if t.From.IsZero() {
			return "", "", rotonde.E(rotonde.EInvalid, "err.sqldb.own_word_lacks_word_it_replaces",
				strings.TrimSpace(t.To.NL+" "+t.To.EN))
		}
		kept = append(kept, t)
	}
	tb, err := json.Marshal(kept)
	if err != nil {
		return "", "", fmt.Errorf("method override terms: %w", err)
	}
	raw := bytes.TrimSpace(o.Patch)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "", "", rotonde.E(rotonde.EInvalid, "err.sqldb.method_library_override_is_not_valid", err)
	}
	if len(tb)+buf.Len() > method.MaxStoredOverride {
		return "", "", rotonde.E(rotonde.ETooLarge, "err.sqldb.method_library_override_is_too_large", method.MaxStoredOverride>>10)
	}
	return string(tb), buf.String(), nil
}

func overrideDigest(terms, patch string) string {
	h := sha256.New()
	h.Write([]byte(terms))
	h.Write([]byte{0})
	h.Write([]byte(patch))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// checkOwnSets keeps tension fields in the sets the pages know how to name.
func checkOwnSets(lib *method.Library) error {
	for _, f := range lib.Fields {
		switch f.Set {
		case method.SetCore, method.SetBestuurlijk, method.SetOwn:
		default:
			return rotonde.E(rotonde.EInvalid, "err.sqldb.tension_field_is_in_unknown_set",
				f.Key, f.Set, method.SetCore, method.SetBestuurlijk, method.SetOwn)
		}
	}
	return nil
}

type ownItemKeys struct{ cards, fields map[string]bool }

// ownKeys lists the cards and fields a patch adds to base.
func ownKeys(base *method.Library, patch string) ownItemKeys {
	out := ownItemKeys{cards: map[string]bool{}, fields: map[string]bool{}}
	doc, err := method.ParsePatch(json.RawMessage(patch))
	if err != nil {
		return out
	}
	for _, c := range doc.Cards {
		if _, ok := base.Card(c.Key); !ok && c.Key != "" {
			out.cards[c.Key] = true
		}
	}
	for _, f := range doc.Fields {
		if _, ok := base.Field(f.Key); !ok && f.Key != "" {
			out.fields[f.Key] = true
		}
	}
	return out
}

// keepsOwnItems refuses a new library that lost an own card or field of the previous patch.
func keepsOwnItems(base *method.Library, prevPatch string, next *method.Library) error {
	prev := ownKeys(base, prevPatch)
	var lost []string
	for k := range prev.cards {
		if _, ok := next.Card(k); !ok {
			lost = append(lost, k)
		}
	}
	for k := range prev.fields {
		if _, ok := next.Field(k); !ok {
			lost = append(lost, k)
		}
	}
	if len(lost) == 0 {
		return nil
	}
	sort.Strings(lost)
	return rotonde.E(rotonde.EInvalid, "err.sqldb.own_work_cards_and_tension_fields",
		strings.Join(lost, ", "))
}
