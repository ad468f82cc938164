package main

import (
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisTimeout bounds every Redis dial, read and write.
const redisTimeout = 500 * time.Millisecond

// redisClients builds the cache's and the sessions' clients from REDIS_URL.
//
//   - redis://[user:pass@]host:port/db (or rediss:// for TLS): one server.
//   - the same with ?master_name=NAME (and more Sentinels as
//     &addr=host:port): host:port are Sentinels that name the current
//     master of NAME, and the clients follow a failover
//     (redis.NewFailoverClient).
//
// Redis Cluster is not supported: the sessions live in their own database
// and the cache writes a user's generation and values in one script, which
// Cluster allows neither of.
//
// Both clients use short timeouts and few retries, so while Redis is down
// or hangs a request loses milliseconds, not seconds (go-redis would
// otherwise retry each command 3 times and each dial 5 times, and the
// session store's calls carry no deadline of their own).
func redisClients(rawURL string, sessionDB int) (cacheClient, sessionClient *redis.Client, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, err
	}
	if u.Query().Get("master_name") != "" {
		fo, err := redis.ParseFailoverURL(rawURL)
		if err != nil {
			return nil, nil, err
		}
		fo.DialTimeout, fo.ReadTimeout, fo.WriteTimeout = redisTimeout, redisTimeout, redisTimeout
		fo.ContextTimeoutEnabled = true
		fo.MaxRetries, fo.DialerRetries = 1, 1
		so := *fo
		so.DB = sessionDB
		return redis.NewFailoverClient(fo), redis.NewFailoverClient(&so), nil
	}
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, nil, err
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = redisTimeout, redisTimeout, redisTimeout
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries, opt.DialerRetries = 1, 1
	so := *opt
	so.DB = sessionDB
	return redis.NewClient(opt), redis.NewClient(&so), nil
}
