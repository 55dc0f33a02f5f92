package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/rotonde-jeugd/rotonde/backup"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/sqlite"
)

const backupUsage = `gebruik / usage:
  rotonde backup --out FILE            maakt een versleutelde back-up terwijl serve draait (makes an encrypted backup while serve runs)
  rotonde backup verify FILE           opent de back-up en controleert hem en de keten van het toegangslog (opens and checks it and the access log's chain)
  rotonde restore --from FILE          zet een back-up terug in een lege database (restores into an empty database)
De sleutel / the key: --backup-key-file of/or ROTONDE_BACKUP_KEY_FILE (rotonde keygen --out FILE).`

func backupKeyFlag(fs *flag.FlagSet) *string {
	return fs.String("backup-key-file", envDefault("ROTONDE_BACKUP_KEY_FILE", ""),
		"file with the key that encrypts backups, made with rotonde keygen; keep it apart from the backups (ROTONDE_BACKUP_KEY_FILE)")
}

func readBackupKey(path string) ([]byte, error) {
	if path == "" {
		return nil, usageError{"ROTONDE_BACKUP_KEY_FILE/--backup-key-file ontbreekt (missing); maak een sleutel met / make a key with `rotonde keygen --out FILE`\n" + backupUsage}
	}
	key, err := readKeyFile(path)
	if err != nil {
		return nil, usageError{"ROTONDE_BACKUP_KEY_FILE/--backup-key-file " + err.Error()}
	}
	return key, nil
}

// parseBackupFlags reads the flags backup and restore share: the database,
// the backup key and the one file flag each needs.
func parseBackupFlags(command, fileFlag, fileHelp string, args []string, stderr io.Writer) (databaseURL, file string, key []byte, err error) {
	fs, s := databaseFlags(command, stderr)
	keyFile := backupKeyFlag(fs)
	path := fs.String(fileFlag, "", fileHelp)
	if err := fs.Parse(args); err != nil {
		return "", "", nil, usageError{err.Error()}
	}
	if *path == "" {
		return "", "", nil, usageError{"--" + fileFlag + " ontbreekt (missing)\n" + backupUsage}
	}
	key, err = readBackupKey(*keyFile)
	if err != nil {
		return "", "", nil, err
	}
	return s.databaseURL, *path, key, nil
}

// runBackup makes an encrypted copy of the database, or verifies one.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return runBackupVerify(ctx, args[1:], stdout, stderr)
	}
	databaseURL, out, key, err := parseBackupFlags("backup", "out", "the backup file to make (not overwritten)", args, stderr)
	if err != nil {
		return err
	}
	db, err := openCurrentDatabase(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := writeBackup(ctx, db, out, key)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "back-up gemaakt / backup made: %s (%d tabellen/tables, %d rijen/rows, schema %d)\n",
		out, len(sum.Tables), sum.Total(), sum.SchemaVersion)
	return nil
}

