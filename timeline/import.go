package timeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// Import accepts dossier exports as CSV or XLSX with these columns
// (see IMPORT.md for the full description, in Dutch and English):
//
//	datum        required  2019-03-14, 2019-03, 2019, ca. 2019, ca 2019, ±2019, 14-03-2019, 03-2019
//	soort        required  beslismoment, contact, gebeurtenis, behoefte, beleving
//	omschrijving required  free text
//	baan         optional  professioneel or gezin; empty: derived from soort
//	bron         optional  dossier, gezinslid or professional; empty: dossier (with a warning)
//	personen     optional  aliases separated by ; (or by , when the cell has no ;)
//	organisatie  optional  organisations, same separators
//	hulpverlener optional  helpers, same separators
//	id, kenmerken, emoties, meningen, aannames, interpretaties   optional
//
// Accepted variants: header names in any case, with surrounding spaces and
// in any order (English names too); field separator , ; or tab, detected
// from the header line; UTF-8 with or without BOM (Windows-1252 is converted,
// with a warning), or UTF-16 with a BOM; dates with a time or a leading
// quote; a quote that Rotonde's export put before a formula character is
// taken off again (rotonde.RestoreCell); quoted fields with embedded separators, quotes and line
// breaks; Windows (CRLF) line endings; empty lines and rows of only
// separators are skipped.
//
// Import is all or nothing: Parse never stores anything, it returns a
// Preview, and the caller stores Preview.Events only when Preview.Rejected is
// empty.

// Limits bound what one import may contain, so that a wrong or crafted
// file cannot exhaust memory or time. Reading stops at the first limit
// reached.
type Limits struct {
	MaxBytes    int64 // size of the file
	MaxRows     int   // data rows, not counting the header
	MaxFieldLen int   // characters in one cell
	MaxColumns  int   // fields in one CSV record or cells in one spreadsheet row

	// XLSX only: a small zip can hold gigabytes.
	MaxUnzipped      int64 // uncompressed bytes of the parts read, declared and actual
	MaxCells         int   // cells in the worksheet, empty rows and cells included
	MaxSharedStrings int   // entries in the shared-string table
	MaxSharedBytes   int64 // text in the shared-string table, in bytes
}

// DefaultLimits are generous for dossier exports: 200,000 rows, 64 MB,
// 5,000 characters per cell, 1,000 columns; for XLSX 256 MB unpacked,
// 4 million cells and 1 million shared strings of at most 32 MB.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 64 << 20, MaxRows: 200_000, MaxFieldLen: 5_000, MaxColumns: 1_000,
		MaxUnzipped: 256 << 20, MaxCells: 4_000_000, MaxSharedStrings: 1_000_000, MaxSharedBytes: 32 << 20}
}

// maxListedRejections bounds Preview.Rejected; RejectedCount counts all.
const maxListedRejections = 1_000

// ParseOptions tune Parse. The zero value uses DefaultLimits and time.Now.
type ParseOptions struct {
	Limits Limits
	// Now is "today" for rejecting dates in the far future.
	Now time.Time
	// NoInference turns off guessing categories from descriptions.
	NoInference bool
}

// RowError names one rejected row and why, said in the reader's language.
// Line is the line number in the file (CSV) or the row number (XLSX),
// starting at 1 for the header.
type RowError struct {
	Line int
	Text rotonde.Localized
}

// Warning is something the importer assumed or ignored, said in the
// reader's language. Line is 0 when the warning is about the whole file.
type Warning struct {
	Line int
	Text rotonde.Localized
}

// Preview is the result of reading a file, before anything is stored.
// Rejected lists the first 1,000 rejected rows; RejectedCount counts all.
type Preview struct {
	Events        []Event
	Rejected      []RowError
	RejectedCount int
	Warnings      []Warning
}

// OK reports whether the file may be stored: no row was rejected.
func (p *Preview) OK() bool { return len(p.Rejected) == 0 && p.RejectedCount == 0 }

