package main

import (
	"io"
	"net"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
)

// TestServeWaitsForPostgres: PostgreSQL that is down at start is tried again
// for --database-wait, then serve stops with status 1 and a clear reason;
// a server that comes up within that time is used.
func TestServeWaitsForPostgres(t *testing.T) {
	t.Run("gives up", func(t *testing.T) {
		start := time.Now()
		code, _, stderr := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--key-file", newKeyFile(t), "--database-wait", "2s",
			"--database-url", "postgres://rotonde:geheim@127.0.0.1:1/rotonde?connect_timeout=2")
		took := time.Since(start)
		if code != 1 || !strings.Contains(stderr, "niet bereikbaar") || !strings.Contains(stderr, "na 2s") ||
			!strings.Contains(stderr, "trying again") || strings.Contains(stderr, "geheim") {
			t.Errorf("exit %d, %q", code, stderr)
		}
		if took < 2*time.Second || took > 15*time.Second {
			t.Errorf("gave up after %s, want about 2 s", took)
		}
	})
	t.Run("comes up", func(t *testing.T) {
		dsn := pgtest.NewDatabase(t)
		u, err := neturl.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		target := u.Host
		// A port where nothing listens yet; the database appears there 1.5 s
		// after serve started.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		go func() {
			time.Sleep(1500 * time.Millisecond)
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			t.Cleanup(func() { ln.Close() })
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go forward(c, target)
			}
		}()
		u.Host = addr
		base, stop := serveAt(t, "--database-url", u.String(), "--key-file", newKeyFile(t), "--database-wait", "30s")
		if code, _ := getStatus(t, base+"/readyz"); code != 200 {
			t.Errorf("readyz: %d", code)
		}
		if code := stop(); code != 0 {
			t.Errorf("serve exit %d", code)
		}
	})
}

func forward(c net.Conn, target string) {
	defer c.Close()
	d, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer d.Close()
	go func() { _, _ = io.Copy(d, c) }()
	_, _ = io.Copy(c, d)
}
