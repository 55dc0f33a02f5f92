package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/mail"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

// envDefault returns the ROTONDE_ variable or the fallback.
func envDefault(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

// settings are read from flags, each defaulting to its ROTONDE_* variable.
type settings struct {
	addr          string
	databaseURL   string
	logLevel      string
	secureCookies string
	sessionIdle   string
	sessionMax    string
	// requireSecondFactor: every account must set up a second factor (serve; demo turns it off).
	requireSecondFactor string
	auditYears          string
	// publicURL: the origin users reach Rotonde at (passkeys, single sign-on callback).
	publicURL string
	// ssoAllowPrivateIssuers: single sign-on may reach identity providers on internal addresses.
	ssoAllowPrivateIssuers string
	// trustedProxies: comma-separated CIDRs whose X-Forwarded-For is believed.
	trustedProxies string
	// keyFile: the key for secrets at rest (TOTP and single sign-on secrets).
	keyFile string
	// metricsAddr: where /metrics is served (empty: not at all).
	metricsAddr string
	// logFormat: text or json.
	logFormat string
	// databaseWait: how long serve keeps trying a PostgreSQL server that
	// does not answer at start.
	databaseWait string
	// smtpURL and mailFrom: where and as whom serve sends e-mail (cmd/rotonde/mail.go).
	smtpURL, mailFrom string
}

// register adds the flags of serve, each defaulting to its ROTONDE_*
// variable.
func (s *settings) register(fs *flag.FlagSet, defaultAddr string) {
	s.registerDB(fs)
	for _, f := range []struct {
		p               *string
		name, def, help string
	}{
		{&s.addr, "addr", defaultAddr, "address to listen on (ROTONDE_ADDR)"},
		{&s.logLevel, "log-level", "info", "debug, info, warn or error (ROTONDE_LOG_LEVEL)"},
		{&s.secureCookies, "secure-cookies", "false",
			"true when users reach Rotonde over HTTPS (via a proxy); sets Secure cookies and HSTS (ROTONDE_SECURE_COOKIES)"},
		{&s.sessionIdle, "session-idle", "30m", "log out after this long without use (ROTONDE_SESSION_IDLE)"},
		{&s.requireSecondFactor, "require-second-factor", "true",
			"every account must set up a second factor (authenticator app) before using Rotonde; false only with a reason, e.g. single sign-on with its own (ROTONDE_REQUIRE_SECOND_FACTOR; the demo never requires it)"},
		{&s.sessionMax, "session-max", "12h", "log out after this long in any case (ROTONDE_SESSION_MAX)"},
		{&s.publicURL, "public-url", "",
			"the address users reach Rotonde at, e.g. https://rotonde.example.nl; passkeys are bound to its host name (ROTONDE_PUBLIC_URL; empty: each request's Host)"},
		{&s.ssoAllowPrivateIssuers, "sso-allow-private-issuers", "false",
			"true lets single sign-on use identity providers on loopback, link-local and private addresses, e.g. one on premises (ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS; false: https on public addresses only)"},
		{&s.trustedProxies, "trusted-proxies", "",
			"comma-separated addresses or CIDRs of load balancers/proxies whose X-Forwarded-For is believed, e.g. 10.0.0.0/8 (ROTONDE_TRUSTED_PROXIES; empty: none)"},
		{&s.auditYears, "audit-retention-years", "5", "keep access-log records this many years, then purge them (ROTONDE_AUDIT_RETENTION_YEARS)"},
		{&s.metricsAddr, "metrics-addr", "",
			"address for Prometheus metrics at /metrics, e.g. 127.0.0.1:9090; not protected, keep it off the public network (ROTONDE_METRICS_ADDR; empty: off)"},
		{&s.logFormat, "log-format", "text", "text or json (ROTONDE_LOG_FORMAT)"},
		{&s.databaseWait, "database-wait", "60s",
			"at start, keep trying a PostgreSQL server that does not answer for this long, then stop with status 1 (ROTONDE_DATABASE_WAIT; 0: try once)"},
		{&s.smtpURL, "smtp-url", "",
			"mail server for invitations, meeting plans and reset codes: smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (ROTONDE_SMTP_URL; empty: no e-mail)"},
		{&s.mailFrom, "mail-from", "",
			`sender of the e-mail, e.g. "Rotonde <rotonde@gemeente.example.nl>" (ROTONDE_MAIL_FROM; required with --smtp-url)`},
		{&s.keyFile, "key-file", "",
			"file with the key that encrypts stored secrets (32 random bytes as base64 or hex; make one with rotonde keygen); required on PostgreSQL (ROTONDE_KEY_FILE; empty on SQLite: PATH.key beside the database, created on first start)"},
	} {
		envFlag(fs, f.p, f.name, f.def, f.help)
	}
}

// registerDB adds the one flag every command that opens the database has.
func (s *settings) registerDB(fs *flag.FlagSet) {
	envFlag(fs, &s.databaseURL, "database-url", "sqlite:rotonde.db", "sqlite:PATH or postgres://… (ROTONDE_DATABASE_URL)")
}

// envFlag adds the string flag --name, whose default is the variable
// ROTONDE_NAME (dashes as underscores) when it is set, else def.
func envFlag(fs *flag.FlagSet, p *string, name, def, help string) {
	env := "ROTONDE_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	fs.StringVar(p, name, envDefault(env, def), help)
}

// databaseFlags returns the flag set of command, with --database-url into
// the returned settings and errors written to stderr.
func databaseFlags(command string, stderr io.Writer) (*flag.FlagSet, *settings) {
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	s := &settings{}
	s.registerDB(fs)
	return fs, s
}

// keyFileFlag adds --key-file for a command that reads the key of the
// secrets at rest (ROTONDE_KEY_FILE; on SQLite default PATH.key).
func keyFileFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("key-file", envDefault("ROTONDE_KEY_FILE", ""), what+" (ROTONDE_KEY_FILE; on SQLite default PATH.key)")
}

