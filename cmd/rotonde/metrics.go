package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// serveMetrics serves Prometheus metrics at /metrics on their own address
// until ctx ends, apart from the application so that they are never reachable
// through the public proxy. Without an address it returns nil: no metrics.
func serveMetrics(ctx context.Context, db *sqldb.DB, log *slog.Logger, addr string) (*web.Metrics, error) {
	if addr == "" {
		return nil, nil
	}
	m := web.NewMetrics()
	m.RegisterDB("write", db.Writer())
	if db.Reader() != db.Writer() {
		m.RegisterDB("read", db.Reader())
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("kan niet luisteren op %s voor metrics (cannot listen for metrics): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Info("metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	return m, nil
}