// writeBackup writes the backup to a temporary file beside out, syncs it,
// reads it back and only then gives it its name: a backup that exists is whole.
func writeBackup(ctx context.Context, db *sqldb.DB, out string, key []byte) (backup.Summary, error) {
	if _, err := os.Lstat(out); err == nil {
		return backup.Summary{}, fmt.Errorf("%s bestaat al; kies een nieuwe naam (already exists; choose a new name)", out)
	}
	f, err := os.CreateTemp(filepath.Dir(out), ".rotonde-backup-*")
	if err != nil {
		return backup.Summary{}, fmt.Errorf("back-up (backup): %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	sum, err := func() (backup.Summary, error) {
		defer f.Close()
		w, err := backup.NewWriter(f, key)
		if err != nil {
			return backup.Summary{}, err
		}
		sum, err := backup.Export(ctx, db, w)
		if err != nil {
			return sum, err
		}
		if err := w.Close(); err != nil {
			return sum, err
		}
		return sum, f.Sync()
	}()
	if err != nil {
		return sum, fmt.Errorf("back-up (backup): %w", err)
	}
	if _, err := readBackup(tmp, key); err != nil {
		return sum, fmt.Errorf("de zojuist gemaakte back-up leest niet terug (the new backup does not read back): %w", err)
	}
	if err := os.Link(tmp, out); err != nil {
		return sum, fmt.Errorf("back-up (backup): %w", err)
	}
	if d, err := os.Open(filepath.Dir(out)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return sum, nil
}

// readBackup reads the backup at path through to its end and checks it.
func readBackup(path string, key []byte) (backup.Summary, error) {
	return openBackup(path, key, backup.Read)
}

// restoreInto reads the backup at path into db.
func restoreInto(ctx context.Context, db *sqldb.DB, path string, key []byte) (backup.Summary, error) {
	return openBackup(path, key, func(r io.Reader) (backup.Summary, error) { return backup.Import(ctx, db, r) })
}

// openBackup opens the backup at path, decrypts it with key and hands the
// plain stream to use.
func openBackup(path string, key []byte, use func(io.Reader) (backup.Summary, error)) (backup.Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return backup.Summary{}, err
	}
	defer f.Close()
	r, err := backup.NewReader(f, key)
	if err != nil {
		return backup.Summary{}, err
	}
	return use(r)
}

// checkAuditChain verifies the access log's chain in db and returns how
// many records it checked. A broken chain is an error that names where it
// breaks, opened with whatNL and whatEN ("access log in the backup").
func checkAuditChain(ctx context.Context, db *sqldb.DB, whatNL, whatEN string) (int, error) {
	v, err := db.Audit.VerifyAudit(ctx)
	if err != nil {
		return 0, err
	}
	if v.BrokenSeq != 0 {
		return 0, fmt.Errorf("%s GEBROKEN bij record %d (%s) / %s BROKEN at record %d (%s)",
			whatNL, v.BrokenSeq, v.Reason, whatEN, v.BrokenSeq, v.Reason)
	}
	return v.Checked, nil
}

// runBackupVerify opens a backup with the key, restores it into a throwaway
// SQLite database and checks that database and the access log's chain.
func runBackupVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyFile := backupKeyFlag(fs)
	// The file may come before or after the flags.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) != 1 {
		return usageError{backupUsage}
	}
	file := files[0]
	key, err := readBackupKey(*keyFile)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "rotonde-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "verify.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	sum, err := restoreInto(ctx, db, file, key)
	if err != nil {
		return fmt.Errorf("back-up ONBRUIKBAAR (backup UNUSABLE): %w", err)
	}
	if res, err := sqlite.IntegrityCheck(ctx, db); err != nil || res != "ok" {
		return fmt.Errorf("back-up ONBRUIKBAAR (backup UNUSABLE): integrity_check %q %v", res, err)
	}
	checked, err := checkAuditChain(ctx, db, "toegangslog in de back-up", "access log in the backup")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "back-up in orde / backup intact: %s, gemaakt/made %s op/on %s, schema %d, %d rijen/rows; toegangslog in orde / access log intact: %d records\n",
		file, sum.Created.Format("2006-01-02 15:04:05Z"), sum.Engine, sum.SchemaVersion, sum.Total(), checked)
	return nil
}

// runRestore restores a backup into the empty database --database-url names.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	databaseURL, from, key, err := parseBackupFlags("restore", "from", "the backup file", args, stderr)
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("database niet bij te werken (cannot migrate): %w", err)
	}
	sum, err := restoreInto(ctx, db, from, key)
	if errors.Is(err, backup.ErrNotEmpty) {
		return err
	}
	if err != nil {
		return fmt.Errorf("terugzetten mislukt; er is niets opgeslagen (restore failed; nothing was stored): %w", err)
	}
	checked, err := checkAuditChain(ctx, db, "teruggezet, maar toegangslog", "restored, but access log")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "teruggezet / restored: %d rijen/rows uit/from %s (%s, %s); toegangslog in orde / access log intact: %d records. "+
		"Start serve met dezelfde ROTONDE_KEY_FILE als de bron (start serve with the source's key file).\n",
		sum.Total(), from, sum.Engine, sum.Created.Format("2006-01-02 15:04:05Z"), checked)
	return nil
}
