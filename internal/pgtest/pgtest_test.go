package pgtest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", dsn, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestDatabasesAreSeparateAndDurable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsnA, dsnB := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if dsnA == dsnB {
		t.Fatalf("two calls gave the same database %s", dsnA)
	}
	a, b := connect(t, dsnA), connect(t, dsnB)

	// Fresh databases are empty: no tables besides the system catalogs.
	var n int
	if err := b.QueryRow(ctx, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("new database has %d tables in public, want 0", n)
	}

	if _, err := a.Exec(ctx, "CREATE TABLE person (alias text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec(ctx, "INSERT INTO person VALUES ($1)", "Noor (15)"); err != nil {
		t.Fatal(err)
	}
	var alias string
	if err := a.QueryRow(ctx, "SELECT alias FROM person").Scan(&alias); err != nil || alias != "Noor (15)" {
		t.Fatalf("read back from A: %q, %v", alias, err)
	}

	_, err := b.Exec(ctx, "SELECT alias FROM person")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" { // undefined_table
		t.Fatalf("table of A visible in B? err = %v", err)
	}

	for setting, want := range map[string]string{
		"fsync":              "on",
		"synchronous_commit": "on",
		"server_encoding":    "UTF8",
	} {
		var got string
		if err := a.QueryRow(ctx, "SHOW "+setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("SHOW %s = %q, want %q", setting, got, want)
		}
	}
}

// The database must be dropped at cleanup even while a connection is still
// open (a test that forgot to close its pool).
func TestDatabaseDroppedDespiteOpenConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var dsn string
	t.Run("inner", func(t *testing.T) {
		dsn = pgtest.NewDatabase(t)
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn // deliberately left open
	})
	admin := connect(t, pgtest.NewDatabase(t))
	name := dsn[strings.LastIndex(dsn, "/")+1:]
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatalf("database %s still exists after its test ended", name)
	}
}

// StartCluster on its own, as a benchmark program uses it: two clusters side
// by side, each stopped, Stop idempotent.
func TestStartClusterStandalone(t *testing.T) {
	if !haveServerBinaries() {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no PostgreSQL server binaries")
		}
		t.Skip("PostgreSQL server binaries not installed")
	}
	t.Parallel()
	ctx := context.Background()
	var clusters []*pgtest.Cluster
	for i := 0; i < 2; i++ {
		dir, err := os.MkdirTemp("", "pgtest-standalone-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		c, err := pgtest.StartCluster(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Stop() })
		clusters = append(clusters, c)
	}
	if clusters[0].URL("x") == clusters[1].URL("x") {
		t.Fatalf("two clusters share URL %s", clusters[0].URL("x"))
	}
	for _, c := range clusters {
		dsn, err := c.CreateDatabase(ctx, "rotonde_bench")
		if err != nil {
			t.Fatal(err)
		}
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var fsync, db string
		if err := conn.QueryRow(ctx, "SELECT current_setting('fsync'), current_database()").Scan(&fsync, &db); err != nil {
			t.Fatal(err)
		}
		if fsync != "on" || db != "rotonde_bench" {
			t.Errorf("fsync = %q, database = %q", fsync, db)
		}
		conn.Close(ctx)
	}

	c := clusters[0]
	if err := c.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "data", "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("postmaster.pid still there after Stop (err=%v)", err)
	}
	if conn, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
		conn.Close(ctx)
		t.Fatal("stopped cluster still accepts connections")
	}
}

func haveServerBinaries() bool {
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(m) > 0 {
		return true
	}
	_, err := exec.LookPath("initdb")
	return err == nil
}
