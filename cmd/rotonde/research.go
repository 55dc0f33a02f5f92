package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/refiqda"
	"github.com/rotonde-jeugd/rotonde/research"
)

// runResearch exports a database's shared, coded material as a REFI-QDA
// project, or brings codings made in another tool back.
func runResearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "rotonde research export --out project.qdpx [--network ID] | rotonde research import --network ID project.qdpx"
	if len(args) == 0 {
		return usageError{usage}
	}
	fs, s := databaseFlags("research "+args[0], stderr)
	network := fs.Int64("network", 0, "the network (region) id; export: all networks when 0")
	out := fs.String("out", "", "export: the .qdpx file to write")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	switch {
	case args[0] == "export" && *out != "" && fs.NArg() == 0:
		return researchExport(ctx, s, *network, *out, stdout)
	case args[0] == "import" && fs.NArg() == 1:
		return researchImport(ctx, s, *network, fs.Arg(0), stdout)
	}
	return usageError{usage}
}

func researchExport(ctx context.Context, s *settings, network int64, out string, stdout io.Writer) error {
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.Research.Material(ctx, nil, network)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := refiqda.Write(&buf, refiqda.FromMaterial(m)); err != nil {
		return err
	}
	// Written whole or not at all: a half file is never left behind.
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", out, err)
	}
	codings := 0
	for _, t := range m.Texts {
		codings += len(t.Codings)
	}
	fmt.Fprintf(stdout, "%s: %d teksten, %d codes, %d coderingen, %d casussen (%d texts, %d codes, %d codings, %d cases)\n",
		out, len(m.Texts), len(m.Codes), codings, len(m.Cases), len(m.Texts), len(m.Codes), codings, len(m.Cases))
	return nil
}

func researchImport(ctx context.Context, s *settings, network int64, in string, stdout io.Writer) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("open %s: %w", in, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", in, err)
	}
	p, err := refiqda.Read(f, st.Size())
	if err != nil {
		return cliError(err)
	}
	db, err := openCurrentDatabase(ctx, s.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Research.ImportCodings(ctx, nil, network, func(known *research.Material) (*research.Material, int, error) {
		add, skipped := refiqda.ToMaterial(p, known)
		return add, skipped, nil
	})
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(stdout, "%d codes, %d coderingen, %d memo's toegevoegd; %d coderingen overgeslagen (niet van dit netwerk) / %d codes, %d codings, %d memos added; %d codings skipped (not of this network)\n",
		res.Codes, res.Codings, res.Memos, res.Skipped, res.Codes, res.Codings, res.Memos, res.Skipped)
	return nil
}

// cliError gives a user-facing error in both languages.
func cliError(err error) error {
	var re *rotonde.Error
	if !errors.As(err, &re) {
		return err
	}
	return fmt.Errorf("%s / %s", re.Message("nl"), strings.TrimSpace(re.Message("en")))
}
