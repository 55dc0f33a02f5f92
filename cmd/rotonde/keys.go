package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"

	"github.com/rotonde-jeugd/rotonde/seal"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// The key for secrets at rest (TOTP and single sign-on client secrets) lives
// in a key file outside the database: 32 random bytes as base64 or hex.

const keygenUsage = `gebruik / usage:
  rotonde keygen                 schrijft een nieuwe sleutel naar standaarduitvoer (writes a new key to standard output)
  rotonde keygen --out BESTAND   schrijft hem naar een nieuw bestand met modus 0600 (writes it to a new file, mode 0600)`

// keyFileError names the key file and says in Dutch and English what is wrong.
type keyFileError struct {
	path, msg string
	err       error
}

func (e *keyFileError) Error() string { return fmt.Sprintf("%q: %s", e.path, e.msg) }
func (e *keyFileError) Unwrap() error { return e.err }

// readKeyFile reads a key file; a missing file unwraps to fs.ErrNotExist.
func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &keyFileError{path, fmt.Sprintf("bestand bestaat niet; maak het met `rotonde keygen --out %s` "+
			"(file does not exist; create it with `rotonde keygen --out %s`)", path, path), err}
	case err != nil:
		return nil, &keyFileError{path, fmt.Sprintf("niet te lezen (cannot read): %v", err), err}
	}
	key, err := seal.ParseKey(b)
	if err != nil {
		return nil, &keyFileError{path, "moet een sleutel van 32 willekeurige bytes bevatten, als base64 of hex, zoals `rotonde keygen` maakt " +
			"(must hold a key of 32 random bytes as base64 or hex, as `rotonde keygen` writes)", err}
	}
	return key, nil
}

// writeKeyFile writes key to a new file with mode 0600; it never overwrites
// an existing file, whose key may be the only one that opens a database.
func writeKeyFile(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(f, seal.EncodeKey(key))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

func runKeygen(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("keygen", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "", "write the key to this new file (mode 0600) instead of standard output")
	if err := flags.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if flags.NArg() > 0 {
		return usageError{keygenUsage}
	}
	key := seal.GenerateKey()
	if *out == "" {
		_, err := fmt.Fprintln(stdout, seal.EncodeKey(key))
		return err
	}
	if err := writeKeyFile(*out, key); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageError{fmt.Sprintf("%s bestaat al; overschrijven kan de geheimen van een database onleesbaar maken "+
				"(already exists; overwriting it could make a database's secrets unreadable)", *out)}
		}
		return fmt.Errorf("sleutelbestand niet te schrijven (cannot write key file): %w", err)
	}
	fmt.Fprintf(stdout, "Sleutel geschreven naar %s; bewaar een kopie bij de back-ups van de database.\n"+
		"Key written to %s; keep a copy with the database backups.\n", *out, *out)
	return nil
}

