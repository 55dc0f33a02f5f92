package web

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// The case list of the API comes in pages: ?limit=N (default and most
// defaultPageSize and maxPageSize) and ?cursor=C, the next_cursor of the
// page before. Cases come in the order they were made (by id), so a case
// made or changed between two requests neither repeats nor goes missing.
const (
	defaultPageSize = 100
	maxPageSize     = 500
)

// pageCases returns one page of cases and the cursor of the next page (""
// on the last one). The cursor is opaque to clients.
func pageCases(r *http.Request, cases []rotonde.Case) ([]rotonde.Case, string, error) {
	q := r.URL.Query()
	limit := defaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return nil, "", rotonde.E(rotonde.EInvalid, "err.web.limit_must_be_number_from_1", maxPageSize)
		}
		limit = n
	}
	var after int64
	if v := q.Get("cursor"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err == nil {
			after, err = strconv.ParseInt(string(b), 10, 64)
		}
		if err != nil || after < 1 {
			return nil, "", rotonde.E(rotonde.EInvalid, "err.web.this_cursor_is_not_valid_use")
		}
	}
	sorted := slices.Clone(cases)
	slices.SortFunc(sorted, func(a, b rotonde.Case) int { return cmp.Compare(a.ID, b.ID) })
	start, _ := slices.BinarySearchFunc(sorted, after+1, func(c rotonde.Case, id int64) int { return cmp.Compare(c.ID, id) })
	page := sorted[start:]
	next := ""
	if len(page) > limit {
		page = page[:limit]
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(page[limit-1].ID, 10)))
	}
	return page, next, nil
}