type checkedSettings struct {
	secureCookies       bool
	sessionIdle         time.Duration
	sessionMax          time.Duration
	requireSecondFactor bool
	logLevel            slog.Level
	auditYears          int
	publicURL           string
	trustedProxies      []netip.Prefix

	// ssoAllowPrivateIssuers: see web.Config.SSOAllowPrivateIssuers.
	ssoAllowPrivateIssuers bool

	// listenURL is the PostgreSQL URL for the live meetings' LISTEN
	// connection; empty on SQLite.
	listenURL string
	// metricsAddr: where /metrics is served; jsonLogs: --log-format json.
	metricsAddr string
	jsonLogs    bool
	// databaseWait: see settings.databaseWait.
	databaseWait time.Duration
	// sqlitePath is the database file on SQLite (for the disk check of
	// /readyz); empty on PostgreSQL.
	sqlitePath string
	// key was read from the key file given (keyFile). Without one, on
	// SQLite, defaultKeyFile is the key file beside the database, read or
	// created at start (see unlockSecrets).
	key            []byte
	keyFile        string
	defaultKeyFile string
	// mail sends e-mail; nil without --smtp-url (cmd/rotonde/mail.go).
	mail *mail.Sender
	// outbox delivers the stored e-mail while serve runs; nil without mail.
	outbox *mail.Outbox
}

// check validates every setting and says in Dutch and English what is wrong.
func (s *settings) check() (checkedSettings, error) {
	var c checkedSettings
	var problems []string
	engine, target, err := splitDatabaseURL(s.databaseURL)
	if err != nil {
		problems = append(problems, err.Error())
	} else if engine == "postgres" {
		c.listenURL = target
	}
	switch {
	case s.keyFile != "":
		key, err := readKeyFile(s.keyFile)
		if err != nil {
			problems = append(problems, "ROTONDE_KEY_FILE/--key-file "+err.Error())
		}
		c.key, c.keyFile = key, s.keyFile
	case engine == "postgres":
		problems = append(problems, "ROTONDE_KEY_FILE/--key-file ontbreekt: op PostgreSQL is een sleutelbestand verplicht; "+
			"maak er een met `rotonde keygen --out /etc/rotonde/rotonde.key` en geef het op "+
			"(missing: PostgreSQL needs a key file; create one with `rotonde keygen --out /etc/rotonde/rotonde.key` and pass it; "+
			"every instance uses the same file, keep a copy with the database backups)")
	case engine == "sqlite":
		c.defaultKeyFile = target + ".key"
	}
	if engine == "sqlite" {
		c.sqlitePath = target
	}
	if s.addr == "" || !strings.Contains(s.addr, ":") {
		problems = append(problems, fmt.Sprintf("ROTONDE_ADDR/--addr %q: verwacht host:poort, bijvoorbeeld 127.0.0.1:8080 (expected host:port)", s.addr))
	}
	if err := c.logLevel.UnmarshalText([]byte(s.logLevel)); err != nil {
		problems = append(problems, fmt.Sprintf("ROTONDE_LOG_LEVEL/--log-level %q: kies debug, info, warn of error (choose debug, info, warn or error)", s.logLevel))
	}
	if c.secureCookies, err = strconv.ParseBool(s.secureCookies); err != nil {
		problems = append(problems, fmt.Sprintf("ROTONDE_SECURE_COOKIES/--secure-cookies %q: kies true of false (choose true or false)", s.secureCookies))
	}
	if c.requireSecondFactor, err = strconv.ParseBool(s.requireSecondFactor); err != nil {
		problems = append(problems, fmt.Sprintf("ROTONDE_REQUIRE_SECOND_FACTOR/--require-second-factor %q: kies true of false (choose true or false)", s.requireSecondFactor))
	}
	for _, d := range []struct {
		name, val string
		dst       *time.Duration
	}{{"ROTONDE_SESSION_IDLE/--session-idle", s.sessionIdle, &c.sessionIdle}, {"ROTONDE_SESSION_MAX/--session-max", s.sessionMax, &c.sessionMax}} {
		v, err := time.ParseDuration(d.val)
		if err != nil || v < time.Minute {
			problems = append(problems, fmt.Sprintf("%s %q: geef een duur van minstens 1m, bijvoorbeeld 30m of 12h (a duration of at least 1m)", d.name, d.val))
			continue
		}
		*d.dst = v
	}
	switch s.logFormat {
	case "text":
	case "json":
		c.jsonLogs = true
	default:
		problems = append(problems, fmt.Sprintf("ROTONDE_LOG_FORMAT/--log-format %q: kies text of json (choose text or json)", s.logFormat))
	}
	if s.metricsAddr != "" && !strings.Contains(s.metricsAddr, ":") {
		problems = append(problems, fmt.Sprintf("ROTONDE_METRICS_ADDR/--metrics-addr %q: verwacht host:poort, bijvoorbeeld 127.0.0.1:9090 (expected host:port)", s.metricsAddr))
	}
	c.metricsAddr = s.metricsAddr
	if d, err := time.ParseDuration(s.databaseWait); err != nil || d < 0 {
		problems = append(problems, fmt.Sprintf("ROTONDE_DATABASE_WAIT/--database-wait %q: geef een duur, bijvoorbeeld 60s of 5m, of 0 (a duration, or 0)", s.databaseWait))
	} else {
		c.databaseWait = d
	}
	if y, err := strconv.Atoi(s.auditYears); err != nil || y < 1 || y > 100 {
		problems = append(problems, fmt.Sprintf("ROTONDE_AUDIT_RETENTION_YEARS/--audit-retention-years %q: geef een aantal jaren van 1 tot 100 (a number of years from 1 to 100)", s.auditYears))
	} else {
		c.auditYears = y
	}
	if u, err := parsePublicURL(s.publicURL); err != nil {
		problems = append(problems, err.Error())
	} else {
		c.publicURL = u
	}
	if c.ssoAllowPrivateIssuers, err = strconv.ParseBool(s.ssoAllowPrivateIssuers); err != nil {
		problems = append(problems, fmt.Sprintf("ROTONDE_SSO_ALLOW_PRIVATE_ISSUERS/--sso-allow-private-issuers %q: kies true of false (choose true or false)", s.ssoAllowPrivateIssuers))
	}
	if ps, err := parseTrustedProxies(s.trustedProxies); err != nil {
		problems = append(problems, err.Error())
	} else {
		c.trustedProxies = ps
	}
	if c.mail, err = s.checkMail(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return c, usageError{"ongeldige instelling (invalid setting):\n  " + strings.Join(problems, "\n  ")}
	}
	return c, nil
}

