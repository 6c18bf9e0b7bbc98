// Package ratelimit counts requests per key in fixed one-minute windows, as GitLab's
// ApplicationRateLimiter does for gitlab_shell_operation (Redis counters per period).
//
// The counts live in the process: with several glia replicas each enforces the limit on its
// own share. That keeps the hot path (/internal/allowed) free of a database write; a shared
// limit would need one per call.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows Limit requests per key per window.
type Limiter struct {
	Limit  int
	Window time.Duration

	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

// New makes a limiter of limit requests per key per window; limit 0 allows everything.
func New(limit int, window time.Duration) *Limiter {
	return &Limiter{Limit: limit, Window: window, counts: map[string]int{}}
}

// Allow counts one request for each key and reports whether all of them are within the limit,
// and if not, how long until the window resets (for Retry-After).
func (l *Limiter) Allow(now time.Time, keys ...string) (ok bool, retryAfter time.Duration) {
	if l.Limit <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.Window || now.Before(l.start) {
		l.start = now.Truncate(l.Window)
		clear(l.counts)
	}
	ok = true
	for _, k := range keys {
		l.counts[k]++
		if l.counts[k] > l.Limit {
			ok = false
		}
	}
	if ok {
		return true, 0
	}
	return false, l.start.Add(l.Window).Sub(now)
}
