package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// TestDatabaseOutageIsNotALogout: when the database cannot be reached while a
// running server looks up a session or a token, the answer is 503 with
// Retry-After ("even niet bereikbaar"), never 401 or a redirect to the login,
// so that browsers and API clients keep their credentials through a blip.
func TestDatabaseOutageIsNotALogout(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := testenv.OpenSQLite(t)
		checkOutage(t, db, func() {
			// The database goes away under the running handler.
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.NewDatabase(t)
		ctx := context.Background()
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		testenv.Unlock(t, db)
		u, _ := url.Parse(dsn)
		name := strings.TrimPrefix(u.Path, "/")
		u.Path = "/postgres"
		admin, err := sql.Open("pgx", u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_, _ = admin.Exec(`ALTER DATABASE "` + name + `" ALLOW_CONNECTIONS true`)
			admin.Close()
		})
		checkOutage(t, db, func() {
			// New connections are refused and the open ones are cut, as in
			// a restart of the server.
			if _, err := admin.Exec(`ALTER DATABASE "` + name + `" ALLOW_CONNECTIONS false`); err != nil {
				t.Fatal(err)
			}
			if _, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, name); err != nil {
				t.Fatal(err)
			}
		})
	})
}

func checkOutage(t *testing.T, db *sqldb.DB, fail func()) {
	e := newEnvOn(t, db)
	ctx := context.Background()
	browser := e.login("facilitator@demo.test")
	u, _, err := db.Users.UserByEmail(ctx, "facilitator@demo.test")
	if err != nil {
		t.Fatal(err)
	}
	tok, hash := web.NewToken("rtd_")
	if err := db.Sessions.CreateAPIToken(ctx, u, &rotonde.APIToken{Name: "outage", ExpiresAt: time.Now().Add(time.Hour)}, hash); err != nil {
		t.Fatal(err)
	}
	if res, _ := e.get(browser, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("before the outage: %d", res.StatusCode)
	}

	fail()

	for _, path := range []string{"/", "/casussen/1", "/account"} {
		res, page := e.get(browser, path)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || res.Header.Get("Location") != "" {
			t.Errorf("page %s during the outage: %d, Retry-After %q, Location %q", path, res.StatusCode,
				res.Header.Get("Retry-After"), res.Header.Get("Location"))
		}
		if !strings.Contains(page, "even niet bereikbaar") {
			t.Errorf("page %s does not say that Rotonde is briefly unavailable:\n%s", path, page)
		}
		for _, c := range res.Cookies() {
			if c.MaxAge < 0 {
				t.Errorf("page %s cleared cookie %s during the outage", path, c.Name)
			}
		}
	}
	res := e.post(browser, "/casussen", url.Values{"title": {"x"}})
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("form post during the outage: %d", res.StatusCode)
	}
	for name, set := range map[string]func(*http.Request){
		"token":   func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) },
		"session": func(r *http.Request) {},
	} {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/cases", nil)
		set(req)
		c := http.DefaultClient
		if name == "session" {
			c = browser
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
			out.Error.Code != "unavailable" || !strings.Contains(out.Error.Message, "even niet bereikbaar") {
			t.Errorf("API with %s during the outage: %d %+v", name, res.StatusCode, out)
		}
	}
}
