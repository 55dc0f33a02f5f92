package refiqda_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
	"github.com/rotonde-jeugd/rotonde/refiqda"
	"github.com/rotonde-jeugd/rotonde/research"
)

func material() *research.Material {
	at := time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)
	return &research.Material{
		Network: "Rivierenland", ExportedAt: at,
		Coders: []research.Coder{{ID: 4, Name: "Onderzoeker Vos"}, {ID: 9, Name: "Beleidsmedewerker Aydın"}},
		Codes: []research.Code{{ID: 1, Name: "Randvoorwaarden", Colour: "#336699", Group: "theme"},
			{ID: 2, ParentID: 1, Name: "Financiering", Colour: "#6699cc", Group: "theme"},
			{ID: 3, Name: "Vertragen", Colour: "#993333", Group: "verb"}},
		Texts: []research.Text{
			{ID: 10, CaseID: 5, Kind: "dilemma", Level: "netwerk", Body: "Het budget liep af vóór de hulp paste.", SharedAt: at,
				Codings: []research.Coding{{ID: 100, CodeID: 2, CoderID: 4, Start: 4, End: 10, At: at},
					{ID: 101, CodeID: 2, CoderID: 9, Start: 4, End: 10, At: at}, {ID: 102, CodeID: 3, CoderID: 9, At: at}}},
			{ID: 11, Kind: "insight", Level: "organisatie", Body: "Samen vertragen gaf ruimte.", SharedAt: at},
		},
		Memos: []research.Memo{{ID: 7, CoderID: 4, Kind: "memo", Body: "Budget en wachtlijst vallen samen.", At: at}},
		Cases: []research.Case{{ID: 5, Organisation: "Jeugdhulp De Linde", Region: "Rivierenland", Phase: "verkennen"}},
	}
}

