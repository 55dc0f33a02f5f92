package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// startDemo runs `rotonde demo` on a free port with its own data folder and
// returns its address, the cancel that acts as SIGTERM and its exit status.
func startDemo(t *testing.T, extra ...string) (base string, stop context.CancelFunc, done <-chan int, stderr *syncBuffer) {
	t.Helper()
	return startDemoArgs(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, extra...))
}

func startDemoArgs(t *testing.T, args []string) (base string, stop context.CancelFunc, done <-chan int, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var out, errOut syncBuffer
	ch := make(chan int, 1)
	go func() { ch <- run(ctx, args, &out, &errOut) }()
	for deadline := time.Now().Add(startTimeout); base == ""; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("demo did not start: %q %q", out.String(), errOut.String())
		}
		if i := strings.Index(out.String(), "Rotonde demo: http://"); i >= 0 {
			rest := out.String()[i+len("Rotonde demo: "):]
			base = strings.TrimSpace(rest[:strings.Index(rest, "\n")])
		}
	}
	return base, cancel, ch, &errOut
}

// openLiveStream logs in to the demo at base as the facilitator, starts a
// meeting and opens its event stream, read up to its first line.
func openLiveStream(t *testing.T, base string) *bufio.Reader {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := post("/login", url.Values{"email": {"facilitator@demo.test"}, "password": {"demo-rotonde"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", res.StatusCode)
	}
	res, err := c.Get(base + "/api/v1/cases")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Cases []struct{ ID int64 } }
	_ = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if len(list.Cases) == 0 {
		t.Fatal("the facilitator has no case")
	}
	res = post(fmt.Sprintf("/casussen/%d/bijeenkomsten", list.Cases[0].ID), url.Values{"title": {"Afsluiten"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("create meeting: %d", res.StatusCode)
	}
	if res := post(loc+"/agenda", url.Values{"card": {"facilitator"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add card: %d", res.StatusCode)
	}
	if res := post(loc+"/starten", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start meeting: %d", res.StatusCode)
	}
	streamClient := &http.Client{Jar: jar}
	res, err = streamClient.Get(base + loc + "/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != http.StatusOK {
		t.Fatalf("stream: %d", res.StatusCode)
	}
	br := bufio.NewReader(res.Body)
	if line, err := br.ReadString('\n'); err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream start: %q %v", line, err)
	}

	return br
}

// TestShutdownTellsLiveStreamsToReconnect: SIGTERM while a live meeting's
// stream is open sends the stream a "reconnect" event and ends the server
// promptly with status 0 (it used to wait 10 s and exit with status 1).
func TestShutdownTellsLiveStreamsToReconnect(t *testing.T) {
	base, stop, done, errOut := startDemo(t)
	br := openLiveStream(t, base)

	start := time.Now()
	stop()
	events := make(chan string, 1)
	go func() {
		var seen []string
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				events <- strings.Join(seen, "")
				return
			}
			seen = append(seen, line)
		}
	}()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after SIGTERM with an open stream: %s", code, errOut.String())
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("shutdown took %s", took)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop within 15 s")
	}
	select {
	case got := <-events:
		if !strings.Contains(got, "event: reconnect") {
			t.Errorf("the stream ended without a reconnect event: %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Error("the stream stayed open after the server stopped")
	}
}
