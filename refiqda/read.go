package refiqda

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rotonde-jeugd/rotonde"
)

// MaxSize bounds what Read unpacks: a project with its sources.
const MaxSize = 64 << 20

var (
	guidPattern  = regexp.MustCompile(`^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`)
	colorPattern = regexp.MustCompile(`^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$`)
)

// Read unpacks a .qdpx file. What is wrong with it comes back as a
// rotonde.Error the reader can act on, in their language.
func Read(r io.ReaderAt, size int64) (*Project, error) {
	if size > MaxSize {
		return nil, rotonde.E(rotonde.ETooLarge, "err.refiqda.too_large", MaxSize>>20)
	}
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.not_a_zip")
	}
	files := map[string]*zip.File{}
	var total uint64
	for _, f := range z.File {
		files[f.Name] = f
		total += f.UncompressedSize64
	}
	if total > MaxSize {
		return nil, rotonde.E(rotonde.ETooLarge, "err.refiqda.too_large", MaxSize>>20)
	}
	qde, ok := files["project.qde"]
	if !ok {
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.no_project_qde")
	}
	data, err := readZipFile(qde)
	if err != nil {
		return nil, err
	}
	p, err := Unmarshal(data, func(path string) (string, error) {
		name := "Sources/" + strings.TrimPrefix(path, "internal://")
		f, ok := files[name]
		if !strings.HasPrefix(path, "internal://") || !ok {
			return "", rotonde.E(rotonde.EInvalid, "err.refiqda.source_file_missing", path)
		}
		b, err := readZipFile(f)
		if err != nil {
			return "", err
		}
		if !utf8.Valid(b) {
			return "", rotonde.E(rotonde.EInvalid, "err.refiqda.source_not_utf8", path)
		}
		return string(b), nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.not_a_zip")
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxSize+1))
	if err != nil || len(b) > MaxSize {
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.not_a_zip")
	}
	return b, nil
}

// Unmarshal reads project.qde; open gives the text behind a source's
// plainTextPath.
func Unmarshal(data []byte, open func(plainTextPath string) (string, error)) (*Project, error) {
	var x xmlProject
	d := xml.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&x); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.bad_xml_line", se.Line, se.Msg)
		}
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.not_a_project")
	}
	if x.XMLName.Space != Namespace {
		return nil, rotonde.E(rotonde.EInvalid, "err.refiqda.not_a_project")
	}
	p := &Project{Name: x.Name, Origin: x.Origin, CreatingUser: x.CreatingUser,
		CreatedAt: parseTime(x.Created), Description: x.Description}
	if x.Users != nil {
		for _, u := range x.Users.User {
			p.Users = append(p.Users, User(u))
		}
	}
	if x.CodeBook != nil {
		p.Codes = fromXMLCodes(x.CodeBook.Codes.Code)
	}
	unmarshalCases(p, x)
	if err := unmarshalSources(p, x, open); err != nil {
		return nil, err
	}
	if x.Notes != nil {
		for _, n := range x.Notes.Note {
			text := ""
			if n.Content != nil {
				text = *n.Content
			}
			p.Notes = append(p.Notes, Note{GUID: n.GUID, Name: n.Name, Text: text,
				CreatedBy: n.CreatingUser, CreatedAt: parseTime(n.Created)})
		}
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	return p, nil
}

func unmarshalCases(p *Project, x xmlProject) {
	if x.Variables != nil {
		for _, v := range x.Variables.Variable {
			p.Variables = append(p.Variables, Variable{GUID: v.GUID, Name: v.Name, Type: VariableType(v.Type)})
		}
	}
	if x.Cases == nil {
		return
	}
	for _, c := range x.Cases.Case {
		pc := Case{GUID: c.GUID, Name: c.Name, Description: c.Description, Sources: targets(c.SourceRefs)}
		for _, v := range c.Values {
			pc.Values = append(pc.Values, Value{Variable: v.VariableRef.Target, Text: v.text()})
		}
		p.Cases = append(p.Cases, pc)
	}
}

