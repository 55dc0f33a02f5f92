package sqldb

import "context"

// scanner is one row of a query: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// queryList runs a query in q and returns its rows, each read by scan.
func queryList[T any](ctx context.Context, q *Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := scanRows(ctx, q, func(s scanner) error {
		v, err := scan(s)
		if err == nil {
			out = append(out, v)
		}
		return err
	}, query, args...)
	return out, err
}
