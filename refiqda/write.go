package refiqda

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
)

// sourcePath is where a text source's file sits inside the zip, and the
// plainTextPath that points at it ("internal://" means: in Sources/).
func sourcePath(guid string) (zipName, plainTextPath string) {
	return "Sources/" + guid + ".txt", "internal://" + guid + ".txt"
}

// Marshal gives project.qde for p, with each text source pointing at its
// file in Sources/.
func Marshal(p *Project) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	x := xmlProject{Name: p.Name, Origin: p.Origin, CreatingUser: p.CreatingUser,
		Created: formatTime(p.CreatedAt), Description: p.Description}
	if len(p.Users) > 0 {
		x.Users = &xmlUsers{}
		for _, u := range p.Users {
			x.Users.User = append(x.Users.User, xmlUser(u))
		}
	}
	if len(p.Codes) > 0 {
		x.CodeBook = &xmlCodeBook{}
		x.CodeBook.Codes.Code = toXMLCodes(p.Codes)
	}
	x.Variables, x.Cases = marshalCases(p)
	x.Sources = marshalSources(p.Sources)
	if len(p.Notes) > 0 {
		x.Notes = &xmlNotes{}
		for _, n := range p.Notes {
			text := n.Text
			x.Notes.Note = append(x.Notes.Note, xmlTextSource{GUID: n.GUID, Name: n.Name,
				CreatingUser: n.CreatedBy, Created: formatTime(n.CreatedAt), Content: &text})
		}
	}
	out, err := xml.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("refiqda: marshal project: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func marshalCases(p *Project) (*xmlVariables, *xmlCases) {
	var vars *xmlVariables
	types := map[string]VariableType{}
	if len(p.Variables) > 0 {
		vars = &xmlVariables{}
		for _, v := range p.Variables {
			vars.Variable = append(vars.Variable, xmlVariable{GUID: v.GUID, Name: v.Name, Type: string(v.Type)})
			types[v.GUID] = v.Type
		}
	}
	if len(p.Cases) == 0 {
		return vars, nil
	}
	cases := &xmlCases{}
	for _, c := range p.Cases {
		xc := xmlCase{GUID: c.GUID, Name: c.Name, Description: c.Description, SourceRefs: refs(c.Sources)}
		for _, v := range c.Values {
			text := v.Text
			xv := xmlValue{VariableRef: xmlTargetRef{Target: v.Variable}}
			switch types[v.Variable] {
			case VariableInteger:
				xv.IntegerValue = &text
			case VariableDate:
				xv.DateValue = &text
			default:
				xv.TextValue = &text
			}
			xc.Values = append(xc.Values, xv)
		}
		cases.Case = append(cases.Case, xc)
	}
	return vars, cases
}

func marshalSources(sources []TextSource) *xmlSources {
	if len(sources) == 0 {
		return nil
	}
	out := &xmlSources{}
	for _, s := range sources {
		_, path := sourcePath(s.GUID)
		xs := xmlTextSource{GUID: s.GUID, Name: s.Name, PlainTextPath: path, CreatingUser: s.CreatedBy,
			Created: formatTime(s.CreatedAt), Description: s.Description, NoteRefs: refs(s.Notes)}
		for _, sel := range s.Selections {
			xsel := xmlSelection{GUID: sel.GUID, Name: sel.Name, Start: sel.Start, End: sel.End,
				CreatingUser: sel.CreatedBy, Created: formatTime(sel.CreatedAt)}
			for _, c := range sel.Codings {
				xsel.Codings = append(xsel.Codings, xmlCoding{GUID: c.GUID, CreatingUser: c.CreatedBy,
					Created: formatTime(c.CreatedAt), CodeRef: xmlTargetRef{Target: c.Code}})
			}
			xs.Selections = append(xs.Selections, xsel)
		}
		out.TextSource = append(out.TextSource, xs)
	}
	return out
}

// Write writes p as a .qdpx zip: project.qde and one UTF-8 text file per
// text source in Sources/.
func Write(w io.Writer, p *Project) error {
	qde, err := Marshal(p)
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	if err := writeZipFile(z, "project.qde", qde); err != nil {
		return err
	}
	for _, s := range p.Sources {
		name, _ := sourcePath(s.GUID)
		if err := writeZipFile(z, name, []byte(s.Text)); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("refiqda: close zip: %w", err)
	}
	return nil
}

func writeZipFile(z *zip.Writer, name string, data []byte) error {
	f, err := z.Create(name)
	if err != nil {
		return fmt.Errorf("refiqda: add %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("refiqda: write %s: %w", name, err)
	}
	return nil
}
