package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// runTimeline implements "rotonde timeline …":
//
//	timeline render --csv FILE(.csv|.xlsx) --out FILE.svg [--lang nl|en] [--from 2019] [--to 2021]
//	                [--person ALIAS] [--organisation NAME] [--gap-months 6]
//	timeline demo --out FILE.csv     write the invented demo history of Noor (15)
//
// Rejected rows are listed on stderr in the chosen language and nothing is
// written: import is all or nothing.
func runTimeline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := rotonde.E(rotonde.EInvalid, "err.timeline.usage_rotonde_timeline_render_csv_file")
	if len(args) == 0 {
		return usage
	}
	switch args[0] {
	case "render":
		return runTimelineRender(ctx, args[1:], stdout, stderr)
	case "demo":
		fs := flag.NewFlagSet("timeline demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		out := fs.String("out", "", "CSV file to write")
		if err := fs.Parse(args[1:]); err != nil || *out == "" {
			return usage
		}
		var buf bytes.Buffer
		if err := timeline.WriteCSV(&buf, demo.NoorTimeline()); err != nil {
			return err
		}
		return writeTimelineFile(*out, buf.Bytes())
	}
	return usage
}

func runTimelineRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("timeline render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("csv", "", "CSV or XLSX file to read")
	out := fs.String("out", "", "SVG file to write")
	lang := fs.String("lang", "nl", "nl or en")
	from := fs.String("from", "", "first date of the period, e.g. 2019 or 2019-03")
	to := fs.String("to", "", "last date of the period, e.g. 2021")
	person := fs.String("person", "", "only events involving this person")
	org := fs.String("organisation", "", "only events involving this organisation")
	gap := fs.Int("gap-months", 6, "shortest period without events shown as a gap")
	if err := fs.Parse(args); err != nil {
		return rotonde.E(rotonde.EInvalid, "err.timeline.unknown_option", err)
	}
	if *in == "" || *out == "" {
		return rotonde.E(rotonde.EInvalid, "err.timeline.give_csv_and_out")
	}
	if *lang != "nl" && *lang != "en" {
		return rotonde.E(rotonde.EInvalid, "err.timeline.lang_must_be_nl_or_en")
	}
	opt := timeline.Options{Lang: *lang, Person: *person, Organisation: *org, GapMonths: *gap}
	for _, d := range []struct {
		raw string
		dst *timeline.Date
	}{{*from, &opt.From}, {*to, &opt.To}} {
		if d.raw == "" {
			continue
		}
		v, ok := timeline.ParseDate(d.raw)
		if !ok {
			return rotonde.E(rotonde.EInvalid, "err.timeline.is_not_valid_date", d.raw)
		}
		*d.dst = v
	}
	f, err := os.Open(*in)
	if err != nil {
		return &rotonde.Error{Code: rotonde.ENotFound, Key: "err.timeline.cannot_open", Args: []any{*in}, Err: err}
	}
	defer f.Close()
	p, err := timeline.Parse(ctx, f, *in, timeline.ParseOptions{})
	if err != nil {
		return err
	}
	for _, w := range p.Warnings {
		fmt.Fprintln(stderr, w.Message(*lang))
	}
	if !p.OK() {
		for _, r := range p.Rejected {
			fmt.Fprintln(stderr, r.Message(*lang))
		}
		return rotonde.E(rotonde.EInvalid, "err.timeline.rows_rejected_nothing_was_written.other", max(p.RejectedCount, len(p.Rejected)))
	}
	var buf bytes.Buffer
	if err := timeline.Render(&buf, p.Events, opt); err != nil {
		return err
	}
	if err := writeTimelineFile(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, strings.TrimSpace(i18n.Default().N(*lang, "timeline.cli.drawn", len(p.Events), len(p.Events), *out)))
	return nil
}

func writeTimelineFile(name string, data []byte) error {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return &rotonde.Error{Code: rotonde.EInvalid, Key: "err.timeline.cannot_write", Args: []any{name}, Err: err}
	}
	return nil
}
