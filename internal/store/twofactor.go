package store

import (
	"context"
	"time"

	"github.com/glia-dev/glia/gen/db"
)

// ReplaceRecoveryCodes makes digests the user's only valid recovery codes; ErrNotFound when the
// user is gone.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID int64, digests []string) error {
	n, err := s.q.ReplaceRecoveryCodeDigests(ctx, db.ReplaceRecoveryCodeDigestsParams{Digests: digests, UserID: userID})
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return mapError(err)
}

// OTPSessionExpiry is when the OTP session of a key ends; ErrNotFound when it never had one.
func (s *Store) OTPSessionExpiry(ctx context.Context, keyID int64) (time.Time, error) {
	t, err := s.q.GetOTPSessionExpiry(ctx, keyID)
	return t, mapError(err)
}

// OTPCheck is one OTP check of one user, inside a transaction that holds the user's row lock:
// checks of the same user run one after another, so neither a replayed code nor the failure
// count can be raced.
type OTPCheck struct {
	q *db.Queries
	// User is the user's row as read under the lock.
	User User
}

// CheckOTP runs fn as one OTP check of the user; what fn wrote is committed when it returns nil.
func (s *Store) CheckOTP(ctx context.Context, userID int64, fn func(c *OTPCheck) error) error {
	return s.inTx(ctx, func(q *db.Queries) error {
		u, err := q.LockUserForOTP(ctx, userID)
		if err != nil {
			return mapError(err)
		}
		return fn(&OTPCheck{q: q, User: u})
	})
}

// ConsumeTimestep records step as the user's last accepted RFC 6238 time step; false (nothing
// recorded) when a step at least as late was accepted before, i.e. the code is a replay.
func (c *OTPCheck) ConsumeTimestep(ctx context.Context, step int64) (bool, error) {
	n, err := c.q.ConsumeOTPTimestep(ctx, db.ConsumeOTPTimestepParams{UserID: c.User.ID, Timestep: step})
	return n == 1, mapError(err)
}

// RecordFailure counts a failed attempt, and locks the account at lockAt when it is not nil.
func (c *OTPCheck) RecordFailure(ctx context.Context, lockAt *time.Time) error {
	return mapError(c.q.RecordFailedOTPAttempt(ctx, db.RecordFailedOTPAttemptParams{LockedAt: lockAt, UserID: c.User.ID}))
}

// RecordSuccess clears the failure count and opens (or extends) the key's OTP session until
// sessionExpiresAt.
func (c *OTPCheck) RecordSuccess(ctx context.Context, keyID int64, sessionExpiresAt time.Time) error {
	if err := c.q.ResetFailedOTPAttempts(ctx, c.User.ID); err != nil {
		return mapError(err)
	}
	return mapError(c.q.UpsertOTPSession(ctx, db.UpsertOTPSessionParams{KeyID: keyID, ExpiresAt: sessionExpiresAt}))
}

// EnableOTP enrols a user's authenticator-app secret; ErrNotFound for an unknown username.
func (s *Store) EnableOTP(ctx context.Context, username, secret string) (User, error) {
	u, err := s.q.EnableOTP(ctx, db.EnableOTPParams{OTPSecret: secret, Username: username})
	return u, mapError(err)
}
