package method

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// StoredOverride is an organisation's stored override of the method library.
type StoredOverride struct {
	OrgID int64
	Terms []Term
	// Patch is a partial library document (see Override); "{}" when the
	// organisation only replaces words.
	Patch json.RawMessage
	// Digest identifies the content: equal digests mean equal libraries, so
	// a server can check cheaply whether its merged copy is still current.
	Digest    string
	UpdatedAt time.Time
	UpdatedBy int64
}

// Override returns the stored override in the form Merge takes.
func (o *StoredOverride) Override(name string) Override {
	return Override{Name: name, Terms: o.Terms, Patch: o.Patch}
}

// MaxStoredOverride bounds the stored JSON (terms and patch together).
const MaxStoredOverride = 512 << 10

// Store keeps each organisation's own wording of the method library.
type Store interface {
	// MethodOverride returns an organisation's override for its
	// administrators (and the system administrator); others get
	// EForbidden, an organisation without one ENotFound.
	MethodOverride(ctx context.Context, actor *rotonde.User, orgID int64) (*StoredOverride, error)
	// SaveMethodOverride validates o by merging it onto the standard
	// library and stores it; nothing is stored when that fails.
	SaveMethodOverride(ctx context.Context, actor *rotonde.User, orgID int64, o Override) (*StoredOverride, error)
	DeleteMethodOverride(ctx context.Context, actor *rotonde.User, orgID int64) error
	// OrgMethodOverride and MethodOverrideDigest read an organisation's
	// override for the pages of its members, without an access check.
	OrgMethodOverride(ctx context.Context, orgID int64) (*StoredOverride, error)
	MethodOverrideDigest(ctx context.Context, orgID int64) (string, error)
}

// standard is the embedded library, read once and never changed.
var standard = sync.OnceValues(Load)

// ResetPatch returns the patch that brings an organisation back to the
// standard library while keeping its own cards and tension fields, hidden,
// with the sources they credit: they stay resolvable for stored meetings and
// placements but are no longer offered. It returns "" when nothing needs
// keeping, so that the override can simply be removed.
func ResetPatch(patch json.RawMessage) (json.RawMessage, error) {
	base, err := standard()
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if len(bytes.TrimSpace(patch)) == 0 || json.Unmarshal(patch, &doc) != nil {
		return nil, nil
	}
	keep := func(name string, isBase func(string) bool, hide bool) []map[string]any {
		var items []map[string]any
		if json.Unmarshal(doc[name], &items) != nil {
			return nil
		}
		var out []map[string]any
		for _, it := range items {
			k, _ := it["key"].(string)
			if k == "" || isBase(k) {
				continue
			}
			if hide {
				it["hidden"] = true
			}
			out = append(out, it)
		}
		return out
	}
	cards := keep("cards", func(k string) bool { _, ok := base.Card(k); return ok }, true)
	fields := keep("fields", func(k string) bool { _, ok := base.Field(k); return ok }, true)
	if len(cards) == 0 && len(fields) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	if len(cards) > 0 {
		out["cards"] = cards
	}
	if len(fields) > 0 {
		out["fields"] = fields
	}
	if sources := keep("sources", func(k string) bool { _, ok := base.Source(k); return ok }, false); len(sources) > 0 {
		out["sources"] = sources
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return b, nil
}
