package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// metricValue returns the value of the first sample whose line starts with
// name and contains every label given, or -1.
func metricValue(text, name string, labels ...string) float64 {
	for line := range strings.SplitSeq(text, "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(line, l)
		}
		if ok {
			v, _ := strconv.ParseFloat(line[strings.LastIndex(line, " ")+1:], 64)
			return v
		}
	}
	return -1
}

// TestMetricsAndJSONLogs: with --metrics-addr, /metrics on that address
// (and not on the application's) counts requests by route pattern and
// status, open live streams, access-log writes, login failures and
// throttles, and the database pool; --log-format json writes JSON lines.
func TestMetricsAndJSONLogs(t *testing.T) {
	maddr := freeAddr(t)
	base, stop, done, errOut := startDemo(t, "--metrics-addr", maddr, "--log-format", "json")
	scrape := func() string {
		t.Helper()
		code, body := getStatus(t, "http://"+maddr+"/metrics")
		if code != 200 {
			t.Fatalf("metrics: %d", code)
		}
		return body
	}
	if code, _ := getStatus(t, base+"/metrics"); code == http.StatusOK {
		t.Error("/metrics is served on the application's address")
	}
	// Six wrong passwords for one address: five failures, then throttled.
	for range 6 {
		res, err := http.PostForm(base+"/login", url.Values{"email": {"ouder@demo.test"}, "password": {"fout"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	getStatus(t, base+"/healthz")
	openLiveStream(t, base)
	m := scrape()
	checks := []struct {
		name   string
		labels []string
		min    float64
	}{
		{"rotonde_http_request_duration_seconds_count", []string{`route="GET /healthz"`, `status="200"`}, 1},
		{"rotonde_http_request_duration_seconds_count", []string{`route="POST /login"`, `status="429"`}, 1},
		{"rotonde_live_streams", nil, 1},
		{"rotonde_access_log_writes_total", []string{`outcome="ok"`}, 1},
		{"rotonde_login_failures_total", []string{`step="password"`}, 5},
		{"rotonde_login_throttled_total", nil, 1},
		{"go_sql_open_connections", []string{`db_name="write"`}, 0},
		{"process_open_fds", nil, 1},
	}
	for _, c := range checks {
		if v := metricValue(m, c.name, c.labels...); v < c.min {
			t.Errorf("%s%v = %v, want at least %v", c.name, c.labels, v, c.min)
		}
	}
	// A route pattern, never a raw path with ids, labels the requests.
	if regexp.MustCompile(`route="[^"]*/[0-9]+`).MatchString(m) {
		t.Error("a request is labelled with its raw path")
	}
	stop()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	lines := 0
	for line := range strings.SplitSeq(strings.TrimSpace(errOut.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["msg"] == nil || rec["level"] == nil {
			t.Errorf("log line is not JSON: %q", line)
		}
		lines++
	}
	if lines == 0 {
		t.Error("no log lines")
	}
}
