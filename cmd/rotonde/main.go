// Command rotonde is the one binary of Rotonde: the web server, the demo, and
// the tools operators need (migrations, users, rendering).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	// Dates and meeting times are shown in the server's zone (TZ, for
	// instance Europe/Amsterdam); the embedded zone data makes that work
	// on machines without tzdata.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "start the server (settings from flags and ROTONDE_* variables)", runServe},
		{"demo", "start with invented demo data on SQLite (127.0.0.1:8080)", runDemo},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"keygen", "make a key file for the secrets kept in the database (rotonde keygen --out FILE)", runKeygen},
		{"rekey", "re-encrypt the stored secrets with a new key file (rotonde rekey --key-file OLD --new-key-file NEW)", runRekey},
		{"user", "create, disable or enable users, reset a password", runUser},
		{"audit", "verify the access log's hash chain", runAudit},
		{"backup", "make an encrypted backup while serve runs, or verify one (rotonde backup --out FILE | verify FILE)", runBackup},
		{"purge", "remove closed cases past their retention period (rotonde purge [--dry-run])", runPurge},
		{"research", "export shared, coded material as a REFI-QDA project, or import one (rotonde research export --out FILE [--network ID] | import --network ID FILE)", runResearch},
		{"restore", "restore a backup into an empty database (rotonde restore --from FILE)", runRestore},
		{"timeline", "render a timeline from CSV/XLSX without a server", runTimeline},
		{"genogram", "render a geno-sociogram from GEDCOM without a server", runGenogram},
		{"search", "rebuild the search index in one transaction (rotonde search reindex)", runSearch},
		{"version", "print the version", func(_ context.Context, _ []string, stdout, _ io.Writer) error {
			_, err := fmt.Fprintf(stdout, "rotonde %s\n", versionString(version, buildInfo()))
			return err
		}},
	}
}

// usageError is a mistake in how rotonde was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		if err == nil {
			return 0
		}
		fmt.Fprintf(stderr, "rotonde %s: %v\n", c.name, err)
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stderr, "rotonde: onbekend commando %q (unknown command)\n\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "Rotonde — samen vertragen als de jeugdhulp vastloopt.\n\nGebruik / usage: rotonde <commando> [opties]\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nrotonde <commando> -h toont de opties / shows the options.")
}
