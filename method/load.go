package method

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"sort"
	"strconv"

	"github.com/rotonde-jeugd/rotonde"
)

//go:embed data/*.json
var dataFS embed.FS

// Load parses the embedded base library and validates it. Each call returns
// a fresh Library that the caller owns.
func Load() (*Library, error) {
	names, err := fs.Glob(dataFS, "data/*.json")
	if err != nil {
		return nil, rotonde.E(rotonde.EInternal, "err.method.method_library_could_not_be_read")
	}
	sort.Strings(names) // deterministic merge order
	var doc any = map[string]any{}
	for _, name := range names {
		raw, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, internal(name, err)
		}
		part, err := decodeObject(raw)
		if err != nil {
			return nil, internal(name, err)
		}
		doc = mergeJSON(doc, part)
	}
	lib, err := decodeLibrary(doc)
	if err != nil {
		return nil, internal("data", err)
	}
	if err := lib.Validate(); err != nil {
		return nil, err
	}
	return lib, nil
}

func internal(name string, err error) error {
	e := rotonde.E(rotonde.EInternal, "err.method.method_library_is_damaged", name)
	e.Err = err
	return e
}

// Override is one organisation's rewording of the library.
//
// Patch is a partial Library document in the same JSON shape as the base
// library. It is merged field by field: objects merge recursively, lists of
// keyed items ({"key": …}) merge by key — a known key changes only the
// fields given, a new key is appended — and every other value replaces the
// base value; lists without keys (materials, quotes, signs) are replaced
// as a whole. So {"cards":[{"key":"timeline","title":{"nl":"Patient
// journey"}}]} renames one card's Dutch title and leaves everything else.
// Items are retired with "hidden": true rather than deleted, so stored
// meetings that refer to them keep working.
//
// Terms are then replaced as whole words in every text, e.g.
// "betrokkenen" → "stakeholders".
type Override struct {
	Name  string          `json:"name,omitempty"`
	Terms []Term          `json:"terms,omitempty"`
	Patch json.RawMessage `json:"patch,omitempty"`
}

// Term replaces a word in all texts: From.NL by To.NL in Dutch texts and
// From.EN by To.EN in English texts. An empty From side leaves that
// language alone. Matching ignores case and keeps a leading capital.
type Term struct {
	From Text `json:"from"`
	To   Text `json:"to"`
}

// Merge returns the effective library: base with the overrides applied in
// order. base is not modified. The result is validated, so an override that
// breaks the library (an empty text, a duplicate key, a step without
// minutes) is refused with a message saying what is wrong.
func Merge(base *Library, overrides ...Override) (*Library, error) {
	if base == nil {
		return nil, rotonde.E(rotonde.EInternal, "err.method.there_is_no_method_library")
	}
	raw, err := json.Marshal(base)
	if err != nil {
		return nil, internal("base", err)
	}
	baseDoc, err := decodeObject(raw)
	if err != nil {
		return nil, internal("base", err)
	}
	var doc any = baseDoc
	for i, o := range overrides {
		if len(bytes.TrimSpace(o.Patch)) == 0 || bytes.Equal(bytes.TrimSpace(o.Patch), []byte("null")) {
			continue
		}
		patch, err := decodeObject(o.Patch)
		if err != nil {
			return nil, invalidOverride(i, o.Name, err)
		}
		doc = mergeJSON(doc, patch)
	}
	lib, err := decodeLibrary(doc)
	if err != nil {
		return nil, invalidOverride(-1, "", err)
	}
	for _, o := range overrides {
		if err := lib.replaceTerms(o.Terms); err != nil {
			return nil, err
		}
	}
	if err := lib.Validate(); err != nil {
		return nil, err
	}
	return lib, nil
}

func invalidOverride(i int, name string, err error) error {
	label := name
	if label == "" && i >= 0 {
		label = "#" + strconv.Itoa(i+1)
	}
	var e *rotonde.Error
	if label == "" {
		e = rotonde.E(rotonde.EInvalid, "err.method.method_library_override_is_not_valid", err)
	} else {
		e = rotonde.E(rotonde.EInvalid, "err.method.method_library_override_is_not_valid_2", label, err)
	}
	e.Err = err
	return e
}

// decodeObject parses JSON that must be an object, keeping numbers exact.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errTrailing
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errNotObject
	}
	return m, nil
}

type constError string

func (e constError) Error() string { return string(e) }

const (
	errTrailing  constError = "extra data after the JSON document"
	errNotObject constError = "expected a JSON object"
)

// decodeLibrary turns a merged document into a Library, refusing unknown
// fields so that a misspelt override field is reported instead of ignored.
func decodeLibrary(doc any) (*Library, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var lib Library
	if err := dec.Decode(&lib); err != nil {
		return nil, err
	}
	return &lib, nil
}

// mergeJSON merges src into dst (both decoded JSON) and returns the result.
// It may reuse and modify dst.
func mergeJSON(dst, src any) any {
	switch s := src.(type) {
	case map[string]any:
		d, ok := dst.(map[string]any)
		if !ok {
			return s
		}
		for k, v := range s {
			d[k] = mergeJSON(d[k], v)
		}
		return d
	case []any:
		d, ok := dst.([]any)
		if !ok || !allKeyed(s) || !allKeyed(d) {
			return s
		}
		index := make(map[string]int, len(d))
		for i, item := range d {
			index[item.(map[string]any)["key"].(string)] = i
		}
		for _, item := range s {
			k := item.(map[string]any)["key"].(string)
			if i, ok := index[k]; ok {
				d[i] = mergeJSON(d[i], item)
				continue
			}
			index[k] = len(d)
			d = append(d, item)
		}
		return d
	default:
		return src
	}
}

// allKeyed reports whether every element is an object with a string "key".
func allKeyed(items []any) bool {
	for _, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["key"].(string); !ok {
			return false
		}
	}
	return true
}
