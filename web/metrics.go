package web

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the figures an operator scrapes with Prometheus: request
// latency by route pattern and status, open live streams, access-log
// writes, login failures and throttled attempts, the database pools, and
// the Go runtime and process (memory, open files, goroutines). A nil
// *Metrics records nothing.
type Metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.HistogramVec
	liveStreams   prometheus.Gauge
	auditWrites   *prometheus.CounterVec
	loginFailures *prometheus.CounterVec
	throttled     prometheus.Counter
}

// NewMetrics makes the metrics with their own registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rotonde_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern, method and status code.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "status"}),
		liveStreams: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "rotonde_live_streams",
			Help: "Live meeting event streams open on this instance.",
		}),
		auditWrites: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rotonde_access_log_writes_total",
			Help: "Access-log writes, by outcome (ok or error); an error refuses the action it would have logged.",
		}, []string{"outcome"}),
		loginFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rotonde_login_failures_total",
			Help: "Failed login attempts, by step (password or second).",
		}, []string{"step"}),
		throttled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rotonde_login_throttled_total",
			Help: "Login attempts refused because the e-mail address or client address is throttled.",
		}),
	}
	m.reg.MustRegister(m.requests, m.liveStreams, m.auditWrites, m.loginFailures, m.throttled,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// RegisterDB adds the statistics of a connection pool (open, in use, idle,
// waits) under the label db=name.
func (m *Metrics) RegisterDB(name string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *Metrics) auditWrite(err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.auditWrites.WithLabelValues(outcome).Inc()
}

func (m *Metrics) loginFailed(step string) {
	if m != nil {
		m.loginFailures.WithLabelValues(step).Inc()
	}
}

func (m *Metrics) loginThrottled() {
	if m != nil {
		m.throttled.Inc()
	}
}

// eventsPattern is the route of the live streams, counted while open.
const eventsPattern = "GET /bijeenkomsten/{mid}/events"

type routeKey struct{}

// routeNote carries the matched route pattern from inside the mux out to
// the outermost handler, which measures the whole request.
type routeNote struct{ pattern string }

// measure times every request and counts it by route pattern and status.
// It is the outermost handler; the pattern is noted by notePattern.
func (s *Server) measure(next http.Handler) http.Handler {
	m := s.cfg.Metrics
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		note := &routeNote{}
		sw := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), routeKey{}, note)))
		route := note.pattern
		if route == "" {
			route = "other" // answered before routing (refused, unavailable)
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, strconv.Itoa(status)).Observe(time.Since(start).Seconds())
	})
}

// notePattern wraps the mux: it notes the route pattern for measure and
// counts open live streams.
func (s *Server) notePattern(mux *http.ServeMux) http.Handler {
	m := s.cfg.Metrics
	if m == nil {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		if note, ok := r.Context().Value(routeKey{}).(*routeNote); ok {
			note.pattern = pattern
		}
		if pattern == eventsPattern {
			m.liveStreams.Inc()
			defer m.liveStreams.Dec()
		}
		mux.ServeHTTP(w, r)
	})
}
