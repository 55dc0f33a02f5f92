package rotonde

import (
	"errors"
	"fmt"
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

// Error is an error a user may read. NL is shown by default, EN when the
// user chose English. Both are required so that no message exists in one
// language only.
type Error struct {
	Code ErrorCode
	NL   string
	EN   string
	// Err is the wrapped cause, for logs only; never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.EN, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.EN)
}

func (e *Error) Unwrap() error { return e.Err }

// Message returns the text in the given language ("en" or anything else for Dutch).
func (e *Error) Message(lang string) string {
	if lang == "en" {
		return e.EN
	}
	return e.NL
}

// Errorf builds a user-facing error. The same format arguments fill both texts.
func Errorf(code ErrorCode, nl, en string, args ...any) *Error {
	return &Error{Code: code, NL: fmt.Sprintf(nl, args...), EN: fmt.Sprintf(en, args...)}
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
	if lang == "en" {
		return "Something went wrong. Please try again; if it keeps happening, tell your administrator."
	}
	return "Er ging iets mis. Probeer het opnieuw; blijft het gebeuren, meld het dan bij je beheerder."
}
