// Package smtptest starts a real SMTP server for tests: Debian's
// python3-aiosmtpd running smtpd.py. Without it the test is skipped, or
// fails when CI=true, so CI never passes without testing mail.
package smtptest

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

//go:embed smtpd.py
var script []byte

// Python is Debian's interpreter, which has python3-aiosmtpd; a python3
// earlier on PATH (pyenv, a virtualenv) may lack it.
const Python = "/usr/bin/python3"

// Server is a running test mail server.
type Server struct {
	Addr string // 127.0.0.1:PORT
	dir  string
}

// Start runs a server until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	if err := exec.Command(Python, "-c", "import aiosmtpd").Run(); err != nil {
		msg := fmt.Sprintf("smtptest: %s cannot import aiosmtpd (apt-get install python3-aiosmtpd): %v", Python, err)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg + " (CI=true, so this is a failure, not a skip)")
		}
		tb.Skip(msg)
	}
	dir := tb.TempDir()
	scriptPath := filepath.Join(tb.TempDir(), "smtpd.py")
	if err := os.WriteFile(scriptPath, script, 0o600); err != nil {
		tb.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(Python, scriptPath, dir, fmt.Sprint(port))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && strings.TrimSpace(line) != "READY" {
			err = fmt.Errorf("unexpected %q", line)
		}
		ready <- err
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case err := <-ready:
		if err != nil {
			tb.Fatalf("smtptest: server did not start: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		tb.Fatalf("smtptest: server did not start within 60 s\n%s", stderr.String())
	}
	return &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), dir: dir}
}

// URL is the server's smtp:// URL.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// SetMode makes the server accept, refuse (550 on RCPT TO) or hang.
func (s *Server) SetMode(tb testing.TB, mode string) {
	tb.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, "mode"), []byte(mode), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// Message is one received message, decoded.
type Message struct {
	Rcpt        []string
	Header      mail.Header
	Subject     string
	Text, HTML  string
	Attachments map[string][]byte // by file name
}

// Messages returns the messages received so far, in order.
func (s *Server) Messages(tb testing.TB) []Message {
	tb.Helper()
	names, _ := filepath.Glob(filepath.Join(s.dir, "*.eml"))
	sort.Strings(names)
	var out []Message
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		m, err := parse(string(b))
		if err != nil {
			tb.Fatalf("%s: %v\n%s", n, err, b)
		}
		out = append(out, m)
	}
	return out
}

// WaitMessages waits until at least n messages arrived.
func (s *Server) WaitMessages(tb testing.TB, n int, timeout time.Duration) []Message {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		m := s.Messages(tb)
		if len(m) >= n || time.Now().After(deadline) {
			if len(m) < n {
				tb.Fatalf("smtptest: %d message(s) within %s, want %d", len(m), timeout, n)
			}
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func parse(raw string) (Message, error) {
	var m Message
	for strings.HasPrefix(raw, "X-Test-Rcpt: ") {
		line, rest, _ := strings.Cut(raw, "\r\n")
		m.Rcpt = append(m.Rcpt, strings.TrimPrefix(line, "X-Test-Rcpt: "))
		raw = rest
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return m, err
	}
	m.Header = msg.Header
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, err
	}
	m.Attachments = map[string][]byte{}
	err = m.walk(msg.Header.Get("Content-Type"), "", "", msg.Body)
	return m, err
}

func (m *Message) walk(contentType, encoding, disposition string, body io.Reader) error {
	typ, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return err
	}
	if strings.HasPrefix(typ, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = newBase64Reader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		m.Attachments[dp["filename"]] = b
		return nil
	}
	switch typ {
	case "text/plain":
		m.Text = string(b)
	case "text/html":
		m.HTML = string(b)
	}
	return nil
}
