package live

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// StreamOptions tune one SSE stream.
type StreamOptions struct {
	// Heartbeat is the interval of comment lines that keep proxies from
	// closing an idle stream; default 15 s.
	Heartbeat time.Duration
	// Recheck is called at every heartbeat; a non-nil error (access
	// withdrawn, meeting closed) ends the stream with a "gone" event.
	Recheck func(ctx context.Context) error
	// Allow decides per event whether this client may receive it.
	Allow func(*meeting.Event) bool
	// WriteTimeout bounds each write to a stuck client; default 20 s.
	WriteTimeout time.Duration
	// Once sends the backlog and ends (for meetings that are not live).
	Once bool
}

// LastEventID reads the number of the last event a reconnecting client saw:
// the Last-Event-ID header (EventSource sends it), else the "since" query value.
func LastEventID(r *http.Request) int64 {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("since")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Stream serves one meeting's events as Server-Sent Events: first every
// event after the client's last one (from the database), then live events
// from the hub, with heartbeats, until the client leaves, falls behind
// (told to reconnect) or loses access.
func Stream(w http.ResponseWriter, r *http.Request, h *Hub, meetingID int64, opt StreamOptions) {
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 15 * time.Second
	}
	if opt.WriteTimeout <= 0 {
		opt.WriteTimeout = 20 * time.Second
	}
	ctx := r.Context()
	rc := http.NewResponseController(w)
	// A stream lives longer than any server-wide timeout: without clearing
	// the read deadline too, http.Server.ReadTimeout would end the request's
	// context (and the stream) after that time.
	_ = rc.SetWriteDeadline(time.Time{})
	_ = rc.SetReadDeadline(time.Time{})
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	hd.Set("Connection", "keep-alive")

	var sub *Sub
	if !opt.Once {
		var err error
		// Subscribe before reading the backlog so that nothing falls between.
		if sub, err = h.Subscribe(ctx, meetingID, opt.Allow); err != nil {
			return
		}
		defer sub.Close()
	}
	w.WriteHeader(http.StatusOK)
	st := &stream{bw: bufio.NewWriterSize(w, 4096), rc: rc, writeTimeout: opt.WriteTimeout, sent: LastEventID(r)}
	fmt.Fprintf(st.bw, "retry: 2000\n\n")
	if !st.backlog(ctx, h, meetingID, opt.Allow) || !st.flush() || opt.Once {
		return
	}
	st.follow(ctx, h, sub, opt)
}

// stream is one open event stream: its buffered writer and the number of
// the last event sent.
type stream struct {
	bw           *bufio.Writer
	rc           *http.ResponseController
	writeTimeout time.Duration
	sent         int64
}

// flush sends what is buffered within the write timeout; false when the
// client is gone.
func (st *stream) flush() bool {
	_ = st.rc.SetWriteDeadline(time.Now().Add(st.writeTimeout))
	return st.bw.Flush() == nil && st.rc.Flush() == nil
}

// backlog writes the stored events after the last one the client saw.
func (st *stream) backlog(ctx context.Context, h *Hub, meetingID int64, allow func(*meeting.Event) bool) bool {
	for {
		evs, err := h.src.MeetingEvents(ctx, meetingID, st.sent, fetchBatch)
		if err != nil {
			return false
		}
		for i := range evs {
			if allow == nil || allow(&evs[i]) {
				writeEvent(st.bw, &evs[i])
			}
			st.sent = evs[i].Seq
		}
		if len(evs) < fetchBatch {
			return true
		}
	}
}

// send writes ev and whatever else is already waiting, in one write.
func (st *stream) send(ev meeting.Event, sub *Sub) bool {
	if ev.Seq <= st.sent {
		return true // already sent with the backlog
	}
	writeEvent(st.bw, &ev)
	st.sent = ev.Seq
	for {
		select {
		case ev := <-sub.C:
			if ev.Seq > st.sent {
				writeEvent(st.bw, &ev)
				st.sent = ev.Seq
			}
		default:
			return st.flush()
		}
	}
}

// follow sends new events as they come, with heartbeats, until the client
// leaves, falls behind, loses access or the server shuts down.
func (st *stream) follow(ctx context.Context, h *Hub, sub *Sub, opt StreamOptions) {
	tick := time.NewTicker(opt.Heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.Dropped:
			writeControl(st.bw, EvReconnect)
			st.flush()
			return
		case <-h.draining:
			// The server is shutting down: the client reconnects, to
			// another instance or to this one once it is back.
			writeControl(st.bw, EvReconnect)
			st.flush()
			return
		case ev := <-sub.C:
			if !st.send(ev, sub) {
				return
			}
		case <-tick.C:
			if opt.Recheck != nil {
				if err := opt.Recheck(ctx); err != nil {
					writeControl(st.bw, EvGone)
					st.flush()
					return
				}
			}
			fmt.Fprintf(st.bw, ": hb\n\n")
			if !st.flush() {
				return
			}
		}
	}
}

// Events of the stream itself, sent besides the meeting's own kinds
// (meeting.EventKinds).
const (
	// EvReconnect asks the client to connect again: it fell behind, or the
	// server is shutting down.
	EvReconnect = "reconnect"
	// EvGone says the viewer may no longer follow the meeting.
	EvGone = "gone"
)

// StreamEvents returns the kinds of the stream's own events.
func StreamEvents() []string { return []string{EvReconnect, EvGone} }

func writeControl(bw *bufio.Writer, kind string) {
	fmt.Fprintf(bw, "event: %s\ndata: {}\n\n", kind)
}

func writeEvent(bw *bufio.Writer, e *meeting.Event) {
	fmt.Fprintf(bw, "id: %d\nevent: %s\ndata: %s\n\n", e.Seq, e.Kind, e.Payload)
}
