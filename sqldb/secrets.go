package sqldb

import (
	"context"
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
func (db *DB) seal(plain, ad string) (string, error) {
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
func (db *DB) open(stored, ad string) (string, error) {
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
		if db.dialect == Postgres {
			// Two instances starting together check and seal one after the other.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7042002)`); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		var check string
		err := tx.QueryRow(ctx, `SELECT value FROM meta WHERE name = ?`, keyCheckName).Scan(&check)
		first := isNoRows(err)
		switch {
		case first:
			if _, err := tx.Exec(ctx, `INSERT INTO meta (name, value) VALUES (?, ?)`, keyCheckName, s.Seal(keyCheckPlain, keyCheckAD)); err != nil {
				return fmt.Errorf("store key check: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read key check: %w", err)
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

// sealPlainValues seals the plain values of one column. Before the key check
// existed (first), a value that merely looks sealed but does not open for
// its row is plain text too; afterwards such a value is left alone, so that
// a moved or damaged ciphertext fails where it is used instead of being
// laundered into a valid one.
func sealPlainValues(ctx context.Context, tx *Tx, s *seal.Sealer, c sealedColumn, first bool) (int, error) {
	rows, err := tx.Query(ctx, `SELECT `+c.key+`, `+c.column+` FROM `+c.table)
	if err != nil {
		return 0, err
	}
	type row struct {
		id    int64
		value string
	}
	var plain []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.value); err != nil {
			rows.Close()
			return 0, err
		}
		if r.value == "" {
			continue
		}
		if seal.IsSealed(r.value) {
			if !first {
				continue
			}
			if _, err := s.Open(r.value, c.ad(r.id)); err == nil {
				continue
			}
		}
		plain = append(plain, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range plain {
		if _, err := tx.Exec(ctx, `UPDATE `+c.table+` SET `+c.column+` = ? WHERE `+c.key+` = ?`, s.Seal(r.value, c.ad(r.id)), r.id); err != nil {
			return 0, err
		}
	}
	return len(plain), nil
}
