package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
)

// runGenogram implements
//
//	rotonde genogram render --gedcom FILE --out FILE.svg [--focus ID] [--generations N] [--lang nl|en]
func runGenogram(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "render" {
		fmt.Fprintln(stderr, "gebruik / usage: rotonde genogram render --gedcom FILE --out FILE.svg [--focus ID] [--generations N] [--lang nl|en]")
		return rotonde.E(rotonde.EInvalid, "err.cmd.unknown_or_missing_subcommand")
	}
	fs := flag.NewFlagSet("genogram render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("gedcom", "", "GEDCOM 5.5.1 file to read")
	out := fs.String("out", "", "SVG file to write")
	focus := fs.String("focus", "", "person ID (GEDCOM xref without @) to centre on")
	gens := fs.Int("generations", 0, "with --focus: only persons within N generations")
	lang := fs.String("lang", "nl", "language of legend and texts: nl or en")
	pros := fs.Bool("professionals", false, "draw the professionals overlay")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return rotonde.E(rotonde.EInvalid, "err.cmd.gedcom_and_out_are_required")
	}
	if *lang != "nl" && *lang != "en" {
		return rotonde.E(rotonde.EInvalid, "err.cmd.lang_must_be_nl_or_en")
	}
	if *gens < 0 || (*gens > 0 && *focus == "") {
		return rotonde.E(rotonde.EInvalid, "err.cmd.generations_needs_number_0_and_focus")
	}
	src, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer src.Close()
	// Write to a temporary file first so that a failed import leaves no half SVG.
	tmp, err := os.CreateTemp(dirOf(*out), ".genogram-*.svg")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	warns, err := genogram.RenderGEDCOM(ctx, bufio.NewReader(src), bw, genogram.Options{Lang: *lang, Focus: *focus, Generations: *gens, Professionals: *pros})
	for _, w := range warns {
		fmt.Fprintln(stderr, w.Message(*lang))
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var re *rotonde.Error
		if errors.As(err, &re) {
			fmt.Fprintln(stderr, re.Message(*lang))
		}
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", *out)
	return nil
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i+1]
	}
	return "."
}