func TestMaterialExportValidates(t *testing.T) {
	xmllint := testtool.RequireTool(t, "xmllint")
	qde, err := refiqda.Marshal(refiqda.FromMaterial(material()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(path, qde, 0o600); err != nil {
		t.Fatal(err)
	}
	schema := testtool.SharedPath("refi-qda/Project-mrt2019.xsd")
	if out, err := exec.Command(xmllint, "--noout", "--schema", schema, path).CombinedOutput(); err != nil {
		t.Fatalf("export does not validate: %v\n%s", err, out)
	}
}

func TestMaterialExportShape(t *testing.T) {
	p := refiqda.FromMaterial(material())
	if len(p.Codes) != 2 || len(p.Codes[0].Children) != 1 || p.Codes[0].Children[0].Name != "Financiering" {
		t.Fatalf("codebook hierarchy lost: %+v", p.Codes)
	}
	src := p.Sources[0]
	if len(src.Selections) != 2 {
		t.Fatalf("want 2 selections (one shared by two coders, one of the whole text), got %+v", src.Selections)
	}
	if got := src.SelectedText(src.Selections[1]); got != "budget" {
		t.Errorf("selection text %q", got)
	}
	if len(src.Selections[1].Codings) != 2 || src.Selections[0].End != 38 {
		t.Errorf("codings by two coders on one stretch, whole-text coding to the end: %+v", src.Selections)
	}
	if len(p.Cases) != 1 || len(p.Cases[0].Sources) != 1 || p.Cases[0].Values[2].Text != "verkennen" {
		t.Errorf("case with its variables and sources: %+v", p.Cases)
	}
}

// Export → import → export keeps every coding; codings made in another
// tool come home, and codings of texts outside the network are skipped.
func TestMaterialRoundTrip(t *testing.T) {
	m := material()
	var buf bytes.Buffer
	if err := refiqda.Write(&buf, refiqda.FromMaterial(m)); err != nil {
		t.Fatal(err)
	}
	p, err := refiqda.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	back, skipped := refiqda.ToMaterial(p, m)
	if len(back.Codes) != 0 || len(back.Texts) != 0 || len(back.Memos) != 0 || skipped != 0 {
		t.Fatalf("an unchanged export brought something new: %+v, skipped %d", back, skipped)
	}
	var again bytes.Buffer
	if err := refiqda.Write(&again, refiqda.FromMaterial(m)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("two exports of the same material differ")
	}

	// Another tool adds a sub-code, codes with it as a new coder, adds a
	// memo and a text of its own.
	newCode := refiqda.Code{GUID: "0f0f0f0f-0000-4000-8000-000000000001", Name: "Contractering", Color: "#aa00aa", Codable: true}
	p.Codes[0].Children = append(p.Codes[0].Children, newCode)
	p.Users = append(p.Users, refiqda.User{GUID: "0f0f0f0f-0000-4000-8000-000000000002", Name: "MAXQDA-gebruiker"})
	p.Sources[1].Selections = append(p.Sources[1].Selections, refiqda.Selection{GUID: "0f0f0f0f-0000-4000-8000-000000000003",
		Start: 0, End: 5, Codings: []refiqda.Coding{{GUID: "0f0f0f0f-0000-4000-8000-000000000004", Code: newCode.GUID,
			CreatedBy: "0f0f0f0f-0000-4000-8000-000000000002"}}})
	p.Sources = append(p.Sources, refiqda.TextSource{GUID: "0f0f0f0f-0000-4000-8000-000000000005", Name: "eigen", Text: "los",
		Selections: []refiqda.Selection{{GUID: "0f0f0f0f-0000-4000-8000-000000000006", Start: 0, End: 3,
			Codings: []refiqda.Coding{{GUID: "0f0f0f0f-0000-4000-8000-000000000007", Code: newCode.GUID}}}}})
	p.Notes = append(p.Notes, refiqda.Note{GUID: "0f0f0f0f-0000-4000-8000-000000000008", Text: "Nieuw memo"})
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	back, skipped = refiqda.ToMaterial(p, m)
	if len(back.Codes) != 1 || back.Codes[0].ID >= 0 || back.Codes[0].ParentID != 1 || back.Codes[0].Name != "Contractering" {
		t.Fatalf("new sub-code: %+v", back.Codes)
	}
	if len(back.Texts) != 1 || back.Texts[0].ID != 11 || len(back.Texts[0].Codings) != 1 {
		t.Fatalf("new coding: %+v", back.Texts)
	}
	if c := back.Texts[0].Codings[0]; c.CodeID != back.Codes[0].ID || c.CoderID != 0 || c.Start != 0 || c.End != 5 {
		t.Errorf("coding fields: %+v", c)
	}
	if skipped != 1 || len(back.Memos) != 1 {
		t.Errorf("skipped %d (want 1), memos %d (want 1)", skipped, len(back.Memos))
	}
}

// A code another tool made is matched by its name under the same parent,
// so importing the same file twice adds it once.
func TestForeignCodeMatchedByName(t *testing.T) {
	m := material()
	p := refiqda.FromMaterial(m)
	p.Codes[0].Children = append(p.Codes[0].Children, refiqda.Code{GUID: "0f0f0f0f-0000-4000-8000-000000000009", Name: "financiering", Codable: true})
	back, _ := refiqda.ToMaterial(p, m)
	if len(back.Codes) != 0 {
		t.Fatalf("a code with a known name under the same parent was added again: %+v", back.Codes)
	}
	m.Codes = append(m.Codes, research.Code{ID: 40, ParentID: 3, Name: "Contractering"})
	p.Codes[0].Children = append(p.Codes[0].Children, refiqda.Code{GUID: "0f0f0f0f-0000-4000-8000-000000000010", Name: "Contractering", Codable: true})
	if back, _ = refiqda.ToMaterial(p, m); len(back.Codes) != 1 {
		t.Fatalf("the same name under another parent is another code: %+v", back.Codes)
	}
}
