package live_test

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/pgtest"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/postgres"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fakeSource holds events in memory.
type fakeSource struct {
	mu  sync.Mutex
	evs []meeting.Event
}

func (f *fakeSource) add(kind string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	seq := int64(len(f.evs) + 1)
	f.evs = append(f.evs, meeting.Event{MeetingID: 1, Seq: seq, Kind: kind, Audience: meeting.AudienceAll, Payload: []byte(`{}`)})
	return seq
}

func (f *fakeSource) MeetingEvents(_ context.Context, _ int64, after int64, limit int) ([]meeting.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []meeting.Event
	for _, e := range f.evs {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeSource) MeetingLastSeq(context.Context, int64) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.evs)), nil
}

func recv(t *testing.T, s *live.Sub) meeting.Event {
	t.Helper()
	select {
	case e := <-s.C:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return meeting.Event{}
}

func TestHubDeliversInOrderAndFilters(t *testing.T) {
	src := &fakeSource{}
	src.add("old")
	h := live.NewHub(src, nil, 8)
	defer h.Close()
	ctx := context.Background()
	all, err := h.Subscribe(ctx, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	onlyCaptures, _ := h.Subscribe(ctx, 1, func(e *meeting.Event) bool { return e.Kind == "capture" })
	for _, k := range []string{"step", "capture", "step"} {
		h.Notify(1, src.add(k))
	}
	for want := int64(2); want <= 4; want++ {
		if e := recv(t, all); e.Seq != want {
			t.Fatalf("got seq %d, want %d (the event before subscribing is not repeated)", e.Seq, want)
		}
	}
	if e := recv(t, onlyCaptures); e.Kind != "capture" {
		t.Fatalf("filtered subscriber got %q", e.Kind)
	}
	select {
	case e := <-onlyCaptures.C:
		t.Fatalf("filtered subscriber got a %q event", e.Kind)
	default:
	}
	all.Close()
	onlyCaptures.Close()
	if n := h.Subscribers(1); n != 0 {
		t.Errorf("%d subscribers after closing both", n)
	}
}

func TestSlowSubscriberIsDroppedOthersContinue(t *testing.T) {
	src := &fakeSource{}
	h := live.NewHub(src, nil, 4)
	defer h.Close()
	ctx := context.Background()
	slow, _ := h.Subscribe(ctx, 1, nil)
	fast, _ := h.Subscribe(ctx, 1, nil)
	var got []int64
	for i := 0; i < 20; i++ {
		h.Notify(1, src.add("capture"))
		got = append(got, recv(t, fast).Seq) // the fast one keeps up
	}
	select {
	case <-slow.Dropped:
	case <-time.After(5 * time.Second):
		t.Fatal("slow subscriber was not dropped")
	}
	if got[19] != 20 {
		t.Errorf("fast subscriber ended at %d", got[19])
	}
	if n := h.Subscribers(1); n != 1 {
		t.Errorf("%d subscribers, want only the fast one", n)
	}
}

// readSSE reads events from a stream until n events arrived.
func readSSE(t *testing.T, body *bufio.Reader, n int) []string {
	t.Helper()
	var ids []string
	for len(ids) < n {
		line, err := body.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended after %v: %v", ids, err)
		}
		if id, ok := strings.CutPrefix(strings.TrimSpace(line), "id: "); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func TestStreamCatchesUpFromLastEventID(t *testing.T) {
	src := &fakeSource{}
	for range 3 {
		src.add("capture")
	}
	h := live.NewHub(src, nil, 0)
	defer h.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		live.Stream(w, r, h, 1, live.StreamOptions{Heartbeat: 50 * time.Millisecond})
	}))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Last-Event-ID", "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	for k, want := range map[string]string{"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	br := bufio.NewReader(res.Body)
	if ids := readSSE(t, br, 2); ids[0] != "2" || ids[1] != "3" {
		t.Fatalf("catch-up sent %v, want [2 3]", ids)
	}
	// Wait until the stream has subscribed, then publish live.
	for h.Subscribers(1) == 0 {
		time.Sleep(time.Millisecond)
	}
	h.Notify(1, src.add("step"))
	if ids := readSSE(t, br, 1); ids[0] != "4" {
		t.Fatalf("live event %v, want [4]", ids)
	}
}

// TestRolledBackWriteSendsNothing writes an event in a transaction that
// rolls back, then one that commits: subscribers (on PostgreSQL fed only by
// LISTEN/NOTIFY) see the committed one and never the other.
func TestRolledBackWriteSendsNothing(t *testing.T) {
	for _, eng := range []string{"sqlite", "postgres"} {
		t.Run(eng, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var db *sqldb.DB
			var url string
			if eng == "sqlite" {
				db = testenv.OpenSQLite(t)
			} else {
				url = pgtest.NewDatabase(t)
				var err error
				if db, err = postgres.Open(ctx, url); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			owner := testenv.MustUser(t, db, &rotonde.User{Email: "f@test.nl", Name: "Facilitator", Role: rotonde.RoleFacilitator,
				OrgID: testenv.MustOrg(t, db, "Org", rotonde.OrgNeighbourhood).ID}, "wachtwoord-1")
			m := &meeting.Meeting{Title: "Thema", Theme: "vertragen"}
			if err := db.Meetings.CreateMeeting(ctx, owner, m); err != nil {
				t.Fatal(err)
			}
			h := live.NewHub(db.Meetings, nil, 0)
			defer h.Close()
			notify := func(seq int64) { h.Notify(m.ID, seq) }
			if url != "" {
				rctx, rcancel := context.WithCancel(ctx)
				defer rcancel()
				if _, err := live.StartRelay(rctx, url, h, nil); err != nil {
					t.Fatal(err)
				}
				notify = func(int64) {} // only NOTIFY may deliver
			}
			sub, err := h.Subscribe(ctx, m.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sub.Close()
			boom := errors.New("rollback")
			err = db.WriteTx(ctx, func(tx *sqldb.Tx) error {
				seq, err := db.Meetings.AppendMeetingEvent(ctx, tx, m.ID, meeting.CaptureEvent{Body: "rolled back"})
				if err != nil {
					return err
				}
				notify(seq) // even a premature local notify finds nothing stored
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			var seq int64
			err = db.WriteTx(ctx, func(tx *sqldb.Tx) error {
				seq, err = db.Meetings.AppendMeetingEvent(ctx, tx, m.ID, meeting.CaptureEvent{Body: "committed"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			notify(seq)
			e := recv(t, sub)
			if !strings.Contains(string(e.Payload), "committed") || e.Seq != 1 {
				t.Fatalf("first event %d %s, want the committed one as number 1", e.Seq, e.Payload)
			}
			select {
			case e := <-sub.C:
				t.Fatalf("extra event %d %s", e.Seq, e.Payload)
			default:
			}
		})
	}
}

func TestParseNotification(t *testing.T) {
	if sqldb.MeetingChannel != live.Channel {
		t.Fatalf("channels differ: %q %q", sqldb.MeetingChannel, live.Channel)
	}
	for in, ok := range map[string]bool{"3:7": true, "3:0": false, "x:1": false, "12": false, "-1:2": false} {
		if _, _, got := live.ParseNotification(in); got != ok {
			t.Errorf("%q: %v", in, got)
		}
	}
}

// BenchmarkHubFanout measures one event reaching 1,000 subscribers of one meeting.
func BenchmarkHubFanout(b *testing.B) {
	src := &fakeSource{}
	h := live.NewHub(src, nil, 0)
	defer h.Close()
	subs := make([]*live.Sub, 1000)
	for i := range subs {
		subs[i], _ = h.Subscribe(context.Background(), 1, nil)
	}
	b.ResetTimer()
	for b.Loop() {
		h.Notify(1, src.add("capture"))
		for _, s := range subs {
			<-s.C
		}
	}
}

// TestStreamOutlivesServerTimeouts: a server with short read and write
// timeouts still keeps a stream open past them.
func TestStreamOutlivesServerTimeouts(t *testing.T) {
	src := &fakeSource{}
	h := live.NewHub(src, nil, 0)
	defer h.Close()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		live.Stream(w, r, h, 1, live.StreamOptions{Heartbeat: 50 * time.Millisecond})
	}))
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = 200*time.Millisecond, 200*time.Millisecond
	srv.Start()
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	br := bufio.NewReader(res.Body)
	for h.Subscribers(1) == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(600 * time.Millisecond) // three times the timeouts
	h.Notify(1, src.add("capture"))
	if ids := readSSE(t, br, 1); ids[0] != "1" {
		t.Fatalf("got %v", ids)
	}
}
