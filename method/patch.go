package method

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// Patch is the typed form of Override.Patch: a partial library document
// (see Override for how it merges). It models what Rotonde itself writes
// into a patch — the sources, cards and tension fields it rewords, hides or
// adds — and keeps every other member exactly as it was given, in Rest, so
// that an uploaded patch that changes more (variants, dream questions,
// phases, …) survives being read and written again.
//
// Every patch type has one JSON shape: members that are absent stay absent
// (pointer fields), and JSON objects are written with their members in
// sorted order, as a decoded map would be. Parsing a stored patch and
// writing it again gives a patch that merges to the same library.
type Patch struct {
	Sources []SourcePatch `json:"sources,omitempty"`
	Cards   []CardPatch   `json:"cards,omitempty"`
	Fields  []FieldPatch  `json:"fields,omitempty"`
	// Rest holds the members not modelled above, and modelled members
	// whose value is null, as given.
	Rest map[string]json.RawMessage `json:"-"`
}

// TextPatch changes one or both languages of a Text.
type TextPatch struct {
	NL   *string                    `json:"nl,omitempty"`
	EN   *string                    `json:"en,omitempty"`
	Rest map[string]json.RawMessage `json:"-"`
}

// SourcePatch changes or adds a source, by key.
type SourcePatch struct {
	Key       string                     `json:"key"`
	Title     *string                    `json:"title,omitempty"`
	Publisher *string                    `json:"publisher,omitempty"`
	Year      *int                       `json:"year,omitempty"`
	Note      *TextPatch                 `json:"note,omitempty"`
	Rest      map[string]json.RawMessage `json:"-"`
}

// CardPatch changes or adds a work card, by key.
type CardPatch struct {
	Key        string          `json:"key"`
	Number     *int            `json:"number,omitempty"`
	Title      *TextPatch      `json:"title,omitempty"`
	Purpose    *TextPatch      `json:"purpose,omitempty"`
	WhenToUse  *TextPatch      `json:"whenToUse,omitempty"`
	Steps      []StepPatch     `json:"steps,omitempty"`
	GroupSize  *GroupSizePatch `json:"groupSize,omitempty"`
	Online     *bool           `json:"online,omitempty"`
	OnlineNote *TextPatch      `json:"onlineNote,omitempty"`
	// Materials replace the card's list as a whole (the items have no key).
	Materials *[]Text                    `json:"materials,omitempty"`
	Source    *string                    `json:"source,omitempty"`
	Hidden    *bool                      `json:"hidden,omitempty"`
	Rest      map[string]json.RawMessage `json:"-"`
}

// StepPatch changes or adds a step of a card, by key.
type StepPatch struct {
	Key         string                     `json:"key"`
	Minutes     *int                       `json:"minutes,omitempty"`
	Title       *TextPatch                 `json:"title,omitempty"`
	Description *TextPatch                 `json:"description,omitempty"`
	Rest        map[string]json.RawMessage `json:"-"`
}

// GroupSizePatch changes a card's group size.
type GroupSizePatch struct {
	Min  *int                       `json:"min,omitempty"`
	Max  *int                       `json:"max,omitempty"`
	Rest map[string]json.RawMessage `json:"-"`
}

// FieldPatch changes or adds a tension field, by key.
type FieldPatch struct {
	Key         string                     `json:"key"`
	Number      *int                       `json:"number,omitempty"`
	Set         *string                    `json:"set,omitempty"`
	Title       *TextPatch                 `json:"title,omitempty"`
	Left        *TextPatch                 `json:"left,omitempty"`
	Right       *TextPatch                 `json:"right,omitempty"`
	Description *TextPatch                 `json:"description,omitempty"`
	Questions   []QuestionPatch            `json:"questions,omitempty"`
	Source      *string                    `json:"source,omitempty"`
	Hidden      *bool                      `json:"hidden,omitempty"`
	Rest        map[string]json.RawMessage `json:"-"`
}

// QuestionPatch changes or adds a question, by key.
type QuestionPatch struct {
	Key  string                     `json:"key"`
	Text *TextPatch                 `json:"text,omitempty"`
	Rest map[string]json.RawMessage `json:"-"`
}

