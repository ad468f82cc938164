package live

import (
	"bufio"
	"net"
	"time"
)

// Stream is one open page following its user's changes.
type Stream struct {
	uid  int64
	ch   chan Message
	done chan struct{}
}

// streamBuffer bounds the messages waiting for one stream: a page needs to
// hear "changed" once to refresh, so more would be the same news.
const streamBuffer = 4

// Open registers a stream for user uid: ErrFull when the instance holds
// its maximum (or is shutting down). A user's oldest stream closes when
// they open one more than MaxPerUser.
func (h *Hub) Open(uid int64) (*Stream, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || h.total >= h.cfg.MaxStreams {
		return nil, ErrFull
	}
	st := &Stream{uid: uid, ch: make(chan Message, streamBuffer), done: make(chan struct{})}
	list := h.users[uid]
	if len(list) >= h.cfg.MaxPerUser {
		h.drop(list[0])
		list = h.users[uid]
	}
	if len(list) == 0 {
		h.changedUsers()
	}
	h.users[uid] = append(list, st)
	h.total++
	h.open.Inc()
	return st, nil
}

// Close ends st (its page has gone, or the server is stopping).
func (h *Hub) Close(st *Stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(st)
}

// drop unregisters st and ends it; h.mu is held.
func (h *Hub) drop(st *Stream) {
	list := h.users[st.uid]
	for i, s := range list {
		if s != st {
			continue
		}
		close(st.done)
		list = append(list[:i:i], list[i+1:]...)
		h.total--
		h.open.Dec()
		if len(list) == 0 {
			delete(h.users, st.uid)
			h.changedUsers()
			return
		}
		h.users[st.uid] = list
		return
	}
}

// Shutdown ends every stream at once and refuses new ones, so that a
// graceful shutdown does not wait for pages that never finish loading.
func (h *Hub) Shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, list := range h.users {
		for _, st := range append([]*Stream(nil), list...) {
			h.drop(st)
		}
	}
}

// Heartbeat is how often an idle stream writes a comment, so that proxies
// keep it and a page that has gone is noticed.
const Heartbeat = 25 * time.Second

// writeWait bounds one write to a stream: a client that stops reading is
// dropped.
const writeWait = 10 * time.Second

// Serve writes st to w until the stream ends or the client goes. conn is
// the connection under w: each write gets its own deadline (the server's
// WriteTimeout would cut the stream).
func (h *Hub) Serve(w *bufio.Writer, conn net.Conn, st *Stream, heartbeat time.Duration) {
	defer h.Close(st)
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	write := func(s string) bool {
		if conn != nil {
			_ = conn.SetWriteDeadline(time.Now().Add(writeWait))
		}
		if _, err := w.WriteString(s); err != nil {
			return false
		}
		return w.Flush() == nil
	}
	if !write("retry: 5000\n: connected\n\n") {
		return
	}
	for {
		select {
		case <-st.done:
			return
		case m := <-st.ch:
			if !write("event: " + m.Kind + "\ndata: " + m.Data + "\n\n") {
				return
			}
			h.sent.WithLabelValues(m.Kind).Inc()
		case <-tick.C:
			if !write(": heartbeat\n\n") {
				return
			}
		}
	}
}