// unlockSecrets gives the database its key for secrets at rest: the key
// file given, or on SQLite PATH.key beside the database, created (0600) on
// the first start. A key that does not match the database is refused here,
// with exit status 2, instead of failing later at a login. Plain secrets of
// an older database are encrypted in place (see sqldb.UseSealer).
func unlockSecrets(ctx context.Context, db *sqldb.DB, c checkedSettings, log *slog.Logger) error {
	key, path, created := c.key, c.keyFile, false
	if key == nil {
		path = c.defaultKeyFile
		if path == "" {
			return usageError{"ROTONDE_KEY_FILE/--key-file ontbreekt (missing)"}
		}
		var err error
		key, err = readKeyFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			key = seal.GenerateKey()
			if err := writeKeyFile(path, key); err != nil {
				return fmt.Errorf("sleutelbestand %s niet aan te maken (cannot create key file): %w", path, err)
			}
			created = true
		case err != nil:
			return usageError{"sleutelbestand (key file) " + err.Error()}
		}
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		log.Warn("key file is readable by others than its owner; chmod 600 it", "path", path, "mode", fi.Mode().Perm().String())
	}
	sealer, err := seal.New(key)
	if err != nil {
		return err
	}
	n, err := db.UseSealer(ctx, sealer)
	if err != nil && created {
		os.Remove(path) // it opens nothing: the transaction was rolled back
	}
	switch {
	case errors.Is(err, sqldb.ErrWrongKey) && created:
		return usageError{fmt.Sprintf("de geheimen in deze database zijn versleuteld met een sleutel die er niet meer is: %s ontbreekt; "+
			"zet het oorspronkelijke sleutelbestand terug of geef het op met --key-file "+
			"(this database's secrets were encrypted with a key that is gone: %s is missing; put the original key file back or pass it with --key-file)",
			path, path)}
	case errors.Is(err, sqldb.ErrWrongKey):
		return usageError{fmt.Sprintf("sleutelbestand %s past niet bij deze database: de geheimen zijn met een andere sleutel versleuteld "+
			"(key file %s does not match this database: its secrets were encrypted with another key)", path, path)}
	case err != nil:
		return fmt.Errorf("geheimen niet te ontsleutelen (cannot unlock secrets): %w", err)
	}
	if created {
		log.Info("key file for secrets at rest created; back it up with the database: without it, authenticator apps and single sign-on stop working",
			"path", path)
	}
	if n > 0 {
		log.Info("plain secrets encrypted at rest", "count", n)
	}
	return nil
}

const rekeyUsage = `gebruik / usage:
  rotonde rekey --database-url URL --key-file OUD --new-key-file NIEUW
    versleutelt alle geheimen in de database opnieuw met de nieuwe sleutel, in één transactie;
    stop eerst alle instanties en start ze daarna met --key-file NIEUW
    (re-encrypts every secret in the database with the new key, in one transaction;
    stop every instance first and start them again with --key-file NEW)`

// runRekey changes the key of the secrets at rest, for instance when
// someone who had the key file leaves. Everything is re-sealed in one
// transaction, so a failure leaves the database on the old key.
func runRekey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags, s := databaseFlags("rekey", stderr)
	oldPath := keyFileFlag(flags, "the key file the database uses now")
	newPath := flags.String("new-key-file", "", "the new key file (make it with rotonde keygen --out FILE)")
	if err := flags.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if flags.NArg() > 0 || *newPath == "" {
		return usageError{rekeyUsage}
	}
	engine, target, err := splitDatabaseURL(s.databaseURL)
	if err != nil {
		return usageError{err.Error()}
	}
	if *oldPath == "" {
		if engine != "sqlite" {
			return usageError{"--key-file ontbreekt: geef de huidige sleutel op (missing: give the current key)\n" + rekeyUsage}
		}
		*oldPath = target + ".key"
	}
	if *oldPath == *newPath {
		return usageError{"--key-file en --new-key-file zijn hetzelfde bestand (are the same file)"}
	}
	var sealers [2]*seal.Sealer
	for i, path := range []string{*oldPath, *newPath} {
		key, err := readKeyFile(path)
		if err != nil {
			return usageError{"sleutelbestand (key file) " + err.Error()}
		}
		if sealers[i], err = seal.New(key); err != nil {
			return usageError{err.Error()}
		}
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Rekey(ctx, sealers[0], sealers[1])
	if errors.Is(err, sqldb.ErrWrongKey) {
		return usageError{fmt.Sprintf("sleutelbestand %s past niet bij deze database; er is niets veranderd "+
			"(key file %s does not match this database; nothing was changed)", *oldPath, *oldPath)}
	}
	if err != nil {
		return fmt.Errorf("sleutel niet gewisseld, er is niets veranderd (key not changed, nothing was changed): %w", err)
	}
	fmt.Fprintf(stdout, "%d geheim(en) opnieuw versleuteld. Start Rotonde voortaan met --key-file %s en bewaar die bij de back-ups; de oude sleutel opent niets meer.\n"+
		"%d secret(s) re-encrypted. From now on start Rotonde with --key-file %s and keep it with the backups; the old key opens nothing any more.\n",
		n, *newPath, n, *newPath)
	return nil
}