// ParsePatch reads a stored or uploaded patch; empty text and null are the
// empty patch.
func ParsePatch(raw json.RawMessage) (Patch, error) {
	var p Patch
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return p, nil
	}
	err := json.Unmarshal(raw, &p)
	return p, err
}

// JSON returns the patch as compact JSON text.
func (p Patch) JSON() (json.RawMessage, error) { return json.Marshal(p) }

// IsEmpty reports whether the patch changes nothing.
func (p Patch) IsEmpty() bool {
	return len(p.Sources) == 0 && len(p.Cards) == 0 && len(p.Fields) == 0 && len(p.Rest) == 0
}

// Card returns the patch of the card with this key, adding one that
// changes nothing yet when there is none.
func (p *Patch) Card(key string) *CardPatch {
	for i := range p.Cards {
		if p.Cards[i].Key == key {
			return &p.Cards[i]
		}
	}
	p.Cards = append(p.Cards, CardPatch{Key: key})
	return &p.Cards[len(p.Cards)-1]
}

// Field returns the patch of the tension field with this key, adding one
// that changes nothing yet when there is none.
func (p *Patch) Field(key string) *FieldPatch {
	for i := range p.Fields {
		if p.Fields[i].Key == key {
			return &p.Fields[i]
		}
	}
	p.Fields = append(p.Fields, FieldPatch{Key: key})
	return &p.Fields[len(p.Fields)-1]
}

// PruneCard drops the patch of the card with this key when it changes
// nothing any more (only the key left).
func (p *Patch) PruneCard(key string) { p.Cards = pruneUnchanged(p.Cards, key) }

// PruneField drops the patch of the tension field with this key when it
// changes nothing any more (only the key left).
func (p *Patch) PruneField(key string) { p.Fields = pruneUnchanged(p.Fields, key) }

