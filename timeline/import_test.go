package timeline

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/xuri/excelize/v2"
)

var now = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func parse(t *testing.T, s string) *Preview {
	t.Helper()
	p, err := ParseCSV(context.Background(), strings.NewReader(s), ParseOptions{Now: now})
	if err != nil {
		t.Fatalf("ParseCSV: %v", err)
	}
	return p
}

func TestParseCSVVariants(t *testing.T) {
	want := []Event{{
		ID: "r2", Date: Day(2019, 3, 14), Kind: KindDecision, Lane: LaneProfessional, Source: SourceDossier,
		Description: "Start hulp, thuis", Persons: []string{"Noor (15)", "moeder"}, Organisations: []string{"Wijkteam"},
		Helpers: []string{"wijkcoach A"},
	}, {
		ID: "r3", Date: About(2019), Kind: KindExperience, Lane: LaneFamily, Source: SourceFamily,
		Description: "Ik voelde me \"gezien\"\nen gehoord", Persons: []string{"moeder"},
	}}
	canonical := "datum,soort,omschrijving,baan,bron,personen,organisatie,hulpverlener\n" +
		"2019-03-14,beslismoment,\"Start hulp, thuis\",professioneel,dossier,Noor (15);moeder,Wijkteam,wijkcoach A\n" +
		"ca. 2019,beleving,\"Ik voelde me \"\"gezien\"\"\nen gehoord\",gezin,gezinslid,moeder,,\n"
	variants := map[string]string{
		"canonical":         canonical,
		"crlf+bom+trailing": "\ufeff" + strings.ReplaceAll(canonical, "\n", "\r\n") + "\r\n\r\n,,,,\n",
		"semicolon, shuffled, header case": " Omschrijving ;DATUM;Soort;hulpverlener;personen;Organisatie;BRON;baan\n" +
			"\"Start hulp, thuis\";14-03-2019;beslismoment;wijkcoach A;\"Noor (15);moeder\";Wijkteam;dossier;professioneel\n" +
			"\"Ik voelde me \"\"gezien\"\"\nen gehoord\";ca 2019;beleving;;moeder;;gezinslid;gezin\n",
		"tab, lane derived": "datum\tsoort\tomschrijving\tbron\tpersonen\torganisatie\thulpverlener\n" +
			"2019-03-14\tbeslismoment\tStart hulp, thuis\tdossier\tNoor (15), moeder\tWijkteam\twijkcoach A\n" +
			"±2019\tbeleving\t\"Ik voelde me \"\"gezien\"\"\nen gehoord\"\tgezinslid\tmoeder\t\t\n",
	}
	for name, in := range variants {
		t.Run(name, func(t *testing.T) {
			p := parse(t, in)
			if !p.OK() {
				t.Fatalf("rejected: %+v", p.Rejected)
			}
			// Line numbers differ where a header is shifted; compare without IDs.
			got := p.Events
			for i := range got {
				got[i].ID = ""
				got[i].Tags = nil
			}
			// Sorted by date: "ca. 2019" starts on 1 January, before 14 March.
			w := []Event{want[1], want[0]}
			for i := range w {
				w[i].ID = ""
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("events:\n got %+v\nwant %+v", got, w)
			}
		})
	}
}

