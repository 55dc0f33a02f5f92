package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/dutch"
	"github.com/rotonde-jeugd/rotonde/search"
)

// searchParallel is how many queries one search runs at once, each over its
// share of the reader's cases. A reader of many cases spends most of a
// search descending the term index once per case; two connections do that
// on two cores at the same time.
const searchParallel = 2

// searchPart is part k of a search split into `of` parts by case id.
type searchPart struct{ k, of int }

// cond limits a scope's case ids (column case_id of alias) to this part.
func (p searchPart) cond(alias string) string {
	if p.of <= 1 {
		return ""
	}
	return ` AND ` + alias + `.case_id % ? = ?`
}

func (p searchPart) args() []any {
	if p.of <= 1 {
		return nil
	}
	return []any{p.of, p.k}
}

// searchParts runs the parts of a search at once and merges their rows in
// the order one query would give: score, then newest, then "case" before
// "region"; at most limit rows, as that query's LIMIT.
func (db *SearchService) searchParts(ctx context.Context, actor *rotonde.User, q dutch.Query, kind search.Kind, limit int) ([]foundDoc, error) {
	parts := make([][]foundDoc, searchParallel)
	errs := make([]error, searchParallel)
	var wg sync.WaitGroup
	for k := range searchParallel {
		wg.Go(func() {
			query, args, err := db.searchQuery(ctx, actor, q, kind, limit, searchPart{k: k, of: searchParallel})
			if err != nil {
				errs[k] = err
				return
			}
			rows, err := db.query(ctx, query, args...)
			if err != nil {
				errs[k] = fmt.Errorf("search: %w", err)
				return
			}
			parts[k], errs[k] = scanFound(rows)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	found := slices.Concat(parts...)
	slices.SortFunc(found, func(a, b foundDoc) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.docID, a.docID), cmp.Compare(a.via, b.via))
	})
	return found[:min(len(found), limit)], nil
}
