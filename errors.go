package rotonde

import (
	"errors"
	"fmt"

	"github.com/rotonde-jeugd/rotonde/i18n"
)

// ErrorCode classifies an error so that one place (the web package) can turn
// it into a status code. Keep the list short.
type ErrorCode string

const (
	EInvalid      ErrorCode = "invalid"      // bad input: 422
	ENotFound     ErrorCode = "not_found"    // missing or not visible to the caller: 404
	EUnauthorized ErrorCode = "unauthorized" // not logged in: 401
	EForbidden    ErrorCode = "forbidden"    // logged in, known object, action not allowed: 403
	EConflict     ErrorCode = "conflict"     // state does not allow it (duplicate, stale): 409
	ETooLarge     ErrorCode = "too_large"    // upload or body too large: 413
	EInternal     ErrorCode = "internal"     // anything unclassified: 500, never echoed
)

// Error is an error a user may read. Its text is a key of the i18n catalogue
// (i18n/locales/{nl,en}.json, keys "err.<area>.<what>") with the arguments
// that fill it; the catalogue holds it in both languages, so no message exists
// in one language only. Dutch is shown by default, English when the user
// chose it.
type Error struct {
	Code ErrorCode
	Key  string
	// Args fill the catalogue text (fmt verbs). An argument that can say
	// itself in a language (a Localized, such as another *Error) is rendered
	// in the language of the message.
	Args []any
	// Err is the wrapped cause, for logs only; never shown.
	Err error
}

// Localized is a text that can be said in Dutch and English.
type Localized interface {
	Message(lang string) string
}

// E builds a user-facing error from a catalogue key and its arguments.
func E(code ErrorCode, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Wrap returns a copy of e that carries err as its cause (for logs).
func (e *Error) Wrap(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// Error gives the English text, for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message("en"), e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message("en"))
}

func (e *Error) Unwrap() error { return e.Err }

// Message returns the text in the given language ("en" or anything else for Dutch).
func (e *Error) Message(lang string) string { return Phrase{Key: e.Key, Args: e.Args}.Message(lang) }

// LocalizeArgs replaces every Localized argument by its text in lang.
func LocalizeArgs(lang string, args []any) []any {
	var out []any
	for i, a := range args {
		if l, ok := a.(Localized); ok && l != nil {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = l.Message(lang)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// ErrorCodeOf returns the code of the first *Error in err's chain, or EInternal.
func ErrorCodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// UserMessage returns the message a user may read for err in lang. Errors that
// are not *Error get a plain "something went wrong": internal detail is never shown.
func UserMessage(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	return i18n.Default().T(lang, "err.internal")
}

// UserText is err as a Localized argument: its user message in the language
// of the text it fills.
func UserText(err error) Localized { return userText{err} }

type userText struct{ err error }

func (u userText) Message(lang string) string { return UserMessage(u.err, lang) }

// List is a series of texts joined by "; " in the language of the message
// they fill, such as the problems found in one file.
type List []Localized

func (l List) Message(lang string) string { return Joined{Parts: l, Sep: "; "}.Message(lang) }

// ECount builds a user-facing error from a plural catalogue key
// ("key.one"/"key.other") chosen by n; with no args, n fills the text.
func ECount(code ErrorCode, key string, n int, args ...any) *Error {
	p := SayCount(key, n, args...)
	return E(code, p.Key, p.Args...)
}