func TestParseCSVRejectsRowsWithLineAndReason(t *testing.T) {
	long := strings.Repeat("x", 101)
	in := "datum,soort,omschrijving,baan,bron,id\n" + // line 1
		"2019-03-14,beslismoment,ok,,,a\n" + // 2 ok
		"2019-13-40,beslismoment,bad date,,,b\n" + // 3
		"0000,contact,year zero,,,c\n" + // 4
		"2099-01-01,contact,far future,,,d\n" + // 5
		"2019,vergadering,unknown kind,,,e\n" + // 6
		"2019,contact,,,,f\n" + // 7
		"2019,contact,lane,boven-ish,,g\n" + // 8
		"2019,contact,source,,buurman,h\n" + // 9
		"2019,contact," + long + ",,,i\n" + // 10
		"2019,contact,dup,,,a\n" + // 11
		"\n" + // 12 empty: skipped
		",contact,no date,,,j\n" // 13
	p, err := ParseCSV(context.Background(), strings.NewReader(in), ParseOptions{Now: now, Limits: Limits{MaxFieldLen: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if p.OK() || len(p.Events) != 1 {
		t.Fatalf("OK=%v events=%d", p.OK(), len(p.Events))
	}
	want := map[int]string{3: "2019-13-40", 4: "0000", 5: "toekomst", 6: "vergadering", 7: "omschrijving ontbreekt",
		8: "baan", 9: "buurman", 10: "langer dan 100", 11: "regel 2", 13: "datum ontbreekt"}
	if len(p.Rejected) != len(want) {
		t.Fatalf("rejected %d rows, want %d: %+v", len(p.Rejected), len(want), p.Rejected)
	}
	for _, r := range p.Rejected {
		frag, ok := want[r.Line]
		if !ok {
			t.Errorf("unexpected rejected line %d: %s", r.Line, r.Message("nl"))
			continue
		}
		if !strings.Contains(r.Message("nl"), frag) || !strings.HasPrefix(r.Message("nl"), "Regel ") || !strings.HasPrefix(r.Message("en"), "Line ") {
			t.Errorf("line %d: NL %q EN %q, want %q", r.Line, r.Message("nl"), r.Message("en"), frag)
		}
	}
}

func TestParseCSVFileErrors(t *testing.T) {
	ctx := context.Background()
	tests := map[string]struct {
		in   string
		opt  ParseOptions
		code rotonde.ErrorCode
	}{
		"empty":            {"", ParseOptions{}, rotonde.EInvalid},
		"missing required": {"datum,baan\n2019,gezin\n", ParseOptions{}, rotonde.EInvalid},
		"duplicate column": {"datum,soort,omschrijving,Datum\n", ParseOptions{}, rotonde.EInvalid},
		"too many rows":    {"datum,soort,omschrijving\n2019,contact,a\n2019,contact,b\n2019,contact,c\n", ParseOptions{Limits: Limits{MaxRows: 2}}, rotonde.ETooLarge},
		"too many bytes":   {"datum,soort,omschrijving\n" + strings.Repeat("2019,contact,a\n", 100), ParseOptions{Limits: Limits{MaxBytes: 100}}, rotonde.ETooLarge},
	}
	for name, tt := range tests {
		_, err := ParseCSV(ctx, strings.NewReader(tt.in), tt.opt)
		var re *rotonde.Error
		if !errors.As(err, &re) || re.Code != tt.code || re.Message("nl") == "" || re.Message("en") == "" {
			t.Errorf("%s: err = %v, want code %s with NL and EN", name, err, tt.code)
		}
	}
}

func TestParseCSVWindows1252(t *testing.T) {
	in := []byte("datum;soort;omschrijving\n2019;beleving;Ik voel me gehoord \x96 eindelijk, caf\xe9\n")
	p, err := ParseCSV(context.Background(), bytes.NewReader(in), ParseOptions{Now: now})
	if err != nil || !p.OK() {
		t.Fatalf("err %v rejected %+v", err, p.Rejected)
	}
	if got := p.Events[0].Description; got != "Ik voel me gehoord – eindelijk, café" {
		t.Errorf("description %q", got)
	}
	if len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0].Message("nl"), "Windows-1252") {
		t.Errorf("want an encoding warning, got %+v", p.Warnings)
	}
}

func TestParseTagsAndInference(t *testing.T) {
	in := "datum,soort,omschrijving,kenmerken\n" +
		"2020-02-10,beslismoment,Iets,plaatsing=pleeggezin; tijdelijk\n" +
		"2020-10-16,beslismoment,Noor wordt geplaatst in de crisisopvang,\n" +
		"2020-11-01,beslismoment,x,onzin\n"
	p := parse(t, in)
	if len(p.Rejected) != 1 || p.Rejected[0].Line != 4 {
		t.Fatalf("want line 4 rejected for unknown tag, got %+v", p.Rejected)
	}
	e0, e1 := p.Events[0], p.Events[1]
	if tg, ok := e0.Tag(CatMove); !ok || tg.Value != "pleeggezin" || tg.Inferred || !e0.Has(CatTemporary) {
		t.Errorf("explicit tags: %+v", e0.Tags)
	}
	if tg, ok := e1.Tag(CatMove); !ok || tg.Value != "crisisopvang" || !tg.Inferred || !e1.Has(CatTemporary) {
		t.Errorf("inferred tags: %+v", e1.Tags)
	}
	p2, _ := ParseCSV(context.Background(), strings.NewReader(in), ParseOptions{Now: now, NoInference: true})
	if len(p2.Events[1].Tags) != 0 {
		t.Errorf("NoInference still inferred %+v", p2.Events[1].Tags)
	}
}

func TestInferTags(t *testing.T) {
	tests := []struct {
		desc string
		want []string
	}{
		{"Noor wordt geplaatst in een pleeggezin", []string{"plaatsing=pleeggezin"}},
		{"Overplaatsing naar gesloten jeugdzorg (JeugdzorgPlus)", []string{"gesloten", "plaatsing=gesloten jeugdzorg"}},
		{"Machtiging gesloten jeugdzorg aangevraagd", []string{"gesloten"}},
		{"Aanmelding residentiële groep; Noor komt op de wachtlijst", []string{"wachtlijst"}},
		{"Kinderrechter spreekt OTS uit", []string{"maatregel"}},
		{"Plotseling ruzie thuis", nil},
		{"Vader verhuist naar een andere stad", nil},
		{"Start MST bij het gezin", []string{"start=MST"}},
		{"Ambulante gezinsbehandeling gestopt", []string{"einde=gezinsbehandeling"}},
		{"Noor gaat naar de crisisopvang en wordt daar opgenomen", []string{"plaatsing=crisisopvang", "tijdelijk"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tg := range InferTags(tt.desc) {
			if !tg.Inferred {
				t.Errorf("%q: tag not marked inferred", tt.desc)
			}
			got = append(got, tg.String())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("InferTags(%q) = %v, want %v", tt.desc, got, tt.want)
		}
	}
}

func TestDemoRoundTripCSV(t *testing.T) {
	demo := NoorFixture()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, demo); err != nil {
		t.Fatal(err)
	}
	p, err := ParseCSV(context.Background(), &buf, ParseOptions{Now: now, NoInference: true})
	if err != nil || !p.OK() {
		t.Fatalf("err %v rejected %+v", err, p.Rejected)
	}
	if !reflect.DeepEqual(p.Events, demo) {
		for i := range demo {
			if !reflect.DeepEqual(p.Events[i], demo[i]) {
				t.Fatalf("event %d differs:\n got %+v\nwant %+v", i, p.Events[i], demo[i])
			}
		}
	}
}

func TestParseXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{" Soort ", "Datum", "omschrijving", "personen"},
		{"beslismoment", nil, "Excel date cell", "moeder, vader"},
		{"contact", "2019-03", "text date", nil},
		{},
		{"gebeurtenis", "2019-02-30", "bad", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellValue("Sheet1", "B2", time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p, err := Parse(context.Background(), &buf, "dossier.XLSX", ParseOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rejected) != 1 || p.Rejected[0].Line != 5 {
		t.Fatalf("want row 5 rejected, got %+v", p.Rejected)
	}
	if len(p.Events) != 2 || p.Events[1].Date != Day(2019, 3, 14) || p.Events[0].Date != MonthOf(2019, 3) {
		t.Fatalf("events %+v", p.Events)
	}
	if !reflect.DeepEqual(p.Events[1].Persons, []string{"moeder", "vader"}) {
		t.Errorf("persons %v", p.Events[1].Persons)
	}
	if _, err := Parse(context.Background(), strings.NewReader("not a zip"), "x.xlsx", ParseOptions{}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Errorf("garbage xlsx: %v", err)
	}
}

func TestParseHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ParseCSV(ctx, strings.NewReader("datum,soort,omschrijving\n2019,contact,a\n"), ParseOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
