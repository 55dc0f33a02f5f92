package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// runPurge removes the closed cases whose retention period has passed (see
// sqldb.PrivacyService.PurgeRetention); with --dry-run it lists them and removes nothing.
// Cases are named by number, organisation and dates: the operator need not
// read them.
func runPurge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, s := databaseFlags("purge", stderr)
	dryRun := fs.Bool("dry-run", false, "list the cases that would be removed, remove nothing")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{"rotonde purge [--dry-run]"}
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now().UTC()
	list, err := db.Privacy.PurgeRetention(ctx, now, *dryRun)
	for _, c := range list {
		fmt.Fprintf(stdout, "casus %d\torganisatie %d\tgesloten %s\tbewaartermijn %d jaar\tverlopen %s\n",
			c.CaseID, c.OrgID, c.ClosedAt.Format("2006-01-02"), c.Years, c.DueAt.Format("2006-01-02"))
	}
	if err != nil {
		return err
	}
	if *dryRun {
		fmt.Fprintf(stdout, "%d casus(sen) zou(den) verwijderd worden (%d case(s) would be removed); niets verwijderd (nothing removed)\n", len(list), len(list))
		return nil
	}
	fmt.Fprintf(stdout, "%d casus(sen) verwijderd (%d case(s) removed)\n", len(list), len(list))
	return nil
}

// purgeRetention removes closed cases past their retention period at start
// and then every interval until ctx ends (serve runs it daily).
func purgeRetention(ctx context.Context, db *sqldb.DB, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		done, err := db.Privacy.PurgeRetention(ctx, time.Now().UTC(), false)
		if err != nil && ctx.Err() == nil {
			log.Error("purge of cases past their retention period failed", "err", err)
		}
		for _, c := range done {
			log.Info("case removed after its retention period", "case", c.CaseID, "organisation", c.OrgID,
				"closed", c.ClosedAt.Format("2006-01-02"), "retention_years", c.Years)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
