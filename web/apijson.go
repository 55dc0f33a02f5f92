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
		return rotonde.Errorf(rotonde.EInvalid, "Stuur JSON (Content-Type: application/json).", "Send JSON (Content-Type: application/json).")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFormBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return rotonde.Errorf(rotonde.ETooLarge, "Het verzoek is te groot.", "The request is too large.")
		}
		return rotonde.Errorf(rotonde.EInvalid, "Het verzoek kwam niet helemaal aan; stuur het opnieuw.", "The request did not arrive whole; send it again.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			return rotonde.Errorf(rotonde.EInvalid, "Het verzoek is leeg; stuur een JSON-object.", "The request is empty; send a JSON object.")
		}
		return jsonProblem(body, dec.InputOffset(), err)
	}
	if dec.More() {
		return rotonde.Errorf(rotonde.EInvalid, "Stuur precies één JSON-object.", "Send exactly one JSON object.")
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
		return rotonde.Errorf(rotonde.EInvalid, "De JSON houdt op voordat hij af is (regel %d, kolom %d).",
			"The JSON ends before it is complete (line %d, column %d).", line, col)
	case errors.As(err, &se):
		ch, _ := utf8.DecodeLastRune(body[:min(max(se.Offset, 0), int64(len(body)))])
		line, col := jsonPosition(body, se.Offset-1)
		return rotonde.Errorf(rotonde.EInvalid, "Ongeldige JSON op regel %d, kolom %d: hier hoort geen %s.",
			"Invalid JSON at line %d, column %d: %s does not belong here.", line, col, strconv.QuoteRune(ch))
	case errors.As(err, &te):
		line, col := jsonPosition(body, te.Offset-1)
		field := te.Field
		if field == "" {
			return rotonde.Errorf(rotonde.EInvalid, "Stuur één JSON-object ({…}) (regel %d, kolom %d).",
				"Send one JSON object ({…}) (line %d, column %d).", line, col)
		}
		switch jsonKind(te.Type) {
		case "string":
			return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" moet tekst zijn, tussen aanhalingstekens (regel %d, kolom %d).",
				"The field \"%s\" must be a string, in quotes (line %d, column %d).", field, line, col)
		case "number":
			return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" moet een getal zijn (regel %d, kolom %d).",
				"The field \"%s\" must be a number (line %d, column %d).", field, line, col)
		case "boolean":
			return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" moet true of false zijn (regel %d, kolom %d).",
				"The field \"%s\" must be true or false (line %d, column %d).", field, line, col)
		case "array":
			return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" moet een lijst zijn ([…]) (regel %d, kolom %d).",
				"The field \"%s\" must be an array ([…]) (line %d, column %d).", field, line, col)
		default:
			return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" moet een JSON-object zijn ({…}) (regel %d, kolom %d).",
				"The field \"%s\" must be a JSON object ({…}) (line %d, column %d).", field, line, col)
		}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		// The decoder has read past the field's value; point at its name.
		pos := at - 1
		if i := bytes.LastIndex(body[:min(max(at, 0), int64(len(body)))], []byte(strconv.Quote(name))); i >= 0 {
			pos = int64(i)
		}
		line, col := jsonPosition(body, pos)
		return rotonde.Errorf(rotonde.EInvalid, "Het veld \"%s\" bestaat niet (regel %d, kolom %d); /api/v1/openapi.json noemt de velden.",
			"There is no field \"%s\" (line %d, column %d); /api/v1/openapi.json lists the fields.", name, line, col)
	}
	return rotonde.Errorf(rotonde.EInvalid, "Ongeldige JSON.", "Invalid JSON.")
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
