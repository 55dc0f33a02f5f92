package postgres_test

import (
	"context"
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
