// Package live carries a meeting's events to the people in it while it
// runs: a hub per instance that fans events out to subscribers, a
// Server-Sent Events writer with catch-up from the last event seen, and on
// PostgreSQL a LISTEN connection that lets several instances serve one
// meeting together.
//
// Events are stored first (package sqldb numbers them per meeting) and
// announced only after their transaction committed; the hub then reads them
// from the database once per meeting and hands them to every subscriber
// whose access allows them. A notification carries numbers, never content.
package live

import (
	"context"
	"log/slog"
	"sync"

	"github.com/rotonde-jeugd/rotonde/meeting"
)

// Source reads stored events.
type Source interface {
	MeetingEvents(ctx context.Context, id, after int64, limit int) ([]meeting.Event, error)
	MeetingLastSeq(ctx context.Context, id int64) (int64, error)
}

// DefaultBuffer is how many events a subscriber may lag behind before it is
// dropped and told to reconnect (it then catches up from the database).
const DefaultBuffer = 64

const fetchBatch = 500

// Hub fans out the events of the meetings that have subscribers on this instance.
type Hub struct {
	src    Source
	log    *slog.Logger
	buffer int
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	topics map[int64]*topic
	wg     sync.WaitGroup

	// draining is closed when the server shuts down (see Drain).
	draining  chan struct{}
	drainOnce sync.Once
}

type topic struct {
	id    int64
	subs  map[*Sub]struct{}
	kick  chan struct{} // capacity 1: "there may be new events"
	stop  chan struct{}
	ready chan struct{} // closed once seq is known
	seq   int64         // highest event handed out; owned by the worker after ready
}

// Sub is one subscriber: a live client of one meeting.
type Sub struct {
	// C delivers events; it is never closed.
	C <-chan meeting.Event
	// Dropped is closed when the subscriber fell too far behind.
	Dropped <-chan struct{}

	ch      chan meeting.Event
	dropped chan struct{}
	once    sync.Once
	allow   func(*meeting.Event) bool
	hub     *Hub
	topic   *topic
}

// NewHub makes a hub reading events from src. buffer ≤ 0 means DefaultBuffer.
func NewHub(src Source, log *slog.Logger, buffer int) *Hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{src: src, log: log, buffer: buffer, ctx: ctx, cancel: cancel, topics: map[int64]*topic{}, draining: make(chan struct{})}
}

// Close stops every topic worker and waits for them.
func (h *Hub) Close() {
	h.cancel()
	h.mu.Lock()
	for id, t := range h.topics {
		close(t.stop)
		delete(h.topics, id)
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// Notify says that events up to seq exist for a meeting. It never blocks;
// meetings without subscribers here are ignored.
func (h *Hub) Notify(meetingID, seq int64) {
	h.mu.Lock()
	t := h.topics[meetingID]
	h.mu.Unlock()
	if t == nil {
		return
	}
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// KickAll makes every topic look for new events, e.g. after the LISTEN
// connection was re-established and notifications may have been missed.
func (h *Hub) KickAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, t := range h.topics {
		select {
		case t.kick <- struct{}{}:
		default:
		}
	}
}

// Subscribers returns the number of subscribers of a meeting on this instance.
func (h *Hub) Subscribers(meetingID int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := h.topics[meetingID]; t != nil {
		return len(t.subs)
	}
	return 0
}

// Subscribe registers a subscriber for a meeting. allow decides per event
// whether this subscriber may receive it. Every event committed after
// Subscribe returns is delivered (or the subscriber is dropped); earlier
// ones the caller reads itself (catch-up) and skips duplicates by number.
func (h *Hub) Subscribe(ctx context.Context, meetingID int64, allow func(*meeting.Event) bool) (*Sub, error) {
	s := &Sub{ch: make(chan meeting.Event, h.buffer), dropped: make(chan struct{}), allow: allow, hub: h}
	s.C, s.Dropped = s.ch, s.dropped
	h.mu.Lock()
	t := h.topics[meetingID]
	created := t == nil
	if created {
		t = &topic{id: meetingID, subs: map[*Sub]struct{}{}, kick: make(chan struct{}, 1), stop: make(chan struct{}), ready: make(chan struct{})}
		h.topics[meetingID] = t
	}
	t.subs[s] = struct{}{}
	s.topic = t
	h.mu.Unlock()
	if created {
		// The topic is registered before the current number is read, so an
		// event committed after this read finds the topic and kicks it.
		seq, err := h.src.MeetingLastSeq(ctx, meetingID)
		if err != nil {
			h.log.Warn("live: read last event number", "meeting", meetingID, "err", err)
		}
		t.seq = seq
		close(t.ready)
		h.wg.Add(1)
		go h.run(t)
	} else {
		select {
		case <-t.ready:
		case <-ctx.Done():
			s.Close()
			return nil, ctx.Err()
		}
	}
	return s, nil
}

// Close unsubscribes; the last subscriber of a meeting stops its worker.
func (s *Sub) Close() {
	h, t := s.hub, s.topic
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := t.subs[s]; !ok {
		return
	}
	delete(t.subs, s)
	if len(t.subs) == 0 && h.topics[t.id] == t {
		delete(h.topics, t.id)
		close(t.stop)
	}
}

func (s *Sub) drop() {
	s.once.Do(func() { close(s.dropped) })
	s.Close()
}

// run reads new events of one meeting once and hands them to its subscribers.
func (h *Hub) run(t *topic) {
	defer h.wg.Done()
	for {
		select {
		case <-t.stop:
			return
		case <-h.ctx.Done():
			return
		case <-t.kick:
		}
		for {
			evs, err := h.src.MeetingEvents(h.ctx, t.id, t.seq, fetchBatch)
			if err != nil {
				if h.ctx.Err() == nil {
					h.log.Warn("live: read events", "meeting", t.id, "err", err)
				}
				break
			}
			if len(evs) == 0 {
				break
			}
			t.seq = evs[len(evs)-1].Seq
			h.mu.Lock()
			subs := make([]*Sub, 0, len(t.subs))
			for s := range t.subs {
				subs = append(subs, s)
			}
			h.mu.Unlock()
			for _, s := range subs {
				s.deliver(evs)
			}
			if len(evs) < fetchBatch {
				break
			}
		}
	}
}

func (s *Sub) deliver(evs []meeting.Event) {
	for i := range evs {
		if s.allow != nil && !s.allow(&evs[i]) {
			continue
		}
		select {
		case s.ch <- evs[i]:
		default:
			// A slow client must not hold up the others: drop it; it
			// reconnects and catches up from its last event.
			s.drop()
			return
		}
	}
}