func unmarshalSources(p *Project, x xmlProject, open func(string) (string, error)) error {
	if x.Sources == nil {
		return nil
	}
	for _, s := range x.Sources.TextSource {
		src := TextSource{GUID: s.GUID, Name: s.Name, Description: s.Description,
			CreatedBy: s.CreatingUser, CreatedAt: parseTime(s.Created), Notes: targets(s.NoteRefs)}
		switch {
		case s.Content != nil:
			src.Text = *s.Content
		case s.PlainTextPath != "":
			text, err := open(s.PlainTextPath)
			if err != nil {
				return err
			}
			src.Text = text
		}
		for _, sel := range s.Selections {
			ps := Selection{GUID: sel.GUID, Name: sel.Name, Start: sel.Start, End: sel.End,
				CreatedBy: sel.CreatingUser, CreatedAt: parseTime(sel.Created)}
			for _, c := range sel.Codings {
				ps.Codings = append(ps.Codings, Coding{GUID: c.GUID, Code: c.CodeRef.Target,
					CreatedBy: c.CreatingUser, CreatedAt: parseTime(c.Created)})
			}
			src.Selections = append(src.Selections, ps)
		}
		p.Sources = append(p.Sources, src)
	}
	return nil
}

// Check verifies what the schema and the references demand: GUIDs well
// formed and unique, colours as #rgb, every reference pointing at something
// in the project, selections inside their text.
func (p *Project) Check() error {
	if strings.TrimSpace(p.Name) == "" {
		return rotonde.E(rotonde.EInvalid, "err.refiqda.project_without_name")
	}
	c := checker{seen: map[string]string{}}
	for _, u := range p.Users {
		c.guid(u.GUID, "user")
	}
	p.Walk(func(code *Code, _ string) {
		c.guid(code.GUID, "code")
		if code.Color != "" && !colorPattern.MatchString(code.Color) {
			c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.bad_color", code.Name, code.Color))
		}
	})
	for _, v := range p.Variables {
		c.guid(v.GUID, "variable")
	}
	for _, n := range p.Notes {
		c.guid(n.GUID, "note")
	}
	for _, s := range p.Sources {
		c.guid(s.GUID, "source")
		for _, sel := range s.Selections {
			c.guid(sel.GUID, "selection")
			for _, cd := range sel.Codings {
				c.guid(cd.GUID, "coding")
			}
		}
	}
	for _, cs := range p.Cases {
		c.guid(cs.GUID, "case")
	}
	c.references(p)
	return c.err
}

type checker struct {
	seen map[string]string // GUID → kind
	err  error
}

func (c *checker) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func (c *checker) guid(g, kind string) {
	if !guidPattern.MatchString(g) {
		c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.bad_guid", g))
		return
	}
	if _, dup := c.seen[g]; dup {
		c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.duplicate_guid", g))
	}
	c.seen[g] = kind
}

func (c *checker) ref(g, kind string) {
	if g != "" && c.seen[g] != kind {
		c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.unknown_reference", g))
	}
}

func (c *checker) references(p *Project) {
	c.ref(p.CreatingUser, "user")
	for _, s := range p.Sources {
		c.ref(s.CreatedBy, "user")
		for _, n := range s.Notes {
			c.ref(n, "note")
		}
		length := utf8.RuneCountInString(s.Text)
		for _, sel := range s.Selections {
			c.ref(sel.CreatedBy, "user")
			if sel.Start < 0 || sel.End < sel.Start || sel.End > length {
				c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.selection_outside_text", s.Name, sel.Start, sel.End, length))
			}
			for _, cd := range sel.Codings {
				c.ref(cd.CreatedBy, "user")
				if c.seen[cd.Code] != "code" {
					c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.unknown_code", cd.Code))
				}
			}
		}
	}
	for _, cs := range p.Cases {
		for _, s := range cs.Sources {
			c.ref(s, "source")
		}
		for _, v := range cs.Values {
			if c.seen[v.Variable] != "variable" {
				c.fail(rotonde.E(rotonde.EInvalid, "err.refiqda.unknown_reference", v.Variable))
			}
		}
	}
}

// SelectedText returns the characters a selection covers.
func (s *TextSource) SelectedText(sel Selection) string {
	r := []rune(s.Text)
	if sel.Start < 0 || sel.End > len(r) || sel.Start > sel.End {
		return ""
	}
	return string(r[sel.Start:sel.End])
}
