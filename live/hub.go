// Package live carries "something changed" from the write that changed it
// to every open page of the users who can see it, on any instance: the
// events service publishes to one Redis channel per user after each
// commit, and every instance relays its users' channels to their open
// Server-Sent Events streams. Redis being away means no live updates,
// never an error: pages still work, and the subscription comes back with
// Redis.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Kinds of messages (the SSE event names).
const (
	KindChanged  = "changed"
	KindReminder = "reminder"
)

// Message is one event for a stream: its kind and its JSON data.
type Message struct {
	Kind string
	Data string
}

// Config bounds the hub.
type Config struct {
	Prefix     string // Redis key prefix: channels are <prefix>live:<user id>
	MaxStreams int    // open streams on this instance
	MaxPerUser int    // open streams per user (the oldest closes); DefaultMaxPerUser when 0
}

// DefaultMaxPerUser is how many pages of one user follow changes at once.
const DefaultMaxPerUser = 10

// ErrFull is Open on an instance that holds its maximum of streams, or
// is shutting down.
var ErrFull = errors.New("live: no room for another stream")

// Hub holds this instance's open streams and their subscriptions.
type Hub struct {
	rdb redis.UniversalClient
	cfg Config
	log *slog.Logger

	mu     sync.Mutex
	users  map[int64][]*Stream
	total  int
	closed bool

	ps   *redis.PubSub // one connection: the channels of the users with streams here
	kick chan struct{} // the users with streams changed (see subscriptions)

	open prometheus.Gauge
	sent *prometheus.CounterVec
}

// New returns a hub publishing and subscribing on rdb; Run starts its
// subscription.
func New(rdb redis.UniversalClient, cfg Config, log *slog.Logger, reg prometheus.Registerer) *Hub {
	if cfg.MaxPerUser <= 0 {
		cfg.MaxPerUser = DefaultMaxPerUser
	}
	h := &Hub{rdb: rdb, cfg: cfg, log: log, users: map[int64][]*Stream{},
		ps: rdb.Subscribe(context.Background()), kick: make(chan struct{}, 1),
		open: prometheus.NewGauge(prometheus.GaugeOpts{Name: "eventcal_live_streams_open", Help: "Live-update streams open on this instance."}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "eventcal_live_messages_sent_total", Help: "Live-update messages written to streams, by kind."}, []string{"kind"}),
	}
	if reg != nil {
		reg.MustRegister(h.open, h.sent)
	}
	return h
}

func (h *Hub) channel(uid int64) string { return h.cfg.Prefix + "live:" + strconv.FormatInt(uid, 10) }

// Run relays published messages to this instance's streams until ctx
// ends. go-redis reconnects and subscribes again after an outage.
func (h *Hub) Run(ctx context.Context) {
	defer h.ps.Close()
	go h.subscriptions(ctx)
	ch := h.ps.Channel(redis.WithChannelHealthCheckInterval(10 * time.Second))
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-ch:
			if !ok {
				return
			}
			h.deliver(m)
		}
	}
}

// subscriptions keeps the subscribed channels those of the users with
// streams here, outside the hub's lock (Redis may be slow or away: a
// failed command is kept by go-redis for when it reconnects).
func (h *Hub) subscriptions(ctx context.Context) {
	have := map[int64]bool{}
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.kick:
		}
		h.mu.Lock()
		var add, drop []string
		for uid := range h.users {
			if !have[uid] {
				have[uid] = true
				add = append(add, h.channel(uid))
			}
		}
		for uid := range have {
			if _, ok := h.users[uid]; !ok {
				delete(have, uid)
				drop = append(drop, h.channel(uid))
			}
		}
		h.mu.Unlock()
		if len(add) > 0 {
			if err := h.ps.Subscribe(ctx, add...); err != nil {
				h.log.Warn("live updates: subscribe failed (Redis away?); kept for when it is back", "err", err)
			}
		}
		if len(drop) > 0 {
			_ = h.ps.Unsubscribe(ctx, drop...)
		}
	}
}

// changedUsers wakes subscriptions; h.mu is held.
func (h *Hub) changedUsers() {
	select {
	case h.kick <- struct{}{}:
	default:
	}
}

// deliver hands a published message to the streams of its user.
func (h *Hub) deliver(m *redis.Message) {
	uid, err := strconv.ParseInt(strings.TrimPrefix(m.Channel, h.cfg.Prefix+"live:"), 10, 64)
	if err != nil {
		return
	}
	kind, data, ok := strings.Cut(m.Payload, "\n")
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, st := range h.users[uid] {
		select {
		case st.ch <- Message{Kind: kind, Data: data}:
		default: // a page already has a refresh waiting: that one will do
		}
	}
}

// Publish sends a message of kind to every user in users (a page whose
// origin is the one in ctx skips it: it made the change). Errors are
// logged, never returned.
func (h *Hub) Publish(ctx context.Context, kind string, users []int64, extra map[string]any) {
	if h == nil || len(users) == 0 {
		return
	}
	data := map[string]any{}
	for k, v := range extra {
		data[k] = v
	}
	if o := OriginOf(ctx); o != "" {
		data["origin"] = o
	}
	b, err := json.Marshal(data)
	if err != nil {
		return
	}
	payload := kind + "\n" + string(b)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	pipe := h.rdb.Pipeline()
	seen := map[int64]bool{}
	for _, u := range users {
		if !seen[u] {
			seen[u] = true
			pipe.Publish(ctx, h.channel(u), payload)
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		h.log.Warn("live update not published", "err", err)
	}
}

// Changed tells users' open pages that something they see changed.
func (h *Hub) Changed(ctx context.Context, users ...int64) {
	h.Publish(ctx, KindChanged, users, nil)
}
