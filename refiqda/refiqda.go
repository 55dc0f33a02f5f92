// Package refiqda reads and writes REFI-QDA projects (.qdpx): the exchange
// format of ATLAS.ti, MAXQDA, NVivo and QualCoder (QDA-XML 1.0, namespace
// urn:QDA-XML:project:1.0). A .qdpx file is a zip that holds project.qde
// (the XML) and a Sources/ folder with one plain-text file per text source.
//
// The package knows nothing of Rotonde's storage: callers fill a Project
// from what a researcher may export and read one back to bring home the
// codings made in another tool. GUIDs are the identity across a round trip.
package refiqda

import (
	"crypto/sha1"
	"fmt"
	"time"
)

// Namespace is the QDA-XML project namespace.
const Namespace = "urn:QDA-XML:project:1.0"

// Project is one exchange file.
type Project struct {
	Name         string
	Origin       string // the program that wrote it
	CreatedAt    time.Time
	CreatingUser string // a User GUID, or ""
	Description  string
	Users        []User
	Codes        []Code // the top of the codebook; sub-codes nest in Children
	Variables    []Variable
	Cases        []Case
	Sources      []TextSource
	Notes        []Note
}

// User is someone who made codings or notes.
type User struct {
	GUID string
	Name string
}

// Code is an entry of the codebook. Color is "#rrggbb" or "".
type Code struct {
	GUID        string
	Name        string
	Color       string
	Description string
	Codable     bool
	Children    []Code
}

// VariableType is a REFI-QDA variable type.
type VariableType string

// The variable types Rotonde writes.
const (
	VariableText    VariableType = "Text"
	VariableInteger VariableType = "Integer"
	VariableDate    VariableType = "Date"
)

// Variable is an attribute of cases (organisation, region, phase).
type Variable struct {
	GUID string
	Name string
	Type VariableType
}

// Value is one case's value of a variable, in its text form.
type Value struct {
	Variable string // the Variable's GUID
	Text     string
}

// Case groups sources that belong together, with its variables.
type Case struct {
	GUID        string
	Name        string
	Description string
	Values      []Value
	Sources     []string // TextSource GUIDs
}

// TextSource is a text that was coded.
type TextSource struct {
	GUID        string
	Name        string
	Description string
	Text        string
	CreatedBy   string // a User GUID, or ""
	CreatedAt   time.Time
	Selections  []Selection
	Notes       []string // Note GUIDs
}

// Selection is a stretch of a source's text, in characters (Unicode code
// points, as QDA-XML counts), from Start up to End, with its codings.
type Selection struct {
	GUID      string
	Name      string
	Start     int
	End       int
	CreatedBy string
	CreatedAt time.Time
	Codings   []Coding
}

// Coding says that a coder applied a code to a selection.
type Coding struct {
	GUID      string
	Code      string // a Code GUID
	CreatedBy string // a User GUID, or ""
	CreatedAt time.Time
}

// Note is a memo.
type Note struct {
	GUID      string
	Name      string
	Text      string
	CreatedBy string
	CreatedAt time.Time
}

// GUID gives a stable GUID for a thing of a kind with an id, so the same
// record has the same GUID in every export (an RFC 4122 name-based form).
func GUID(kind string, id int64) string {
	return GUIDOf(fmt.Sprintf("rotonde:%s:%d", kind, id))
}

// GUIDOf gives a stable GUID for any name.
func GUIDOf(name string) string {
	sum := sha1.Sum([]byte(name))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// Walk calls fn for every code of the codebook, parents before children,
// with the GUID of its parent ("" at the top).
func (p *Project) Walk(fn func(c *Code, parent string)) {
	var walk func(cs []Code, parent string)
	walk = func(cs []Code, parent string) {
		for i := range cs {
			fn(&cs[i], parent)
			walk(cs[i].Children, cs[i].GUID)
		}
	}
	walk(p.Codes, "")
}