func pruneUnchanged[T any](items []T, key string) []T {
	kept := items[:0]
	for _, it := range items {
		if v := reflect.ValueOf(it); v.FieldByName("Key").String() == key && onlyKey(v) {
			continue
		}
		kept = append(kept, it)
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

// onlyKey reports whether a keyed patch item has nothing but its key: every
// other member is absent (nil or empty).
func onlyKey(v reflect.Value) bool {
	for i := range v.NumField() {
		if v.Type().Field(i).Name == "Key" {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice, reflect.Map:
			if f.Len() > 0 {
				return false
			}
		default:
			if !f.IsZero() {
				return false
			}
		}
	}
	return true
}

// Reword returns the change of a text that a form sent (typed) for an item
// whose standard text is std and whose text now is current. For a
// standard item only the languages that differ from the standard are kept,
// an empty box meaning the standard text; nil means no change. An own item
// (own is true) has no standard: an empty box takes the other language,
// and both empty keep what it had.
func Reword(typed, std, current Text, own bool) *TextPatch {
	if own {
		nl, en := typed.NL, typed.EN
		if nl == "" {
			nl = en
		}
		if en == "" {
			en = nl
		}
		if nl == "" {
			nl, en = current.NL, current.EN
		}
		return &TextPatch{NL: &nl, EN: &en}
	}
	var t TextPatch
	if typed.NL != "" && typed.NL != std.NL {
		t.NL = &typed.NL
	}
	if typed.EN != "" && typed.EN != std.EN {
		t.EN = &typed.EN
	}
	if t.NL == nil && t.EN == nil {
		return nil
	}
	return &t
}

// Hide returns the change of hidden for an item: none when it equals the
// standard's (or, for an own item, when it is not hidden).
func Hide(hidden, std, own bool) *bool {
	if !own && hidden == std || own && !hidden {
		return nil
	}
	return &hidden
}

// BothLanguages is a complete text: an empty language takes the other.
func BothLanguages(t Text) *TextPatch {
	if t.NL == "" {
		t.NL = t.EN
	}
	if t.EN == "" {
		t.EN = t.NL
	}
	return &TextPatch{NL: &t.NL, EN: &t.EN}
}

// The JSON methods: the typed members through an alias type, the rest
// beside them, all written as one object with sorted members.

func (p Patch) MarshalJSON() ([]byte, error) {
	type plain Patch
	return marshalWithRest(plain(p), p.Rest)
}

func (p *Patch) UnmarshalJSON(b []byte) error {
	type plain Patch
	return unmarshalWithRest(b, (*plain)(p), &p.Rest)
}

func (t TextPatch) MarshalJSON() ([]byte, error) {
	type plain TextPatch
	return marshalWithRest(plain(t), t.Rest)
}

func (t *TextPatch) UnmarshalJSON(b []byte) error {
	type plain TextPatch
	return unmarshalWithRest(b, (*plain)(t), &t.Rest)
}

func (s SourcePatch) MarshalJSON() ([]byte, error) {
	type plain SourcePatch
	return marshalWithRest(plain(s), s.Rest)
}

func (s *SourcePatch) UnmarshalJSON(b []byte) error {
	type plain SourcePatch
	return unmarshalWithRest(b, (*plain)(s), &s.Rest)
}

func (c CardPatch) MarshalJSON() ([]byte, error) {
	type plain CardPatch
	return marshalWithRest(plain(c), c.Rest)
}

func (c *CardPatch) UnmarshalJSON(b []byte) error {
	type plain CardPatch
	return unmarshalWithRest(b, (*plain)(c), &c.Rest)
}

func (s StepPatch) MarshalJSON() ([]byte, error) {
	type plain StepPatch
	return marshalWithRest(plain(s), s.Rest)
}

func (s *StepPatch) UnmarshalJSON(b []byte) error {
	type plain StepPatch
	return unmarshalWithRest(b, (*plain)(s), &s.Rest)
}

func (g GroupSizePatch) MarshalJSON() ([]byte, error) {
	type plain GroupSizePatch
	return marshalWithRest(plain(g), g.Rest)
}

func (g *GroupSizePatch) UnmarshalJSON(b []byte) error {
	type plain GroupSizePatch
	return unmarshalWithRest(b, (*plain)(g), &g.Rest)
}

func (f FieldPatch) MarshalJSON() ([]byte, error) {
	type plain FieldPatch
	return marshalWithRest(plain(f), f.Rest)
}

func (f *FieldPatch) UnmarshalJSON(b []byte) error {
	type plain FieldPatch
	return unmarshalWithRest(b, (*plain)(f), &f.Rest)
}

func (q QuestionPatch) MarshalJSON() ([]byte, error) {
	type plain QuestionPatch
	return marshalWithRest(plain(q), q.Rest)
}

func (q *QuestionPatch) UnmarshalJSON(b []byte) error {
	type plain QuestionPatch
	return unmarshalWithRest(b, (*plain)(q), &q.Rest)
}

// marshalWithRest writes v's members and rest's as one object; members are
// sorted by name (encoding/json sorts map keys).
func marshalWithRest(v any, rest map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return nil, err
	}
	for k, raw := range rest {
		if _, typed := members[k]; !typed {
			members[k] = raw
		}
	}
	return json.Marshal(members)
}

// unmarshalWithRest reads the members v models into v and keeps the others,
// and modelled members given as null, in rest.
func unmarshalWithRest(b []byte, v any, rest *map[string]json.RawMessage) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	if members == nil {
		return errNotObject
	}
	// Only members with exactly a modelled name go to v (encoding/json
	// would also match "Title" to title).
	modelled := jsonNames(reflect.TypeOf(v).Elem())
	typed := map[string]json.RawMessage{}
	*rest = nil
	for k, raw := range members {
		if modelled[k] && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			typed[k] = raw
			continue
		}
		if *rest == nil {
			*rest = map[string]json.RawMessage{}
		}
		(*rest)[k] = raw
	}
	tb, err := json.Marshal(typed)
	if err != nil {
		return err
	}
	return json.Unmarshal(tb, v)
}

// jsonNames lists the member names a struct type reads.
func jsonNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names[name] = true
		}
	}
	return names
}
