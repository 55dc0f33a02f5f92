package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL NOTIFY channel of meeting events (sqldb.MeetingChannel).
const Channel = "rotonde_meeting"

// ParseNotification reads a notification payload "meetingID:seq".
func ParseNotification(payload string) (meetingID, seq int64, ok bool) {
	a, b, found := strings.Cut(payload, ":")
	if !found {
		return 0, 0, false
	}
	m, err1 := strconv.ParseInt(a, 10, 64)
	s, err2 := strconv.ParseInt(b, 10, 64)
	return m, s, err1 == nil && err2 == nil && m > 0 && s > 0
}

// Relay listens on a dedicated PostgreSQL connection and passes every
// meeting notification to the local hub, so that an event written through
// any instance reaches the clients of every instance.
type Relay struct {
	url string
	hub *Hub
	log *slog.Logger
}

// StartRelay connects, LISTENs and returns once notifications flow; it then
// keeps listening (reconnecting with back-off) until ctx ends.
func StartRelay(ctx context.Context, url string, hub *Hub, log *slog.Logger) (*Relay, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Relay{url: url, hub: hub, log: log}
	conn, err := r.connect(ctx)
	if err != nil {
		return nil, err
	}
	go r.loop(ctx, conn)
	return r, nil
}

func (r *Relay) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, r.url)
	if err != nil {
		return nil, fmt.Errorf("live: connect for LISTEN: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("live: LISTEN: %w", err)
	}
	return conn, nil
}

func (r *Relay) loop(ctx context.Context, conn *pgx.Conn) {
	backoff := 100 * time.Millisecond
	for {
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.Background())
				if ctx.Err() != nil {
					return
				}
				r.log.Warn("live: LISTEN connection lost", "err", err)
				break
			}
			if id, seq, ok := ParseNotification(n.Payload); ok {
				r.hub.Notify(id, seq)
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			c, err := r.connect(ctx)
			if err == nil {
				conn = c
				backoff = 100 * time.Millisecond
				// Notifications sent while we were away are lost; look in
				// the database for every meeting we serve.
				r.hub.KickAll()
				break
			}
			if errors.Is(err, context.Canceled) {
				return
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}
}
