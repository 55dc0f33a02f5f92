package meeting

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestEveryPayloadTypeIsListed finds every type of this package with an
// EventKind method in the source, so that a new event kind cannot be left
// out of EventKinds (which the browser-script test checks).
func TestEveryPayloadTypeIsListed(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "EventKind" {
				continue
			}
			if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
				declared[id.Name] = true
			}
		}
	}
	listed := map[string]bool{}
	for _, p := range eventPayloads {
		listed[reflect.TypeOf(p).Name()] = true
	}
	if !reflect.DeepEqual(declared, listed) {
		t.Fatalf("types with EventKind %v, listed in eventPayloads %v", declared, listed)
	}
	if len(EventKinds()) != 7 {
		t.Fatalf("kinds %v", EventKinds())
	}
}

// TestPayloadShapes pins the JSON the browser script reads.
func TestPayloadShapes(t *testing.T) {
	started := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		p    EventPayload
		want string
	}{
		{StepEvent{Agenda: true}, `{"agenda":true}`},
		{StepEvent{Step: StepNumber(0), Started: &started}, `{"step":0,"started":"2026-03-01T10:00:00Z"}`},
		{StatusEvent{Status: Live, Step: StepNumber(0)}, `{"status":"live","step":0}`},
		{SeriesEvent{Step: 1, Count: 3}, `{"step":1,"count":3}`},
		{SeriesEvent{Step: 1, Revealed: true}, `{"step":1,"count":0,"revealed":true}`},
		{StatusEvent{Status: Closed}, `{"status":"closed"}`},
		{ParticipantsEvent{Waiting: 4, Name: "Gast"}, `{"waiting":4,"name":"Gast"}`},
		{ParticipantsEvent{Admitted: 4}, `{"admitted":4}`},
		{FilmEvent{Open: true}, `{"open":true,"yes":0,"notYet":0}`},
		{AttachmentEvent{ID: 1, Step: 2, Purpose: "p", Title: "t", Media: "link", Link: "https://x"}, `{"id":1,"step":2,"purpose":"p","title":"t","media":"link","link":"https://x"}`},
	} {
		if got := string(Payload(c.p)); got != c.want {
			t.Errorf("%T: %s, want %s", c.p, got, c.want)
		}
	}
}

// TestCaptureEventHidesAnonymousAuthor: anonymous input never carries its author.
func TestCaptureEventHidesAnonymousAuthor(t *testing.T) {
	c := &Capture{ID: 7, StepPosition: 1, Kind: Stakeholder, Body: "b", Stakeholder: "school", AuthorName: "Fatma", Anonymous: true}
	var m map[string]any
	if err := json.Unmarshal(Payload(NewCaptureEvent(c)), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["author"]; ok {
		t.Fatalf("anonymous capture names its author: %v", m)
	}
	c.Anonymous = false
	if got := NewCaptureEvent(c).Author; got != "Fatma" {
		t.Fatalf("author %q", got)
	}
}
