package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/rotonde-jeugd/rotonde/seal"
)

// Secrets at rest: the columns below hold values sealed by a seal.Sealer,
// each bound to its row (additional data), so a ciphertext copied into
// another row does not open there.

// ErrWrongKey: the key given does not open the database's key check, so it
// is not the key the stored secrets were sealed with.
var ErrWrongKey = errors.New("the key does not match this database's key check")

const (
	keyCheckName  = "key_check"
	keyCheckPlain = "rotonde key check v1"
	keyCheckAD    = "meta.value/name=key_check"
)

func totpAD(userID int64) string {
	return "totp_secrets.secret/user_id=" + strconv.FormatInt(userID, 10)
}

func ssoSecretAD(orgID int64) string {
	return "sso_configs.client_secret/org_id=" + strconv.FormatInt(orgID, 10)
}

func errNoSealer() error {
	return errors.New("sqldb: no key for secrets at rest was given (UseSealer)")
}

// seal encrypts a secret for the row ad names; "" stays "".
func (db *store) seal(plain, ad string) (string, error) {
	if plain == "" {
		return "", nil
	}
	s := db.sealer.Load()
	if s == nil {
		return "", errNoSealer()
	}
	return s.Seal(plain, ad), nil
}

// open decrypts a stored secret of the row ad names; "" stays "". The error
// names the row, never the value.
func (db *store) open(stored, ad string) (string, error) {
	if stored == "" {
		return "", nil
	}
	s := db.sealer.Load()
	if s == nil {
		return "", errNoSealer()
	}
	v, err := s.Open(stored, ad)
	if err != nil {
		return "", fmt.Errorf("secret of %s: %w", ad, err)
	}
	return v, nil
}

// sealedColumn is a table column holding sealed secrets, keyed by one
// integer column that is also the additional data.
type sealedColumn struct {
	table, key, column string
	ad                 func(int64) string
}

var sealedColumns = []sealedColumn{
	{"totp_secrets", "user_id", "secret", totpAD},
	{"sso_configs", "org_id", "client_secret", ssoSecretAD},
	{"mail_outbox", "id", "payload", mailAD}, // sqldb/outbox.go
}

