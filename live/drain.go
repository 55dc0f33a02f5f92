package live

// Drain tells every open stream of this hub to send a "reconnect" event and
// end, and every stream opened later to do so at once. A server calls it when
// it begins to shut down, so that http.Server.Shutdown need not wait for
// streams that would otherwise stay open for as long as a meeting lasts.
func (h *Hub) Drain() {
	h.drainOnce.Do(func() { close(h.draining) })
}

// Draining is closed once Drain was called.
func (h *Hub) Draining() <-chan struct{} { return h.draining }
