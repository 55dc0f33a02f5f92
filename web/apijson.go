package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// decodeJSON reads one JSON object of at most 1 MiB with no unknown fields.
// A body that does not fit gets a message that names the problem: the
// field, where it is (line and column) and what was expected. The body is
// not echoed, apart from the one character a syntax error stops at.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return rotonde.E(rotonde.EInvalid, "err.web.send_json_content_type_application_json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFormBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return rotonde.E(rotonde.ETooLarge, "err.web.request_is_too_large")
		}
		return rotonde.E(rotonde.EInvalid, "err.web.request_did_not_arrive_whole_send")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			return rotonde.E(rotonde.EInvalid, "err.web.request_is_empty_send_json_object")
		}
		return jsonProblem(body, dec.InputOffset(), err)
	}
	if dec.More() {
		return rotonde.E(rotonde.EInvalid, "err.web.send_exactly_one_json_object")
	}
	return nil
}

// jsonProblem turns a decode error into a message that says what is wrong
// and where. at is how far the decoder had read.
func jsonProblem(body []byte, at int64, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := jsonPosition(body, int64(len(body)))
		return rotonde.E(rotonde.EInvalid, "err.web.json_ends_before_it_is_complete", line, col)
	case errors.As(err, &se):
		ch, _ := utf8.DecodeLastRune(body[:min(max(se.Offset, 0), int64(len(body)))])
		line, col := jsonPosition(body, se.Offset-1)
		return rotonde.E(rotonde.EInvalid, "err.web.invalid_json_at_line_column_does", line, col, strconv.QuoteRune(ch))
	case errors.As(err, &te):
		line, col := jsonPosition(body, te.Offset-1)
		field := te.Field
		if field == "" {
			return rotonde.E(rotonde.EInvalid, "err.web.send_one_json_object_line_column", line, col)
		}
		switch jsonKind(te.Type) {
		case "string":
			return rotonde.E(rotonde.EInvalid, "err.web.field_must_be_string_in_quotes", field, line, col)
		case "number":
			return rotonde.E(rotonde.EInvalid, "err.web.field_must_be_number_line_column", field, line, col)
		case "boolean":
			return rotonde.E(rotonde.EInvalid, "err.web.field_must_be_true_or_false", field, line, col)
		case "array":
			return rotonde.E(rotonde.EInvalid, "err.web.field_must_be_array_line_column", field, line, col)
		default:
			return rotonde.E(rotonde.EInvalid, "err.web.field_must_be_json_object_line", field, line, col)
		}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		// The decoder has read past the field's value; point at its name.
		pos := at - 1
		if i := bytes.LastIndex(body[:min(max(at, 0), int64(len(body)))], []byte(strconv.Quote(name))); i >= 0 {
			pos = int64(i)
		}
		line, col := jsonPosition(body, pos)
		return rotonde.E(rotonde.EInvalid, "err.web.there_is_no_field_line_column", name, line, col)
	}
	return rotonde.E(rotonde.EInvalid, "err.web.invalid_json_2")
}

// jsonKind names the JSON type that a Go type is read from.
func jsonKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "object"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// jsonPosition gives the line and column (both from 1, columns in
// characters) of the byte at offset.
func jsonPosition(body []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(body)))
	before := body[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCount(before) + 1
}
