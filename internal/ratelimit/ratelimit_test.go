package ratelimit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/ratelimit"
)

func TestLimiter_AllowsTheLimitPerKeyPerWindowThenRefusesUntilItResets(t *testing.T) {
	l := ratelimit.New(2, time.Minute)
	at := time.Date(2026, 11, 25, 12, 0, 10, 0, time.UTC)
	for range 2 {
		ok, _ := l.Allow(at, "pull:a/b:user-1", "pull:a/b:10.0.0.1")
		assert.True(t, ok)
	}
	ok, retry := l.Allow(at, "pull:a/b:user-1", "pull:a/b:10.0.0.1")
	assert.False(t, ok)
	assert.Equal(t, 50*time.Second, retry)

	ok, _ = l.Allow(at, "pull:a/b:user-2", "pull:a/b:10.0.0.2")
	assert.True(t, ok, "other keys have their own counts")

	ok, _ = l.Allow(at.Add(time.Minute), "pull:a/b:user-1", "pull:a/b:10.0.0.1")
	assert.True(t, ok, "a new window starts afresh")
}

func TestLimiter_ZeroDisablesTheLimit(t *testing.T) {
	l := ratelimit.New(0, time.Minute)
	for range 1000 {
		ok, _ := l.Allow(time.Now(), "k")
		assert.True(t, ok)
	}
}
