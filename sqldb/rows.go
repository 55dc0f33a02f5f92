package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// scanner is one row of a query: *sql.Row or *sql.Rows.
type scanner = interface{ Scan(dest ...any) error }

// eachRow runs a query in q and calls fn for every row.
func eachRow(ctx context.Context, q *Tx, fn func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// queryList runs a query in q and returns its rows, each read by scan.
func queryList[T any](ctx context.Context, q *Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		v, err := scan(r)
		if err == nil {
			out = append(out, v)
		}
		return err
	}, query, args...)
	return out, err
}

// queryColumn runs a query of one column in q and returns its values.
func queryColumn[T any](ctx context.Context, q *Tx, query string, args ...any) ([]T, error) {
	return queryList(ctx, q, func(r scanner) (v T, err error) {
		err = r.Scan(&v)
		return v, err
	}, query, args...)
}

// ids runs a query of one id column in t and returns the ids.
func (t *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	return queryColumn[int64](ctx, t, q, args...)
}

// scanValues reads one row of n columns as the driver returns them.
func scanValues(r scanner, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := r.Scan(ptrs...)
	return vals, err
}

// orEmpty returns list, or an empty list instead of nil, for the lists
// whose callers are promised a non-nil slice even when there are no rows.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// caseList lists rows of a case the actor may read: after the read-access
// check it runs query on the read pool with caseID as its one argument and
// reads each row with scan; what names the list in an error.
func caseList[T any](ctx context.Context, db *store, actor *rotonde.User, caseID int64, what string, scan func(scanner) (T, error), query string) ([]T, error) {
	if _, err := db.readAccess(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return readList(ctx, db, what, scan, query, caseID)
}

// readList runs query on the read pool and reads each row with scan; what
// names the list in an error.
func readList[T any](ctx context.Context, db *store, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	out, err := queryList(ctx, db.reader, scan, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// execOne runs a change in tx that must touch a row; missing is the error when it touched none.
func execOne(ctx context.Context, tx *Tx, missing error, query string, args ...any) error {
	res, err := tx.Exec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return missing
	}
	return nil
}

// mayWriteAs checks, in tx, that the actor may write in the case and that
// the actor's role there passes allowed; refused is the catalogue key of the
// refusal otherwise.
func (db *store) mayWriteAs(ctx context.Context, tx *Tx, actor *rotonde.User, caseID int64, allowed func(rotonde.MemberRole) bool, refused string) error {
	role, err := db.writeAccess(ctx, tx, actor, caseID)
	if err != nil {
		return err
	}
	if !allowed(role) {
		return rotonde.E(rotonde.EForbidden, refused)
	}
	return nil
}

// caseChange runs fn in a write transaction once the actor's role in the
// case passes allowed (refused is the refusal's catalogue key otherwise),
// then brings the case's summary for the network view in step (summarise,
// when not nil) and marks the case as changed.
func (db *store) caseChange(ctx context.Context, actor *rotonde.User, caseID int64, allowed func(rotonde.MemberRole) bool, refused string,
	summarise func(context.Context, *Tx, int64) error, fn func(tx *Tx) error) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := db.mayWriteAs(ctx, tx, actor, caseID, allowed, refused); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if summarise != nil {
			if err := summarise(ctx, tx, caseID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, db.Now(), caseID)
		return err
	})
}

// mustExist returns missing when table has no row with the id.
func mustExist(ctx context.Context, tx *Tx, table string, id int64, missing error) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return missing
	}
	return nil
}
