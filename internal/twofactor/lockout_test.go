package twofactor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/store"
)

func TestCanLogIn_FollowsGitLabsLogInPolicy(t *testing.T) {
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	cases := []struct {
		name string
		user store.User
		want bool
	}{
		{"active human", store.User{State: "active", UserType: "human"}, true},
		{"deactivated: may log in to reactivate", store.User{State: "deactivated", UserType: "human"}, true},
		{"blocked", store.User{State: "blocked", UserType: "human"}, false},
		{"pending approval", store.User{State: "blocked_pending_approval", UserType: "human"}, false},
		{"banned", store.User{State: "banned", UserType: "human"}, false},
		{"bot", store.User{State: "active", UserType: "bot"}, false},
		{"internal", store.User{State: "active", UserType: "internal"}, false},
		{"ghost", store.User{State: "active", UserType: "ghost"}, false},
		{"locked just now", store.User{State: "active", UserType: "human", LockedAt: at(0)}, false},
		{"locked 9m59s ago", store.User{State: "active", UserType: "human", LockedAt: at(-UnlockAfter + time.Second)}, false},
		{"lock lapsed after 10 minutes", store.User{State: "active", UserType: "human", LockedAt: at(-UnlockAfter)}, true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, canLogIn(tc.user, now), tc.name)
	}
}

func TestLockAfterFailure_LocksOnTheTenthFailure(t *testing.T) {
	now := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	assert.Nil(t, lockAfterFailure(store.User{FailedAttempts: MaxFailedAttempts - 2}, now), "9th failure")
	assert.Equal(t, &now, lockAfterFailure(store.User{FailedAttempts: MaxFailedAttempts - 1}, now), "10th failure")
	assert.Equal(t, &now, lockAfterFailure(store.User{FailedAttempts: MaxFailedAttempts}, now), "first failure after a lapsed lock")
}
