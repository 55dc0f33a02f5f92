package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/password"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.register(fs, "127.0.0.1:8080")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	c, err := s.check()
	if err != nil {
		return err
	}
	log := c.logger(stderr)
	db, err := openAndMigrate(ctx, s.databaseURL, c.databaseWait, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := unlockSecrets(ctx, db, c, log); err != nil {
		return err
	}
	ln, err := listen(s.addr)
	if err != nil {
		return err
	}
	return serve(ctx, db, log, ln, c, false, func(addr string) {
		fmt.Fprintf(stdout, "Rotonde luistert op / listens on http://%s\n", addr)
	})
}

// openAndMigrate opens the database, applies pending migrations and checks
// that the schema is exactly what this binary expects.
// A PostgreSQL server that does not answer is tried again for up to wait.
func openAndMigrate(ctx context.Context, url string, wait time.Duration, log *slog.Logger) (*sqldb.DB, error) {
	db, err := openDatabaseWaiting(ctx, url, wait, log)
	if err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err == nil {
		err = db.CheckSchema(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("database niet bij te werken (cannot migrate): %w", err)
	}
	if n > 0 {
		log.Info("migrations applied", "count", n)
	}
	if err := checkWritable(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newWebServer(db *sqldb.DB, log *slog.Logger, c checkedSettings, demoMode bool, hub *live.Hub, metrics *web.Metrics) (*web.Server, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	return web.New(wire.Services(db), cat, log, web.Config{
		SecureCookies:  c.secureCookies,
		SessionIdle:    c.sessionIdle,
		SessionMax:     c.sessionMax,
		Demo:           demoMode,
		VerifyPassword: password.VerifyAndRelease,
		PasswordHash:   func(pw string) (string, error) { return password.Hash(pw, password.Default) },
		DummyHash:      password.DummyHash,
		// The demo's invented accounts log in with a password only.
		RequireSecondFactor: c.requireSecondFactor && !demoMode,
		Live:                hub,
		PublicURL:           c.publicURL,
		TrustedProxies:      c.trustedProxies,
		Ready:               readiness(db, c.sqlitePath),
		Metrics:             metrics,
		Mail:                c.outbox,

		// The demo's own identity provider, if any, runs beside it.
		SSOAllowPrivateIssuers: c.ssoAllowPrivateIssuers || demoMode,
	})
}

// listen opens the address to serve on.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("kan niet luisteren op %s (cannot listen): %w", addr, err)
	}
	return ln, nil
}

// serve runs the HTTP server on ln until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, db *sqldb.DB, log *slog.Logger, ln net.Listener, c checkedSettings, demoMode bool, ready func(addr string)) error {
	defer ln.Close()
	// On PostgreSQL, live meetings hear of events through LISTEN/NOTIFY, so
	// that every instance behind a load balancer serves every meeting.
	var hub *live.Hub
	if c.listenURL != "" {
		hub = live.NewHub(db.Meetings, log, 0)
		defer hub.Close()
		if _, err := live.StartRelay(ctx, c.listenURL, hub, log); err != nil {
			return err
		}
	}
	metrics, err := serveMetrics(ctx, db, log, c.metricsAddr)
	if err != nil {
		return err
	}
	if !demoMode {
		mailCtx, stopMail := context.WithCancel(ctx)
		var mailDone <-chan struct{}
		c.outbox, mailDone = startOutbox(mailCtx, db, log, c.mail, metrics) // cmd/rotonde/mail.go
		defer func() { stopMail(); <-mailDone }()
	}
	h, err := newWebServer(db, log, c, demoMode, hub, metrics)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// At shutdown, live streams are told to reconnect and end, so that
	// Shutdown waits only for the requests in flight.
	srv.RegisterOnShutdown(h.DrainLive)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	hkCtx, stopHousekeeping := context.WithCancel(ctx)
	hkDone := make(chan struct{})
	go func() {
		defer close(hkDone)
		housekeeping(hkCtx, db, log, c.auditYears, time.Hour)
	}()
	defer func() { stopHousekeeping(); <-hkDone }()
	retDone := make(chan struct{})
	go func() {
		defer close(retDone)
		purgeRetention(hkCtx, db, log, 24*time.Hour) // cmd/rotonde/purge.go
	}()
	defer func() { stopHousekeeping(); <-retDone }()
	sigDone := make(chan struct{})
	go func() {
		defer close(sigDone)
		refreshSignals(hkCtx, db, log, 10*time.Minute) // cmd/rotonde/network.go
	}()
	defer func() { stopHousekeeping(); <-sigDone }()
	cpDone := writeCheckpoints(hkCtx, db, log, c) // cmd/rotonde/audit_checkpoint.go
	defer func() { stopHousekeeping(); <-cpDone }()
	ready(ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// throttleWindow is how long a login failure counts (the longest window of
// the throttle policies); older throttle rows are purged once unlocked.
var throttleWindow = max(rotonde.AccountThrottle.Window, rotonde.AddressThrottle.Window)

// housekeeping deletes what is no longer needed, at start and then every
// interval until ctx ends: expired login-throttle rows, sessions and pending
// logins (sqldb.PurgeExpired), and once a day access-log records past the
// retention period of auditYears (0: keep them); the access log's chain stays
// verifiable (see sqldb.PurgeAudit).
func housekeeping(ctx context.Context, db *sqldb.DB, log *slog.Logger, auditYears int, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var lastAudit time.Time
	for {
		now := time.Now().UTC()
		if n, err := db.PurgeExpired(ctx, now, throttleWindow); err != nil && ctx.Err() == nil {
			log.Error("purge of expired logins and sessions failed", "err", err)
		} else if n > 0 {
			log.Debug("expired logins and sessions purged", "rows", n)
		}
		if auditYears > 0 && now.Sub(lastAudit) >= 24*time.Hour {
			lastAudit = now
			n, err := db.Audit.PurgeAudit(ctx, now.AddDate(-auditYears, 0, 0))
			if err != nil && ctx.Err() == nil {
				log.Error("access log purge failed", "err", err)
			} else if n > 0 {
				log.Info("access log purged", "records", n, "retention_years", auditYears)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	// The demo has its own SQLite file and key and never asks for a second
	// factor: only the settings it honours are offered.
	all := flag.NewFlagSet("demo", flag.ContinueOnError)
	s.register(all, "127.0.0.1:8080")
	for _, name := range []string{"addr", "log-level", "log-format", "metrics-addr", "public-url", "trusted-proxies",
		"secure-cookies", "session-idle", "session-max"} {
		f := all.Lookup(name)
		fs.Var(f.Value, f.Name, f.Usage)
	}
	dataDir := fs.String("data", "", "folder for the demo's SQLite file rotonde.db (default: rotonde/demo in the user's cache folder, reused by every run)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	// The demo runs on its own SQLite file, whatever ROTONDE_DATABASE_URL
	// says (no PostgreSQL relay, no key file required); dbPath is below.
	s.databaseURL = "sqlite:demo"
	c, err := s.check()
	if err != nil {
		return err
	}
	if *dataDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		*dataDir = filepath.Join(base, "rotonde", "demo")
		if err := os.MkdirAll(*dataDir, 0o700); err != nil {
			return err
		}
	}
	// A busy port is reported before anything is made or seeded.
	ln, err := listen(s.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	dbPath := filepath.Join(*dataDir, "rotonde.db")
	c.defaultKeyFile = dbPath + ".key"
	c.sqlitePath = dbPath
	fmt.Fprintf(stdout, "Demo-gegevens / demo data: %s\n", dbPath)
	log := c.logger(stderr)
	db, err := openAndMigrate(ctx, "sqlite:"+dbPath, 0, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := unlockSecrets(ctx, db, c, log); err != nil {
		return err
	}
	hash, err := password.Hash(demo.Password, password.Default)
	if err != nil {
		return err
	}
	seeded, err := demo.Seed(ctx, wire.Demo(db), hash)
	if err != nil {
		return fmt.Errorf("demo-gegevens (demo data): %w", err)
	}
	if !seeded {
		fmt.Fprintln(stdout, "Bestaande demo-gegevens hergebruikt / reusing existing demo data.")
	}
	return serve(ctx, db, log, ln, c, true, func(addr string) {
		fmt.Fprintf(stdout, "\nRotonde demo: http://%s\n\nDemo-accounts (wachtwoord / password %q):\n", addr, demo.Password)
		for _, a := range demo.Accounts {
			fmt.Fprintf(stdout, "  %-24s %s\n", a.Email, a.Description)
		}
		fmt.Fprintln(stdout, "\nStop met Ctrl+C / stop with Ctrl+C.")
	})
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, s := databaseFlags("migrate", stderr)
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	db, err := openDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := db.CheckSchema(ctx); err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "%d migratie(s) toegepast; schema op versie %d (%d migration(s) applied; schema at version %d)\n", n, v, n, v)
	return nil
}
