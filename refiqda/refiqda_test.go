package refiqda_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testtool"
	"github.com/rotonde-jeugd/rotonde/refiqda"
)

// sample is a small project with every part Rotonde exports: two coders,
// a codebook with a sub-code and colours, variables on cases, texts with
// non-ASCII letters, overlapping codings and a memo.
func sample() *refiqda.Project {
	at := time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)
	g := refiqda.GUID
	text := "De financiële regels maakten dat de gezinsvoogd niet kon schakelen. Wachtlijst: 14 weken."
	return &refiqda.Project{
		Name: "Rode draden regio Rivierenland", Origin: "Rotonde", CreatedAt: at, CreatingUser: g("user", 1),
		Users: []refiqda.User{{GUID: g("user", 1), Name: "Coder A"}, {GUID: g("user", 2), Name: "Coder B"}},
		Codes: []refiqda.Code{
			{GUID: g("code", 1), Name: "Randvoorwaarden", Color: "#1f77b4", Codable: true, Description: "Wat een goede beslissing in de weg staat",
				Children: []refiqda.Code{{GUID: g("code", 2), Name: "Financiering", Color: "#aec7e8", Codable: true}}},
			{GUID: g("code", 3), Name: "Wachtlijst", Color: "#d62728", Codable: true},
		},
		Variables: []refiqda.Variable{{GUID: g("variable", 1), Name: "organisatie", Type: refiqda.VariableText},
			{GUID: g("variable", 2), Name: "fase", Type: refiqda.VariableInteger}},
		Cases: []refiqda.Case{{GUID: g("case", 1), Name: "Casus 1", Sources: []string{g("insight", 7)},
			Values: []refiqda.Value{{Variable: g("variable", 1), Text: "Zorgaanbieder De Linde"}, {Variable: g("variable", 2), Text: "3"}}}},
		Sources: []refiqda.TextSource{{GUID: g("insight", 7), Name: "Inzicht 7", Text: text, CreatedBy: g("user", 1), CreatedAt: at,
			Notes: []string{g("memo", 1)},
			Selections: []refiqda.Selection{
				{GUID: g("selection", 1), Start: 3, End: 20, CreatedBy: g("user", 1), CreatedAt: at,
					Codings: []refiqda.Coding{{GUID: g("coding", 1), Code: g("code", 2), CreatedBy: g("user", 1), CreatedAt: at},
						{GUID: g("coding", 2), Code: g("code", 2), CreatedBy: g("user", 2), CreatedAt: at}}},
				{GUID: g("selection", 2), Start: 68, End: 89, CreatedBy: g("user", 2), CreatedAt: at,
					Codings: []refiqda.Coding{{GUID: g("coding", 3), Code: g("code", 3), CreatedBy: g("user", 2), CreatedAt: at}}},
			}}},
		Notes: []refiqda.Note{{GUID: g("memo", 1), Name: "Memo", Text: "Financiering en wachtlijst hangen samen.", CreatedBy: g("user", 2), CreatedAt: at}},
	}
}

func writeFile(t *testing.T, p *refiqda.Project) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := refiqda.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The project file validates against the REFI-QDA schema that ATLAS.ti,
// MAXQDA, NVivo and QualCoder read.
func TestProjectValidatesAgainstTheSchema(t *testing.T) {
	xmllint := testtool.RequireTool(t, "xmllint")
	schema := testtool.SharedPath("refi-qda/Project-mrt2019.xsd")
	if _, err := os.Stat(schema); err != nil {
		t.Fatalf("REFI-QDA schema not found beside the repository: %v", err)
	}
	qde, err := refiqda.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(path, qde, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", schema, path).CombinedOutput()
	if err != nil {
		t.Fatalf("project.qde does not validate: %v\n%s\n%s", err, out, qde)
	}
	// The check has teeth: an element out of the schema's order fails.
	broken := bytes.Replace(qde, []byte("<Users>"), []byte("<Notes><Note guid=\"00000000-0000-0000-0000-000000000000\"/></Notes><Users>"), 1)
	if err := os.WriteFile(path, broken, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", schema, path).CombinedOutput(); err == nil {
		t.Fatalf("a misordered project validated:\n%s", out)
	}
}

func TestZipHoldsProjectAndSources(t *testing.T) {
	data := writeFile(t, sample())
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	want := []string{"project.qde", "Sources/" + refiqda.GUID("insight", 7) + ".txt"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}
}

func TestRoundTripKeepsEverything(t *testing.T) {
	in := sample()
	data := writeFile(t, in)
	out, err := refiqda.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the project:\n in %+v\nout %+v", in, out)
	}
	src := out.Sources[0]
	if got := src.SelectedText(src.Selections[0]); got != "financiële regels" {
		t.Errorf("selection counts characters, not bytes: got %q", got)
	}
	// Writing what was read gives the same file.
	if again := writeFile(t, out); !bytes.Equal(again, data) {
		t.Error("export → import → export is not stable")
	}
}

