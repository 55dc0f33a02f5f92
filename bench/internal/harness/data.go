package harness

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// SeedDemo migrates db, seeds the demo network into it with the demo
// password hashed as in production, and returns the demo's facilitator.
func SeedDemo(ctx context.Context, db *sqldb.DB) (*rotonde.User, error) {
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	hash, err := password.Hash(demo.Password, password.Default)
	if err != nil {
		return nil, err
	}
	if _, err := demo.Seed(ctx, wire.Demo(db), hash); err != nil {
		return nil, err
	}
	fac, _, err := db.Users.UserByEmail(ctx, "facilitator@demo.test")
	return fac, err
}

// Events is a long invented history of n events from firstYear over years
// years: every kind, dates of every precision (one in seven approximate),
// 40 helpers from 15 organisations.
func Events(n, firstYear, years int) []timeline.Event {
	evs := make([]timeline.Event, n)
	for i := range evs {
		k := timeline.Kinds[i%5]
		d := timeline.Day(firstYear+i%years, 1+i%12, 1+i%28)
		if i%7 == 0 {
			d = timeline.About(firstYear + i%years)
		}
		evs[i] = timeline.Event{ID: fmt.Sprint("e", i), Date: d, Kind: k, Lane: k.DefaultLane(),
			Source: timeline.SourceDossier, Description: fmt.Sprintf("Gebeurtenis %d met een omschrijving van gewone lengte", i),
			Persons: []string{"Noor (15)", "moeder"}, Organisations: []string{fmt.Sprint("org", i%15)}, Helpers: []string{fmt.Sprint("hulpverlener ", i%40)}}
	}
	return evs
}
