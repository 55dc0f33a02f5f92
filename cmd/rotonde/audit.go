package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

const auditUsage = `gebruik / usage:
  rotonde audit verify     controleert de hele keten van het toegangslog (checks the access log's hash chain)`

// runAudit checks the access log's chain and names the first broken record.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{auditUsage}
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.registerDB(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if v.BrokenSeq != 0 {
		return fmt.Errorf("toegangslog GEBROKEN bij record %d (%s); %d records daarvoor in orde / access log BROKEN at record %d (%s); %d records before it intact",
			v.BrokenSeq, v.Reason, v.Checked, v.BrokenSeq, v.Reason, v.Checked)
	}
	fmt.Fprintf(stdout, "toegangslog in orde: %d records gecontroleerd / access log intact: %d records checked\n", v.Checked, v.Checked)
	return nil
}
