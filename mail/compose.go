// Package mail composes the e-mail Rotonde sends — invitations, meeting
// plans with their calendar file, password-reset codes — in the recipient's
// language, and delivers the outbox through SMTP: a message waits in the
// database until a server accepted it, with retry and backoff.
package mail

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"strings"
	"text/template"
)

//go:embed templates/*.txt
var templateFiles embed.FS

var templates = template.Must(template.New("").Option("missingkey=error").ParseFS(templateFiles, "templates/*.txt"))

// Data fills a message's template; each kind uses some of the fields.
type Data struct {
	Name  string // the recipient
	From  string // who caused the message, by name
	Link  string // where to act
	Days  int    // how long the link is valid
	Title string // the meeting's title
	When  string // the meeting's date and time, written out
	Place string // the meeting's place
	Code  string // a password-reset code
	Page  string // where a code is typed in
	Until string // a code's or a deadline's end, written out
}

// Kinds lists the messages there are templates for.
var Kinds = []string{"invitation", "guest", "plan", "reset", "erasure"}

// Compose writes message kind in lang ("nl" or "en"; anything else is
// Dutch): the subject, the plain-text part and the same as HTML.
func Compose(kind, lang string, d Data) (subject, text, htmlPart string, err error) {
	if lang != "en" {
		lang = "nl"
	}
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, kind+"."+lang+".txt", d); err != nil {
		return "", "", "", fmt.Errorf("mail %s.%s: %w", kind, lang, err)
	}
	subject, body, _ := strings.Cut(b.String(), "\n")
	body = strings.TrimSpace(body) + "\n\n-- \n" + footer[lang] + "\n"
	return strings.TrimSpace(subject), body, toHTML(lang, subject, body), nil
}

var footer = map[string]string{
	"nl": "Dit bericht komt van Rotonde. Antwoorden op dit bericht worden niet gelezen.",
	"en": "This message comes from Rotonde. Replies to this message are not read.",
}

// toHTML turns the plain text into a simple HTML part: paragraphs, line
// breaks, and lines that are a web address as links. Everything is escaped.
func toHTML(lang, subject, text string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n",
		lang, html.EscapeString(strings.TrimSpace(subject)))
	for para := range strings.SplitSeq(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			if strings.HasPrefix(line, "https://") || strings.HasPrefix(line, "http://") {
				e := html.EscapeString(line)
				fmt.Fprintf(&b, `<a href="%s">%s</a>`, e, e)
			} else {
				b.WriteString(html.EscapeString(line))
			}
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