// Parse reads a CSV or XLSX file, chosen by the extension of name (.xlsx
// means XLSX, anything else CSV). File-level problems (too large, no header,
// a required column missing) are returned as *rotonde.Error; row problems
// are in Preview.Rejected.
func Parse(ctx context.Context, r io.Reader, name string, opt ParseOptions) (*Preview, error) {
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return ParseXLSX(ctx, r, opt)
	}
	return ParseCSV(ctx, r, opt)
}

// ParseCSV reads a CSV file (see Parse).
func ParseCSV(ctx context.Context, r io.Reader, opt ParseOptions) (*Preview, error) {
	opt = opt.withDefaults()
	data, err := readLimited(r, opt.Limits.MaxBytes)
	if err != nil {
		return nil, err
	}
	p := newParser(opt)
	if u, ok := decodeUTF16(data); ok {
		// Excel's "Unicode-tekst" (Unicode text): UTF-16 with a byte-order
		// mark, fields separated by tabs.
		data = u
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = decodeWindows1252(data)
		p.warn(0, "timeline.import.windows_1252")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, rotonde.E(rotonde.EInvalid, "err.timeline.file_is_empty")
	}
	comma := detectDelimiter(data)
	if line, over := tooManyFields(data, byte(comma), opt.Limits.MaxColumns); over {
		return nil, rotonde.E(rotonde.ETooLarge, "err.timeline.line_has_more_than_fields_is", line, opt.Limits.MaxColumns)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	p.listComma = cr.Comma != ','

	headerDone := false
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if !headerDone {
				return nil, rotonde.E(rotonde.EInvalid, "err.timeline.header_line_cannot_be_read_as", line)
			}
			p.reject(line, rotonde.List{rotonde.Say("timeline.import.invalid_csv")})
			continue
		}
		if blank(rec) {
			continue
		}
		if !headerDone {
			if err := p.header(rec, line); err != nil {
				return nil, err
			}
			headerDone = true
			continue
		}
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	if !headerDone {
		return nil, rotonde.E(rotonde.EInvalid, "err.timeline.file_has_no_header_line")
	}
	return p.finish(), nil
}

// orDefault sets a limit that is not positive to its default.
func orDefault[T int | int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

func (o ParseOptions) withDefaults() ParseOptions {
	d := DefaultLimits()
	orDefault(&o.Limits.MaxBytes, d.MaxBytes)
	orDefault(&o.Limits.MaxRows, d.MaxRows)
	orDefault(&o.Limits.MaxFieldLen, d.MaxFieldLen)
	orDefault(&o.Limits.MaxColumns, d.MaxColumns)
	orDefault(&o.Limits.MaxUnzipped, d.MaxUnzipped)
	orDefault(&o.Limits.MaxCells, d.MaxCells)
	orDefault(&o.Limits.MaxSharedStrings, d.MaxSharedStrings)
	orDefault(&o.Limits.MaxSharedBytes, d.MaxSharedBytes)
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, &rotonde.Error{Code: rotonde.EInvalid, Key: "err.timeline.file_could_not_be_read", Err: err}
	}
	if int64(len(data)) > max {
		return nil, rotonde.E(rotonde.ETooLarge, "err.timeline.file_is_larger_than_mb_split", max>>20)
	}
	return data, nil
}

