package twofactor

import (
	"context"
	"errors"
	"time"

	"github.com/glia-dev/glia/internal/store"
)

// SessionLifetime is how long a successful 2fa_verify lets a key run git commands: GitLab's
// git_two_factor_session_expiry setting, 15 minutes by default (formerly
// Gitlab::Auth::Otp::SessionEnforcer::DEFAULT_EXPIRATION).
const SessionLifetime = 15 * time.Minute

// HasValidSession reports whether the key passed 2fa_verify within the last SessionLifetime:
// the question /internal/allowed asks before letting a two-factor user's key through
// ("OTP verification is required to access the repository.").
func HasValidSession(ctx context.Context, db SessionLookup, keyID int64, now time.Time) (bool, error) {
	expiresAt, err := db.OTPSessionExpiry(ctx, keyID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return now.Before(expiresAt), nil
}
