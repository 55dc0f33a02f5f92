package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// demoLogin logs in with the form and returns the API's case list.
func demoLogin(t *testing.T, base, email string) (int, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {"demo-rotonde"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = c.Get(base + "/api/v1/cases")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// engines are the database engines every command is tested on.
var engines = []string{"sqlite", "postgres"}

// migratedDatabase makes a new database of the engine, migrates it with
// `rotonde migrate` and returns its URL and an open connection to it, which
// the caller closes.
func migratedDatabase(t *testing.T, engine string) (string, *sqldb.DB) {
	t.Helper()
	url := "sqlite:" + filepath.Join(t.TempDir(), "rotonde.db")
	if engine == "postgres" {
		url = pgtest.NewDatabase(t)
	}
	if code, out, stderr := runCLI(t, "migrate", "--database-url", url); code != 0 {
		t.Fatalf("migrate: %d %q %q", code, out, stderr)
	}
	return url, mustOpen(t, url)
}

// mustOpen opens the database at url with openDatabase, as serve does; the
// caller closes it.
func mustOpen(t *testing.T, url string) *sqldb.DB {
	t.Helper()
	db, err := openDatabase(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// forEachEngine runs test as a subtest on each engine, with a new migrated
// database (see migratedDatabase).
func forEachEngine(t *testing.T, test func(t *testing.T, url string, db *sqldb.DB)) {
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			url, db := migratedDatabase(t, engine)
			test(t, url, db)
		})
	}
}

// createCase brings in c as owner.
func createCase(t *testing.T, db *sqldb.DB, owner *rotonde.User, c *rotonde.Case) {
	t.Helper()
	if err := db.Cases.CreateCase(context.Background(), owner, c); err != nil {
		t.Fatal(err)
	}
}

// newOwner adds a neighbourhood team with one professional, who can bring in cases.
func newOwner(t *testing.T, db *sqldb.DB) *rotonde.User {
	t.Helper()
	org := testenv.MustOrg(t, db, "Wijkteam", rotonde.OrgNeighbourhood)
	return testenv.MustUser(t, db, &rotonde.User{Email: "o@test.nl", Name: "O", Role: rotonde.RoleProfessional, OrgID: org.ID}, "wachtwoord-1")
}