// parsePublicURL accepts an origin: http(s), a host, no path, query or user.
func parsePublicURL(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("ROTONDE_PUBLIC_URL/--public-url %q: geef alleen schema en host, bijvoorbeeld https://rotonde.example.nl (give only scheme and host)", v)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// parseTrustedProxies reads comma-separated CIDRs; a bare address is one host.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("ROTONDE_TRUSTED_PROXIES/--trusted-proxies %q: geen adres of CIDR, bijvoorbeeld 10.0.0.0/8 (not an address or CIDR)", part)
			}
			a = a.Unmap()
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// splitDatabaseURL returns the engine and its address.
func splitDatabaseURL(u string) (engine, target string, err error) {
	switch {
	case strings.HasPrefix(u, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//")
		if p == "" {
			return "", "", fmt.Errorf("ROTONDE_DATABASE_URL %q: geef een pad na sqlite:, bijvoorbeeld sqlite:rotonde.db (give a path after sqlite:)", u)
		}
		return "sqlite", p, nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return "postgres", u, nil
	}
	return "", "", fmt.Errorf("ROTONDE_DATABASE_URL %q: moet beginnen met sqlite: of postgres:// (must start with sqlite: or postgres://)", redact(u))
}

// redact hides a password in a URL before it is printed.
func redact(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	cred, host, ok := strings.Cut(rest, "@")
	if !ok {
		return u
	}
	user, _, _ := strings.Cut(cred, ":")
	return scheme + "://" + user + ":***@" + host
}

// openDatabase opens the database a URL names.
func openDatabase(ctx context.Context, url string) (*sqldb.DB, error) {
	engine, target, err := splitDatabaseURL(url)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	switch engine {
	case "sqlite":
		return sqlite.Open(ctx, target)
	default:
		db, err := postgres.Open(ctx, target)
		if err != nil {
			return nil, fmt.Errorf("database %s niet bereikbaar (not reachable): %w", redact(target), err)
		}
		return db, nil
	}
}

// openCurrentDatabase opens a database for a tool that needs the schema
// this binary knows (not older, not newer), and closes it again if not.
func openCurrentDatabase(ctx context.Context, url string) (*sqldb.DB, error) {
	db, err := openDatabase(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w (voer eerst rotonde migrate uit; run rotonde migrate first)", err)
	}
	return db, nil
}

// logger writes to w at the chosen level, as text or as JSON lines.
func (c checkedSettings) logger(w io.Writer) *slog.Logger {
	if c.jsonLogs {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: c.logLevel}))
	}
	return newLogger(w, c.logLevel)
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
