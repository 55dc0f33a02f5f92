package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Sender delivers messages to one SMTP server. It is made from a URL:
//
//	smtp://user:password@host:587   STARTTLS (required unless the host is loopback)
//	smtps://user:password@host:465  TLS from the first byte
//
// The standard library's net/smtp suffices: one message to one recipient
// at a time, STARTTLS, PLAIN authentication (only over TLS or to loopback).
type Sender struct {
	host, port string
	implicit   bool // smtps
	user, pass string
	from       *mail.Address
	// Timeout bounds one delivery: connecting, the dialogue and the data.
	Timeout time.Duration
	// TLS is the configuration for STARTTLS and smtps; nil verifies the
	// server's certificate for its host name.
	TLS *tls.Config
	// Hello is the name given in EHLO: this machine's host name, or
	// "localhost" when it has none.
	Hello string
}

// NewSender checks the URL and the from-address.
func NewSender(rawURL, from string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, errors.New("the SMTP URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, errors.New("the SMTP URL takes no path or query")
	}
	s := &Sender{host: u.Hostname(), port: u.Port(), implicit: u.Scheme == "smtps", Timeout: 30 * time.Second}
	if s.port == "" {
		s.port = map[bool]string{false: "587", true: "465"}[s.implicit]
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("the from-address %q is not an e-mail address", from)
	}
	s.from = a
	s.Hello = "localhost"
	if h, err := os.Hostname(); err == nil && h != "" && !strings.ContainsAny(h, " \r\n") {
		s.Hello = h
	}
	return s, nil
}

// Server is host:port, for messages to the operator (never the password).
func (s *Sender) Server() string { return net.JoinHostPort(s.host, s.port) }

func (s *Sender) loopback() bool {
	if s.host == "localhost" {
		return true
	}
	ip := net.ParseIP(s.host)
	return ip != nil && ip.IsLoopback()
}

func (s *Sender) tlsConfig() *tls.Config {
	if s.TLS != nil {
		return s.TLS
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

// Send delivers m. An error says what went wrong in words the author of
// the message may read (the server's answer or a network failure).
func (s *Sender) Send(ctx context.Context, m *rotonde.OutgoingMail) error {
	msg, err := Build(s.from, m, time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	d := net.Dialer{}
	var conn net.Conn
	if s.implicit {
		td := tls.Dialer{NetDialer: &d, Config: s.tlsConfig()}
		conn, err = td.DialContext(ctx, "tcp", s.Server())
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.Server())
	}
	if err != nil {
		return fmt.Errorf("connect to %s: %w", s.Server(), err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	// A cancelled context ends a dialogue that is waiting on the server.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return smtpError("greeting", err)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return smtpError("EHLO", err)
	}
	if !s.implicit {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return smtpError("STARTTLS", err)
			}
		} else if !s.loopback() {
			return fmt.Errorf("%s does not offer STARTTLS; Rotonde sends no mail unencrypted (use smtps:// for TLS from the start)", s.Server())
		}
	}
	if s.user != "" {
		// net/smtp refuses PLAIN without TLS except to localhost.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return smtpError("AUTH", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return smtpError("MAIL FROM", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return smtpError("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("DATA", err)
	}
	_ = c.Quit()
	return nil
}

func smtpError(step string, err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return fmt.Errorf("%s: the mail server answered %d %s", step, tp.Code, tp.Msg)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%s: the mail server did not answer in time", step)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// Build writes m as an RFC 5322 message: multipart/alternative with a
// plain-text and an HTML part, inside multipart/mixed when it has an
// attachment. Every part is UTF-8, quoted-printable or base64.
func Build(from *mail.Address, m *rotonde.OutgoingMail, now time.Time) ([]byte, error) {
	if strings.ContainsAny(m.To, "\r\n") {
		return nil, errors.New("bad recipient")
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.To, err)
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	header("Content-Language", m.Lang)
	header("Auto-Submitted", "auto-generated")

	alt := func(w *multipart.Writer) error {
		if err := textPart(w, "text/plain; charset=utf-8", m.Text); err != nil {
			return err
		}
		if m.HTML != "" {
			return textPart(w, "text/html; charset=utf-8", m.HTML)
		}
		return nil
	}
	var body bytes.Buffer
	if m.AttachmentName == "" {
		w := multipart.NewWriter(&body)
		header("Content-Type", `multipart/alternative; boundary="`+w.Boundary()+`"`)
		if err := alt(w); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
	} else {
		mixed := multipart.NewWriter(&body)
		header("Content-Type", `multipart/mixed; boundary="`+mixed.Boundary()+`"`)
		var inner bytes.Buffer
		w := multipart.NewWriter(&inner)
		if err := alt(w); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		p, err := mixed.CreatePart(textproto.MIMEHeader{"Content-Type": {`multipart/alternative; boundary="` + w.Boundary() + `"`}})
		if err != nil {
			return nil, err
		}
		if _, err := p.Write(inner.Bytes()); err != nil {
			return nil, err
		}
		typ := m.AttachmentType
		if typ == "" {
			typ = "application/octet-stream"
		}
		p, err = mixed.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {typ},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": m.AttachmentName})},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(m.Attachment)
		for len(enc) > 76 {
			fmt.Fprintf(p, "%s\r\n", enc[:76])
			enc = enc[76:]
		}
		fmt.Fprintf(p, "%s\r\n", enc)
		if err := mixed.Close(); err != nil {
			return nil, err
		}
	}
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

func textPart(w *multipart.Writer, typ, text string) error {
	p, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {typ}, "Content-Transfer-Encoding": {"quoted-printable"}})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(p)
	if _, err := qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n"))); err != nil {
		return err
	}
	return qp.Close()
}

func messageID(from string) string {
	var r [12]byte
	_, _ = rand.Read(r[:])
	domain := "rotonde"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	return "<" + hex.EncodeToString(r[:]) + "@" + domain + ">"
}
