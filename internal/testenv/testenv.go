// Package testenv opens real Rotonde databases for tests: a SQLite file in a
// temporary folder and a fresh PostgreSQL database (see internal/pgtest).
package testenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

// Engine names a storage engine and opens a fresh, migrated database on it.
type Engine struct {
	Name string
	Open func(tb testing.TB) *sqldb.DB
}

// Engines lists both engines. PostgreSQL skips outside CI when no server is
// available and fails under CI=true (pgtest decides).
func Engines() []Engine {
	return []Engine{{"sqlite", OpenSQLite}, {"postgres", OpenPostgres}}
}

// ForEach runs fn as a subtest on every engine.
func ForEach(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
}

// OpenSQLite opens a migrated SQLite file in a temporary folder.
func OpenSQLite(tb testing.TB) *sqldb.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "rotonde.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return migrated(tb, db)
}

// OpenSQLiteCopy opens a copy of the SQLite file at template (written by a
// closed database, so without a write-ahead log), migrated and unlocked.
func OpenSQLiteCopy(tb testing.TB, template string) *sqldb.DB {
	tb.Helper()
	data, err := os.ReadFile(template)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "rotonde.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	return migrated(tb, db)
}

// OpenPostgres opens a migrated, fresh PostgreSQL database.
func OpenPostgres(tb testing.TB) *sqldb.DB {
	tb.Helper()
	url := pgtest.NewDatabase(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	return migrated(tb, db)
}

func migrated(tb testing.TB, db *sqldb.DB) *sqldb.DB {
	tb.Helper()
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	Unlock(tb, db)
	return db
}

// Key is the key the test databases seal their secrets with. It is fixed, so
// that a test may reopen a database file and unlock it again; it protects
// nothing.
var Key = []byte("rotonde-test-key-0123456789abcde")

// Sealer returns a sealer for Key.
func Sealer() *seal.Sealer {
	s, err := seal.New(Key)
	if err != nil {
		panic(err)
	}
	return s
}

// Unlock gives a migrated database the test sealer (see sqldb.UseSealer).
func Unlock(tb testing.TB, db *sqldb.DB) {
	tb.Helper()
	if _, err := db.UseSealer(context.Background(), Sealer()); err != nil {
		tb.Fatal(err)
	}
}

// FastHash is a cheap argon2id setting for tests: the real cost is tested in package password.
var FastHash = password.Params{Memory: 512, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// HashPassword hashes with FastHash.
func HashPassword(pw string) (string, error) { return password.Hash(pw, FastHash) }

// MustUser creates a user with the given password or fails the test.
func MustUser(tb testing.TB, db *sqldb.DB, u *rotonde.User, pw string) *rotonde.User {
	tb.Helper()
	h, err := HashPassword(pw)
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.Users.CreateUser(context.Background(), nil, u, h); err != nil {
		tb.Fatalf("create user %s: %v", u.Email, err)
	}
	return u
}

// MustOrg creates an organisation or fails the test.
func MustOrg(tb testing.TB, db *sqldb.DB, name string, kind rotonde.OrgKind) *rotonde.Organisation {
	tb.Helper()
	o := &rotonde.Organisation{Name: name, Kind: kind}
	if err := db.Orgs.CreateOrganisation(context.Background(), nil, o); err != nil {
		tb.Fatalf("create organisation %s: %v", name, err)
	}
	return o
}
