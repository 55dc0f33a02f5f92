package refiqda

import (
	"encoding/xml"
	"time"
)

// The xml* types follow the element order of the QDA-XML 1.0 schema, which
// is a sequence: a reader that validates refuses elements out of order.

type xmlProject struct {
	XMLName      xml.Name      `xml:"urn:QDA-XML:project:1.0 Project"`
	Name         string        `xml:"name,attr"`
	Origin       string        `xml:"origin,attr,omitempty"`
	CreatingUser string        `xml:"creatingUserGUID,attr,omitempty"`
	Created      string        `xml:"creationDateTime,attr,omitempty"`
	Users        *xmlUsers     `xml:"Users"`
	CodeBook     *xmlCodeBook  `xml:"CodeBook"`
	Variables    *xmlVariables `xml:"Variables"`
	Cases        *xmlCases     `xml:"Cases"`
	Sources      *xmlSources   `xml:"Sources"`
	Notes        *xmlNotes     `xml:"Notes"`
	Description  string        `xml:"Description,omitempty"`
}

type xmlUsers struct {
	User []xmlUser `xml:"User"`
}

type xmlUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
}

type xmlCodeBook struct {
	Codes struct {
		Code []xmlCode `xml:"Code"`
	} `xml:"Codes"`
}

type xmlCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	Codable     bool      `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	Code        []xmlCode `xml:"Code"`
}

type xmlVariables struct {
	Variable []xmlVariable `xml:"Variable"`
}

type xmlVariable struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
	Type string `xml:"typeOfVariable,attr"`
}

type xmlCases struct {
	Case []xmlCase `xml:"Case"`
}

type xmlCase struct {
	GUID        string         `xml:"guid,attr"`
	Name        string         `xml:"name,attr,omitempty"`
	Description string         `xml:"Description,omitempty"`
	Values      []xmlValue     `xml:"VariableValue"`
	SourceRefs  []xmlTargetRef `xml:"SourceRef"`
}

type xmlValue struct {
	VariableRef  xmlTargetRef `xml:"VariableRef"`
	TextValue    *string      `xml:"TextValue"`
	IntegerValue *string      `xml:"IntegerValue"`
	DateValue    *string      `xml:"DateValue"`
	BooleanValue *string      `xml:"BooleanValue"`
	FloatValue   *string      `xml:"FloatValue"`
}

type xmlTargetRef struct {
	Target string `xml:"targetGUID,attr"`
}

type xmlSources struct {
	TextSource []xmlTextSource `xml:"TextSource"`
}

type xmlTextSource struct {
	GUID          string         `xml:"guid,attr"`
	Name          string         `xml:"name,attr,omitempty"`
	PlainTextPath string         `xml:"plainTextPath,attr,omitempty"`
	CreatingUser  string         `xml:"creatingUser,attr,omitempty"`
	Created       string         `xml:"creationDateTime,attr,omitempty"`
	Description   string         `xml:"Description,omitempty"`
	Content       *string        `xml:"PlainTextContent"`
	Selections    []xmlSelection `xml:"PlainTextSelection"`
	NoteRefs      []xmlTargetRef `xml:"NoteRef"`
}

type xmlSelection struct {
	GUID         string      `xml:"guid,attr"`
	Name         string      `xml:"name,attr,omitempty"`
	Start        int         `xml:"startPosition,attr"`
	End          int         `xml:"endPosition,attr"`
	CreatingUser string      `xml:"creatingUser,attr,omitempty"`
	Created      string      `xml:"creationDateTime,attr,omitempty"`
	Codings      []xmlCoding `xml:"Coding"`
}

type xmlCoding struct {
	GUID         string       `xml:"guid,attr"`
	CreatingUser string       `xml:"creatingUser,attr,omitempty"`
	Created      string       `xml:"creationDateTime,attr,omitempty"`
	CodeRef      xmlTargetRef `xml:"CodeRef"`
}

type xmlNotes struct {
	Note []xmlTextSource `xml:"Note"`
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func toXMLCodes(cs []Code) []xmlCode {
	out := make([]xmlCode, 0, len(cs))
	for _, c := range cs {
		out = append(out, xmlCode{GUID: c.GUID, Name: c.Name, Codable: c.Codable, Color: c.Color,
			Description: c.Description, Code: toXMLCodes(c.Children)})
	}
	return out
}

func fromXMLCodes(cs []xmlCode) []Code {
	var out []Code
	for _, c := range cs {
		out = append(out, Code{GUID: c.GUID, Name: c.Name, Codable: c.Codable, Color: c.Color,
			Description: c.Description, Children: fromXMLCodes(c.Code)})
	}
	return out
}

// valueOf gives the text of whichever typed value element a reader found.
func (v xmlValue) text() string {
	for _, p := range []*string{v.TextValue, v.IntegerValue, v.DateValue, v.BooleanValue, v.FloatValue} {
		if p != nil {
			return *p
		}
	}
	return ""
}

func refs(guids []string) []xmlTargetRef {
	var out []xmlTargetRef
	for _, g := range guids {
		out = append(out, xmlTargetRef{Target: g})
	}
	return out
}

func targets(rs []xmlTargetRef) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Target)
	}
	return out
}
