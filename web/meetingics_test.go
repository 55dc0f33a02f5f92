package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCalendarFileIsStable: the UID does not follow the Host a request
// carries, and rescheduling keeps the UID and raises SEQUENCE, so calendars
// replace the old time instead of keeping both.
func TestCalendarFileIsStable(t *testing.T) {
	e, fac, base := newDemoMeeting(t, "Leerbijeenkomst 2")
	day := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	if res := e.post(fac, base+"/planning", url.Values{"date": {day}, "time": {"14:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d", res.StatusCode)
	}
	ics := func(host string) map[string]string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+base+"/agenda.ics", nil)
		req.Host = host
		srvURL, _ := url.Parse(e.srv.URL)
		for _, c := range fac.Jar.Cookies(srvURL) {
			req.AddCookie(c)
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("calendar file via %s: %d %s", host, res.StatusCode, res.Header.Get("Location"))
		}
		out := map[string]string{}
		for _, l := range strings.Split(strings.ReplaceAll(string(b), "\r\n ", ""), "\r\n") {
			if k, v, ok := strings.Cut(l, ":"); ok {
				out[k] = v
			}
		}
		return out
	}
	u := strings.TrimPrefix(e.srv.URL, "http://")
	a, b := ics(u), ics("evil.example")
	if a["UID"] == "" || a["UID"] != b["UID"] || strings.Contains(a["UID"], "127.0.0.1") || strings.Contains(b["UID"], "evil") {
		t.Errorf("UID follows the Host: %q and %q", a["UID"], b["UID"])
	}
	time.Sleep(1100 * time.Millisecond) // SEQUENCE counts whole seconds
	if res := e.post(fac, base+"/planning", url.Values{"date": {day}, "time": {"15:30"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reschedule: %d", res.StatusCode)
	}
	c := ics(u)
	s1, _ := strconv.Atoi(a["SEQUENCE"])
	s2, err := strconv.Atoi(c["SEQUENCE"])
	if c["UID"] != a["UID"] || err != nil || s2 <= s1 || c["DTSTART"] == a["DTSTART"] {
		t.Errorf("rescheduled: UID %q → %q, SEQUENCE %q → %q, DTSTART %q → %q", a["UID"], c["UID"], a["SEQUENCE"], c["SEQUENCE"], a["DTSTART"], c["DTSTART"])
	}
}
