package twofactor

import (
	"time"

	"github.com/glia-dev/glia/internal/store"
)

// Devise's lockable settings in GitLab (config/initializers/devise.rb, and the defaults of the
// max_login_attempts and failed_login_attempts_unlock_period_in_minutes settings): the 10th
// failed attempt locks the account, and the lock lapses by itself 10 minutes later.
const (
	MaxFailedAttempts = 10
	UnlockAfter       = 10 * time.Minute
)

// canLogIn is GitLab's user.can?(:log_in) as far as glia models it: not blocked (blocked,
// pending approval and banned users are all "blocked?"), not a bot or internal user, and not
// locked by failed attempts. Deactivated users may still log in (to reactivate).
func canLogIn(u store.User, now time.Time) bool {
	switch u.State {
	case "blocked", "blocked_pending_approval", "banned":
		return false
	}
	return u.UserType == "human" && !accessLocked(u, now)
}

// accessLocked is Devise's access_locked? with the :time unlock strategy.
func accessLocked(u store.User, now time.Time) bool {
	return u.LockedAt != nil && now.Before(u.LockedAt.Add(UnlockAfter))
}

// lockAfterFailure is when a failed attempt by u locks the account: now, when it is the 10th or
// a later one, else nil. Only an unlocked user gets this far, so after a lock lapses the count is
// still at 10 and the next failure locks again at once, as GitLab's increment_failed_attempts!
// does; only a success resets the count.
func lockAfterFailure(u store.User, now time.Time) *time.Time {
	if u.FailedAttempts+1 >= MaxFailedAttempts {
		return &now
	}
	return nil
}