// detectDelimiter counts , ; and tab outside quotes on the first non-empty
// line and picks the most frequent; a tie or none means ",".
func detectDelimiter(data []byte) rune {
	counts := map[byte]int{}
	inQuote := false
	started := false
	for _, c := range data {
		if c == '"' {
			inQuote = !inQuote
		}
		if inQuote {
			started = true
			continue
		}
		if c == '\n' || c == '\r' {
			if started {
				break
			}
			continue
		}
		started = true
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best, bestN := byte(','), counts[',']
	for _, c := range []byte{';', '\t'} {
		if counts[c] > bestN {
			best, bestN = c, counts[c]
		}
	}
	return rune(best)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

type column int

const (
	colDate column = iota
	colKind
	colDescription
	colLane
	colSource
	colPersons
	colOrganisations
	colHelpers
	colID
	colTags
	colEmotions
	colOpinions
	colAssumptions
	colInterpretations
	numColumns
)

// columnNames: the first name of each column is the canonical Dutch one.
var columnNames = [numColumns][]string{
	colDate:            {"datum", "date"},
	colKind:            {"soort", "kind", "type"},
	colDescription:     {"omschrijving", "beschrijving", "description"},
	colLane:            {"baan", "lane", "kant"},
	colSource:          {"bron", "source"},
	colPersons:         {"personen", "persoon", "betrokkenen", "persons", "people"},
	colOrganisations:   {"organisatie", "organisaties", "organisation", "organisations", "organization", "organizations"},
	colHelpers:         {"hulpverlener", "hulpverleners", "helper", "helpers", "professionals"},
	colID:              {"id"},
	colTags:            {"kenmerken", "kenmerk", "categorie", "categorieen", "categorieën", "labels", "tags", "category", "categories"},
	colEmotions:        {"emoties", "emotie", "emotions"},
	colOpinions:        {"meningen", "mening", "opinions"},
	colAssumptions:     {"aannames", "aanname", "assumptions"},
	colInterpretations: {"interpretaties", "interpretatie", "interpretations"},
}

type parser struct {
	opt       ParseOptions
	cols      [numColumns]int // index in the record, -1 when absent
	listComma bool            // the file uses ; or tab, so "," inside a list cell is a separator too
	date1904  bool            // XLSX from Mac Excel: serial day 0 is 1904-01-01
	maxStart  int
	rows      int
	ids       map[string]int

	events   []Event
	rejected []RowError
	nReject  int
	warnings []Warning
	// counted warnings, reported once with example lines
	noSource, laneDerived, inferred []int
}

func newParser(opt ParseOptions) *parser {
	p := &parser{opt: opt, ids: map[string]int{}}
	for i := range p.cols {
		p.cols[i] = -1
	}
	now := opt.Now
	p.maxStart = FromTime(now.AddDate(1, 0, 0)).Start()
	return p
}

// warn notes a warning: a catalogue key ("timeline.import.…") and its arguments.
func (p *parser) warn(line int, key string, args ...any) {
	p.warnings = append(p.warnings, Warning{Line: line, Text: rotonde.Say(key, args...)})
}

// reject notes a rejected row with its problems: "Regel 4: a; b.".
func (p *parser) reject(line int, problems rotonde.List) {
	p.nReject++
	if len(p.rejected) >= maxListedRejections {
		return
	}
	p.rejected = append(p.rejected, RowError{Line: line, Text: rotonde.Say("timeline.import.row_problems", line, problems)})
}

func normHeader(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	return strings.ToLower(strings.TrimSpace(s))
}

func (p *parser) header(rec []string, line int) error {
	var unknown []string
	for i, h := range rec {
		name := normHeader(h)
		if name == "" {
			continue
		}
		found := false
		for c, names := range columnNames {
			if slices.Contains(names, name) {
				if p.cols[c] >= 0 {
					return rotonde.E(rotonde.EInvalid, "err.timeline.column_appears_twice_in_header_line", columnNames[c][0], line)
				}
				p.cols[c] = i
				found = true
				break
			}
		}
		if !found {
			unknown = append(unknown, strings.TrimSpace(h))
		}
	}
	var missing []string
	for _, c := range []column{colDate, colKind, colDescription} {
		if p.cols[c] < 0 {
			missing = append(missing, columnNames[c][0])
		}
	}
	if len(missing) > 0 {
		m := strings.Join(missing, ", ")
		return rotonde.E(rotonde.EInvalid, "err.timeline.header_lacks_column_s_required_are",
			m, strings.Join(trimAll(rec), ", "))
	}
	if len(unknown) > 0 {
		u := strings.Join(unknown, ", ")
		p.warn(line, "timeline.import.unknown_columns", u)
	}
	if p.cols[colSource] < 0 {
		p.warn(line, "timeline.import.no_source_column")
	}
	return nil
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func (p *parser) cell(rec []string, c column) string {
	i := p.cols[c]
	if i < 0 || i >= len(rec) {
		return ""
	}
	// Rotonde's own exports put a quote before a value that would start a
	// formula; RestoreCell takes it off again.
	return rotonde.RestoreCell(strings.TrimSpace(rec[i]))
}

// row parses one data row; it returns an error only for file-level limits.
func (p *parser) row(rec []string, line int) error {
	p.rows++
	if p.rows > p.opt.Limits.MaxRows {
		return rotonde.E(rotonde.ETooLarge, "err.timeline.file_has_more_than_rows_split", p.opt.Limits.MaxRows)
	}
	r := &rowReader{p: p, rec: rec, line: line}
	for c := range numColumns {
		if v := p.cell(rec, c); utf8.RuneCountInString(v) > p.opt.Limits.MaxFieldLen {
			limit := p.opt.Limits.MaxFieldLen
			r.problems = append(r.problems, rotonde.SayCount("timeline.import.field_too_long", limit, columnNames[c][0], limit))
		}
	}
	if len(r.problems) > 0 {
		p.reject(line, r.problems)
		return nil
	}

	r.date()
	r.kind()
	r.e.Description = p.cell(rec, colDescription)
	if r.e.Description == "" {
		r.bad("timeline.import.description_missing")
	}
	r.lane()
	r.source()
	r.e.Persons = p.list(p.cell(rec, colPersons))
	r.e.Organisations = p.list(p.cell(rec, colOrganisations))
	r.e.Helpers = p.list(p.cell(rec, colHelpers))
	r.e.Emotions = p.cell(rec, colEmotions)
	r.e.Opinions = p.cell(rec, colOpinions)
	r.e.Assumptions = p.cell(rec, colAssumptions)
	r.e.Interpretations = p.cell(rec, colInterpretations)
	r.tags()
	r.id()

	if len(r.problems) > 0 {
		p.reject(line, r.problems)
		return nil
	}
	p.events = append(p.events, r.e)
	return nil
}

// rowReader reads one data row into an event, collecting what is wrong
// with it.
type rowReader struct {
	p        *parser
	rec      []string
	line     int
	e        Event
	problems rotonde.List
}

// bad notes a fault of the row: a catalogue key ("timeline.import.…") and
// its arguments.
func (r *rowReader) bad(key string, args ...any) {
	r.problems = append(r.problems, rotonde.Say(key, args...))
}

// date reads the required date: valid, from 1900, not far in the future.
func (r *rowReader) date() {
	raw := r.p.cell(r.rec, colDate)
	if raw == "" {
		r.bad("timeline.import.date_missing")
	} else if d, ok := r.p.parseDate(raw); !ok {
		r.bad("timeline.import.date_invalid", raw)
	} else if d.Year < 1900 {
		r.bad("timeline.import.date_before_1900", raw)
	} else if d.Start() > r.p.maxStart {
		r.bad("timeline.import.date_future", raw)
	} else {
		r.e.Date = d
	}
}

// kind reads the required kind of event.
func (r *rowReader) kind() {
	rawKind := r.p.cell(r.rec, colKind)
	if k, ok := parseKind(rawKind); ok {
		r.e.Kind = k
	} else if rawKind == "" {
		r.bad("timeline.import.kind_missing")
	} else {
		r.bad("timeline.import.kind_unknown", rawKind)
	}
}

// lane reads the lane, or takes the kind's own when it is empty.
func (r *rowReader) lane() {
	var fallback Lane
	if r.e.Kind != "" {
		fallback = r.e.Kind.DefaultLane()
	}
	optionalCell(r, colLane, &r.e.Lane, parseLane, fallback, &r.p.laneDerived, "timeline.import.lane_unknown")
}

// source reads the source, dossier when it is empty.
func (r *rowReader) source() {
	optionalCell(r, colSource, &r.e.Source, parseSource, SourceDossier, &r.p.noSource, "timeline.import.source_unknown")
}

// optionalCell reads a cell that may be empty into *dst. A value parse does
// not know is reported with the catalogue key unknown (formatted with the
// value). An empty cell takes fallback, when there is one, and its line
// goes into *defaulted when the file has the column, for the warning that
// says the value was assumed.
func optionalCell[T ~string](r *rowReader, col column, dst *T, parse func(string) (T, bool), fallback T, defaulted *[]int, unknown string) {
	raw := r.p.cell(r.rec, col)
	if raw == "" {
		if fallback == "" {
			return
		}
		*dst = fallback
		if r.p.cols[col] >= 0 {
			*defaulted = append(*defaulted, r.line)
		}
		return
	}
	v, ok := parse(raw)
	if !ok {
		r.bad(unknown, raw)
		return
	}
	*dst = v
}

// tags reads the tags, or infers them from the description when there
// are none and inference is on.
func (r *rowReader) tags() {
	if rawTags := r.p.cell(r.rec, colTags); rawTags != "" {
		tags, badTag := ParseTags(rawTags)
		if badTag != "" {
			r.bad("timeline.import.tag_unknown", badTag, categoryList())
		}
		r.e.Tags = tags
	} else if !r.p.opt.NoInference && r.e.Description != "" {
		r.e.Tags = InferTags(r.e.Description)
		if len(r.e.Tags) > 0 {
			r.p.inferred = append(r.p.inferred, r.line)
		}
	}
}

// id reads the row's ID, "r" and the line number when it has none, and
// checks that no other row has it.
func (r *rowReader) id() {
	r.e.ID = r.p.cell(r.rec, colID)
	if r.e.ID == "" {
		r.e.ID = "r" + strconv.Itoa(r.line)
	}
	if prev, dup := r.p.ids[r.e.ID]; dup {
		r.bad("timeline.import.duplicate_id", r.e.ID, prev)
	} else {
		r.p.ids[r.e.ID] = r.line
	}
}

// parseDate also accepts Excel serial numbers, which XLSX date cells hold.
func (p *parser) parseDate(s string) (Date, bool) {
	if d, ok := ParseDate(s); ok {
		return d, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 2200 && f < 2958466 {
		// Excel day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never
		// was; in the 1904 date system of Mac Excel day 0 is 1904-01-01.
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if p.date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return FromTime(base.AddDate(0, 0, int(f))), true
	}
	return Date{}, false
}

func (p *parser) finish() *Preview {
	lines := func(ls []int) string {
		var b strings.Builder
		for i, l := range ls {
			if i == 10 {
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(l))
		}
		return b.String()
	}
	// Each counted warning names how many rows and the first lines.
	for _, c := range []struct {
		key   string
		lines []int
	}{
		{"timeline.import.source_assumed", p.noSource},
		{"timeline.import.lane_derived", p.laneDerived},
		{"timeline.import.tags_inferred", p.inferred},
	} {
		if n := len(c.lines); n > 0 {
			p.warn(0, c.key, rotonde.SayCount("timeline.import.rows", n), lines(c.lines))
		}
	}
	Sort(p.events)
	return &Preview{Events: p.events, Rejected: p.rejected, RejectedCount: p.nReject, Warnings: p.warnings}
}

// list splits a list cell on ";" — or on "," when the cell has no ";",
// because people type "moeder, vader" in spreadsheets.
func (p *parser) list(s string) []string {
	if s == "" {
		return nil
	}
	sep := ";"
	if !strings.Contains(s, ";") && strings.Contains(s, ",") {
		sep = ","
	}
	var out []string
	for _, part := range strings.Split(s, sep) {
		if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	return out
}

// ParseTags reads a kenmerken cell: tokens separated by ";" or ",", each
// "categorie" or "categorie=waarde" (":" works too), e.g.
// "plaatsing=pleeggezin; tijdelijk". It returns the first unknown token.
func ParseTags(s string) (tags []Tag, unknown string) {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		tok = strings.TrimSpace(tok)
		if tok == "" {
			continue
		}
		key, val, _ := strings.Cut(tok, "=")
		if !strings.Contains(tok, "=") {
			key, val, _ = strings.Cut(tok, ":")
		}
		c := Category(strings.ToLower(strings.TrimSpace(key)))
		if !c.Valid() {
			if unknown == "" {
				unknown = tok
			}
			continue
		}
		tags = append(tags, Tag{Category: c, Value: strings.TrimSpace(val)})
	}
	return tags, unknown
}

// FormatTags is the inverse of ParseTags; inferred tags are left out so
// that an export does not turn guesses into statements.
func FormatTags(tags []Tag) string {
	var parts []string
	for _, t := range tags {
		if !t.Inferred {
			parts = append(parts, t.String())
		}
	}
	return strings.Join(parts, "; ")
}

func categoryList() string {
	s := make([]string, len(Categories))
	for i, c := range Categories {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

func parseKind(s string) (Kind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "beslismoment", "besluit", "beslissing", "decision":
		return KindDecision, true
	case "contact", "cruciaal contact":
		return KindContact, true
	case "gebeurtenis", "feitelijke gebeurtenis", "event":
		return KindEvent, true
	case "behoefte", "need":
		return KindNeed, true
	case "beleving", "ervaring", "experience":
		return KindExperience, true
	}
	return "", false
}

func parseLane(s string) (Lane, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "professioneel", "professional", "formeel", "boven", "hulpverlening", "professionals":
		return LaneProfessional, true
	case "gezin", "familie", "onder", "family":
		return LaneFamily, true
	}
	return "", false
}

func parseSource(s string) (Source, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dossier", "case file", "file":
		return SourceDossier, true
	case "gezinslid", "gezin", "familie", "familielid", "ouder", "jongere", "kind", "family", "family member":
		return SourceFamily, true
	case "professional", "professioneel", "hulpverlener", "professionals":
		return SourceProfessional, true
	}
	return "", false
}

// windows1252 holds the characters of bytes 0x80–0x9F; the rest of the
// code page equals Latin-1.
var windows1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ',
}

func decodeWindows1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xa0:
			out = utf8.AppendRune(out, windows1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

// decodeUTF16 converts UTF-16 with a byte-order mark (little or big endian)
// to UTF-8; ok is false when data has no UTF-16 byte-order mark.
func decodeUTF16(data []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return nil, false
	}
	data = data[2:]
	out := make([]byte, 0, len(data)/2*3/2)
	var pending uint16
	for i := 0; i+1 < len(data); i += 2 {
		u := order.Uint16(data[i:])
		switch {
		case pending != 0 && utf16.IsSurrogate(rune(u)) && u >= 0xdc00:
			out = utf8.AppendRune(out, utf16.DecodeRune(rune(pending), rune(u)))
			pending = 0
			continue
		case pending != 0:
			out = utf8.AppendRune(out, utf8.RuneError)
			pending = 0
		}
		if u >= 0xd800 && u < 0xdc00 {
			pending = u
			continue
		}
		out = utf8.AppendRune(out, rune(u))
	}
	if pending != 0 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out, true
}

// tooManyFields reports the first record with more than limit fields,
// following encoding/csv's rules for quotes (with LazyQuotes), so that a
// line of millions of separators is refused before csv.Reader allocates a
// field for each.
func tooManyFields(data []byte, comma byte, limit int) (line int, over bool) {
	fields, line, start := 1, 1, 1
	fieldStart, quoted := true, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if quoted {
			switch {
			case c == '\n':
				line++
			case c == '"' && i+1 < len(data) && data[i+1] == '"':
				i++
			case c == '"' && (i+1 == len(data) || data[i+1] == comma || data[i+1] == '\n' || data[i+1] == '\r'):
				quoted = false
			}
			continue
		}
		switch c {
		case comma:
			if fields++; fields > limit {
				return start, true
			}
			fieldStart = true
			continue
		case '\n':
			line++
			fields, start, fieldStart = 1, line, true
			continue
		case '"':
			quoted = fieldStart
		}
		fieldStart = false
	}
	return 0, false
}