// UseSealer gives the database the key for its secrets at rest, in one
// transaction:
//
//   - the first time, it stores a key check (a known text sealed with the
//     key); later it opens that check and returns ErrWrongKey when the key
//     is another one, before anything else is touched;
//   - it seals in place every secret still stored in plain text (databases
//     from before secrets were encrypted) and returns how many it sealed.
//
// It is idempotent: a second call with the same key seals nothing.
// Without a sealer, reading or writing a secret fails.
func (db *DB) UseSealer(ctx context.Context, s *seal.Sealer) (int, error) {
	if s == nil {
		return 0, errors.New("sqldb: UseSealer needs a sealer")
	}
	sealed := 0
	err := db.WriteTx(ctx, func(tx *Tx) error {
		check, err := db.lockedKeyCheck(ctx, tx)
		first := isNoRows(err)
		switch {
		case first:
			if _, err := tx.Exec(ctx, `INSERT INTO meta (name, value) VALUES (?, ?)`, keyCheckName, s.Seal(keyCheckPlain, keyCheckAD)); err != nil {
				return fmt.Errorf("store key check: %w", err)
			}
		case err != nil:
			return err
		default:
			if v, err := s.Open(check, keyCheckAD); err != nil || v != keyCheckPlain {
				return ErrWrongKey
			}
		}
		for _, c := range sealedColumns {
			n, err := sealPlainValues(ctx, tx, s, c, first)
			if err != nil {
				return fmt.Errorf("seal %s.%s: %w", c.table, c.column, err)
			}
			sealed += n
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	db.sealer.Store(s)
	return sealed, nil
}

// lockedKeyCheck reads the stored key check in tx, on PostgreSQL under an
// advisory lock first, so that two instances starting together (or a
// re-key beside a start) check and seal one after the other. It returns
// an error that is sql.ErrNoRows when the database has no key check yet.
func (db *DB) lockedKeyCheck(ctx context.Context, tx *Tx) (string, error) {
	if db.dialect == Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7042002)`); err != nil {
			return "", fmt.Errorf("lock: %w", err)
		}
	}
	var check string
	if err := tx.QueryRow(ctx, `SELECT value FROM meta WHERE name = ?`, keyCheckName).Scan(&check); err != nil {
		return "", fmt.Errorf("read key check: %w", err)
	}
	return check, nil
}

// sealPlainValues seals the plain values of one column. Before the key check
// existed (first), a value that merely looks sealed but does not open for
// its row is plain text too; afterwards such a value is left alone, so that
// a moved or damaged ciphertext fails where it is used instead of being
// laundered into a valid one.
func sealPlainValues(ctx context.Context, tx *Tx, s *seal.Sealer, c sealedColumn, first bool) (int, error) {
	all, err := readSealedColumn(ctx, tx, c)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range all {
		if seal.IsSealed(r.value) {
			if !first {
				continue
			}
			if _, err := s.Open(r.value, c.ad(r.id)); err == nil {
				continue
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE `+c.table+` SET `+c.column+` = ? WHERE `+c.key+` = ?`, s.Seal(r.value, c.ad(r.id)), r.id); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

type sealedValue struct {
	id    int64
	value string
}

// readSealedColumn reads the non-empty values of a sealed column.
func readSealedColumn(ctx context.Context, tx *Tx, c sealedColumn) ([]sealedValue, error) {
	var out []sealedValue
	err := eachRow(ctx, tx, func(rows *sql.Rows) error {
		var r sealedValue
		if err := rows.Scan(&r.id, &r.value); err != nil {
			return err
		}
		if r.value != "" {
			out = append(out, r)
		}
		return nil
	}, `SELECT `+c.key+`, `+c.column+` FROM `+c.table)
	return out, err
}

// Rekey re-seals every secret at rest and the key check from the old key
// to the new one, all in one transaction: it fails with ErrWrongKey (and
// changes nothing) when old does not open the key check, and fails as a
// whole when any stored secret does not open with old. Instances still
// running with the old key cannot read the new secrets; stop them first.
// The database keeps using the new key afterwards.
func (db *DB) Rekey(ctx context.Context, old, next *seal.Sealer) (int, error) {
	if old == nil || next == nil {
		return 0, errors.New("sqldb: Rekey needs the old and the new key")
	}
	n := 0
	err := db.WriteTx(ctx, func(tx *Tx) error {
		check, err := db.lockedKeyCheck(ctx, tx)
		if err != nil {
			if isNoRows(err) {
				return errors.New("this database has no key yet: start it once with its key (rotonde migrate or serve) before changing the key")
			}
			return err
		}
		if v, err := old.Open(check, keyCheckAD); err != nil || v != keyCheckPlain {
			return ErrWrongKey
		}
		for _, c := range sealedColumns {
			m, err := resealColumn(ctx, tx, old, next, c)
			if err != nil {
				return fmt.Errorf("re-seal %s.%s: %w", c.table, c.column, err)
			}
			n += m
		}
		_, err = tx.Exec(ctx, `UPDATE meta SET value = ? WHERE name = ?`, next.Seal(keyCheckPlain, keyCheckAD), keyCheckName)
		return err
	})
	if err != nil {
		return 0, err
	}
	db.sealer.Store(next)
	return n, nil
}

// resealColumn opens every value of one column with old and seals it with
// next. A plain value (from before secrets were sealed) is sealed too.
func resealColumn(ctx context.Context, tx *Tx, old, next *seal.Sealer, c sealedColumn) (int, error) {
	all, err := readSealedColumn(ctx, tx, c)
	if err != nil {
		return 0, err
	}
	for _, r := range all {
		plain := r.value
		if seal.IsSealed(r.value) {
			if plain, err = old.Open(r.value, c.ad(r.id)); err != nil {
				return 0, fmt.Errorf("%s does not open with the old key: %w", c.ad(r.id), err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE `+c.table+` SET `+c.column+` = ? WHERE `+c.key+` = ?`, next.Seal(plain, c.ad(r.id)), r.id); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}