func TestGUIDIsStableAndWellFormed(t *testing.T) {
	a, b := refiqda.GUID("code", 12), refiqda.GUID("code", 12)
	if a != b || a == refiqda.GUID("code", 13) || a == refiqda.GUID("insight", 12) {
		t.Fatalf("GUIDs not stable and distinct: %s %s", a, b)
	}
	if len(a) != 36 || a[14] != '5' {
		t.Fatalf("not a name-based GUID: %s", a)
	}
}

// Every way a file can be wrong gives its own message, in Dutch and
// English, and no project.
func TestBadFilesAreRefusedWithAReason(t *testing.T) {
	cases := map[string]struct {
		file []byte
		key  string
	}{
		"not a zip":          {[]byte("hallo"), "err.refiqda.not_a_zip"},
		"no project.qde":     {zipOf(t, map[string]string{"readme.txt": "x"}), "err.refiqda.no_project_qde"},
		"broken XML":         {zipOf(t, map[string]string{"project.qde": "<Project"}), "err.refiqda.bad_xml_line"},
		"other namespace":    {zipOf(t, map[string]string{"project.qde": `<Project name="x"/>`}), "err.refiqda.not_a_project"},
		"unknown code":       {mutate(t, func(p *refiqda.Project) { p.Codes = p.Codes[1:] }), "err.refiqda.unknown_code"},
		"selection too long": {mutate(t, func(p *refiqda.Project) { p.Sources[0].Text = "kort" }), "err.refiqda.selection_outside_text"},
		"missing source":     {dropSource(t), "err.refiqda.source_file_missing"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := refiqda.Read(bytes.NewReader(c.file), int64(len(c.file)))
			var re *rotonde.Error
			if p != nil || !errors.As(err, &re) || re.Key != c.key {
				t.Fatalf("got %v, %v; want error %s", p, err, c.key)
			}
			for _, lang := range []string{"nl", "en"} {
				if msg := re.Message(lang); msg == "" || strings.Contains(msg, "err.") {
					t.Errorf("%s message missing: %q", lang, msg)
				}
			}
		})
	}
}

func TestCheckRefusesDuplicateGUIDs(t *testing.T) {
	p := sample()
	p.Notes[0].GUID = p.Users[0].GUID
	if _, err := refiqda.Marshal(p); err == nil {
		t.Fatal("a project with a GUID used twice was written")
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mutate writes a valid project's XML and text with a change that the
// writer itself would refuse, the way another program might produce it.
func mutate(t *testing.T, change func(*refiqda.Project)) []byte {
	t.Helper()
	p := sample()
	qde, err := refiqda.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	changed := sample()
	change(changed)
	files := map[string]string{}
	for _, s := range changed.Sources {
		files["Sources/"+s.GUID+".txt"] = s.Text
	}
	if len(changed.Codes) != len(p.Codes) {
		first := p.Codes[0]
		start := bytes.Index(qde, []byte(`<Code guid="`+first.GUID))
		end := bytes.Index(qde, []byte(`<Code guid="`+p.Codes[1].GUID))
		qde = append(qde[:start:start], qde[end:]...)
	}
	files["project.qde"] = string(qde)
	return zipOf(t, files)
}

func dropSource(t *testing.T) []byte {
	t.Helper()
	qde, err := refiqda.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	return zipOf(t, map[string]string{"project.qde": string(qde)})
}
