package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestOpenChecksDurability(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := postgres.CheckDurability(context.Background(), db); err != nil {
		t.Fatal(err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	if err == nil {
		t.Fatal("unreachable server accepted")
	}
}

// Rotonde's connections run without JIT compilation and parallel workers,
// which cost more to start than its queries take; a setting in the
// address still wins.
func TestOpenSetsConnectionParameters(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	show := func(url, param string) string {
		t.Helper()
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var v string
		if err := db.Reader().QueryRowContext(ctx, "SHOW "+param).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := show(url, "jit"); got != "off" {
		t.Errorf("jit = %s, want off", got)
	}
	if got := show(url, "max_parallel_workers_per_gather"); got != "0" {
		t.Errorf("max_parallel_workers_per_gather = %s, want 0", got)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	if got := show(url+sep+"max_parallel_workers_per_gather=2", "max_parallel_workers_per_gather"); got != "2" {
		t.Errorf("with the parameter in the address: %s, want 2", got)
	}
}
