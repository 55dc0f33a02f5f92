package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Checkpoints of the access log (see rotonde.AuditCheckpointer): serve
// writes one to the application log at start, after a purge, every
// checkpointEvery while records are added, and at shutdown; `rotonde audit
// checkpoint` prints one; `rotonde audit verify --checkpoint` checks the
// chain against them.

// checkpointEvery is how often serve writes a checkpoint while the log grows.
var checkpointEvery = 10 * time.Minute

// checkpointPoll is how often serve looks at the head of the chain.
var checkpointPoll = time.Minute

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// checkpointKey reads the key file for checkpoints: the one given, else on
// SQLite PATH.key beside the database.
func checkpointKey(databaseURL, keyFile string) (*rotonde.AuditCheckpointer, error) {
	if keyFile == "" {
		engine, target, err := splitDatabaseURL(databaseURL)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if engine != "sqlite" {
			return nil, usageError{"ROTONDE_KEY_FILE/--key-file ontbreekt: controlepunten worden met het sleutelbestand gemaakt " +
				"(missing: checkpoints are made with the key file)"}
		}
		keyFile = target + ".key"
	}
	key, err := readKeyFile(keyFile)
	if err != nil {
		return nil, usageError{"sleutelbestand (key file) " + err.Error()}
	}
	return rotonde.NewAuditCheckpointer(key)
}

// readCheckpoints gathers the checkpoints given as values and in files (one
// per line; other lines, such as the rest of an application log, are skipped).
func readCheckpoints(values, files []string) ([]rotonde.AuditCheckpoint, error) {
	var cps []rotonde.AuditCheckpoint
	for _, v := range values {
		cp, err := rotonde.ParseAuditCheckpoint(v)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--checkpoint %q: %v", v, err)}
		}
		cps = append(cps, cp)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--checkpoint-file: %v", err)}
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		n := 0
		for sc.Scan() {
			cp, err := rotonde.ParseAuditCheckpoint(sc.Text())
			if errors.Is(err, rotonde.ErrNoCheckpoint) {
				continue
			}
			if err != nil {
				f.Close()
				return nil, usageError{fmt.Sprintf("--checkpoint-file %s: %v", name, err)}
			}
			cps = append(cps, cp)
			n++
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("--checkpoint-file %s: %w", name, err)
		}
		if n == 0 {
			return nil, usageError{fmt.Sprintf("--checkpoint-file %s: geen controlepunt gevonden (no checkpoint found)", name)}
		}
	}
	return cps, nil
}

// runAuditCheckpoint prints a checkpoint of the chain as it is now.
func runAuditCheckpoint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, s := databaseFlags("audit checkpoint", stderr)
	keyFile := keyFileFlag(fs, "the key file")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{auditUsage}
	}
	c, err := checkpointKey(s.databaseURL, *keyFile)
	if err != nil {
		return err
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	cp, err := db.Audit.AuditCheckpoint(ctx, c)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, cp.String())
	return err
}

// writeCheckpoints writes a checkpoint to the application log at start,
// whenever the purge anchor moved, every checkpointEvery while the chain
// grows, and when ctx ends. The returned channel closes when it has stopped.
func writeCheckpoints(ctx context.Context, db *sqldb.DB, log *slog.Logger, c checkedSettings) <-chan struct{} {
	done := make(chan struct{})
	key, err := c.key, error(nil)
	if key == nil { // on SQLite, the key file beside the database (made at start by unlockSecrets)
		key, err = readKeyFile(c.defaultKeyFile)
	}
	var cpr *rotonde.AuditCheckpointer
	if err == nil {
		cpr, err = rotonde.NewAuditCheckpointer(key)
	}
	if err != nil {
		log.Error("access-log checkpoints are not written: no key", "err", err)
		close(done)
		return done
	}
	go func() {
		defer close(done)
		var last rotonde.AuditCheckpoint
		var lastAt time.Time
		write := func(ctx context.Context, force bool) {
			cp, err := db.Audit.AuditCheckpoint(ctx, cpr)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("access-log checkpoint failed", "err", err)
				}
				return
			}
			anchorMoved := cp.AnchorSeq != last.AnchorSeq || cp.AnchorHash != last.AnchorHash
			grown := cp.Seq != last.Seq && time.Since(lastAt) >= checkpointEvery
			if !force && !anchorMoved && !grown {
				return
			}
			log.Info("access-log checkpoint", "checkpoint", cp.String())
			last, lastAt = cp, time.Now()
		}
		write(ctx, true)
		t := time.NewTicker(checkpointPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				// The last word at shutdown: the head as this instance leaves it.
				shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				write(shutdownCtx, true)
				cancel()
				return
			case <-t.C:
				write(ctx, false)
			}
		}
	}()
	return done
}
