package main

import (
	"context"
	"fmt"
	"io"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

const auditUsage = `gebruik / usage:
  rotonde audit verify [--checkpoint WAARDE]... [--checkpoint-file BESTAND]...
      controleert de hele keten van het toegangslog, en met controlepunten ook dat er niets van het eind
      of het begin is weggehaald (checks the access log's hash chain; with checkpoints, also that nothing
      was cut off its end or its start)
  rotonde audit checkpoint
      drukt een controlepunt af: een HMAC met het sleutelbestand over de kop van de keten
      (prints a checkpoint: an HMAC with the key file over the head of the chain)`

// runAudit checks the access log's chain and names the first broken record.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "checkpoint" {
		return runAuditCheckpoint(ctx, args[1:], stdout, stderr) // cmd/rotonde/audit_checkpoint.go
	}
	if len(args) == 0 || args[0] != "verify" {
		return usageError{auditUsage}
	}
	fs, s := databaseFlags("audit verify", stderr)
	var cpValues, cpFiles listFlag
	fs.Var(&cpValues, "checkpoint", "a checkpoint (as printed by rotonde audit checkpoint or found in the application log); repeatable")
	fs.Var(&cpFiles, "checkpoint-file", "a file with checkpoints, one per line (e.g. the application log); repeatable")
	keyFile := keyFileFlag(fs, "the key file the checkpoints were made with")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	cps, err := readCheckpoints(cpValues, cpFiles)
	if err != nil {
		return err
	}
	var cpr *rotonde.AuditCheckpointer
	if len(cps) > 0 {
		if cpr, err = checkpointKey(s.databaseURL, *keyFile); err != nil {
			return err
		}
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var v rotonde.AuditVerification
	if len(cps) > 0 {
		v, err = db.Audit.VerifyAuditCheckpoints(ctx, cpr, cps)
	} else {
		v, err = db.Audit.VerifyAudit(ctx)
	}
	if err != nil {
		return err
	}
	if v.BrokenSeq != 0 {
		return fmt.Errorf("toegangslog GEBROKEN bij record %d (%s); %d records daarvoor in orde / access log BROKEN at record %d (%s); %d records before it intact",
			v.BrokenSeq, v.Reason, v.Checked, v.BrokenSeq, v.Reason, v.Checked)
	}
	if len(cps) > 0 {
		fmt.Fprintf(stdout, "toegangslog in orde: %d records gecontroleerd, %d controlepunten kloppen / access log intact: %d records checked, %d checkpoints fit\n",
			v.Checked, len(cps), v.Checked, len(cps))
		return nil
	}
	fmt.Fprintf(stdout, "toegangslog in orde: %d records gecontroleerd / access log intact: %d records checked\n", v.Checked, v.Checked)
	return nil
}
