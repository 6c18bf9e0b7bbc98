package twofactor

import (
	"context"
	"fmt"
	"time"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// VerifyManualOTP checks a code the user typed into 2fa_verify. On success (nil) the failure
// count is cleared and the key gets an OTP session for SessionLifetime. Refusals are *Refusal,
// in GitLab's order: the actor, a deploy key, no two-factor, a locked account, a wrong code.
//
// A code is accepted once: its time step must be later than the last one accepted for the user.
// A wrong, missing or replayed code counts as a failed attempt, and the 10th locks the account.
// Checks of one user run one at a time (store.CheckOTP), so parallel requests cannot use a code
// twice or get more guesses than the lockout allows.
func VerifyManualOTP(ctx context.Context, db Store, p actor.Params, typed string, now time.Time) error {
	a, err := otpActor(ctx, db, p)
	if err != nil {
		return err
	}
	var refusal error
	err = db.CheckOTP(ctx, a.User.ID, func(c *store.OTPCheck) error {
		if !canLogIn(c.User, now) {
			refusal = ErrLocked
			return nil
		}
		step, ok, err := matchSecret(c.User, typed, now)
		if err != nil {
			return err
		}
		if ok {
			consumed, err := c.ConsumeTimestep(ctx, step)
			if err != nil {
				return err
			}
			if consumed {
				return c.RecordSuccess(ctx, a.Key.ID, now.Add(SessionLifetime))
			}
		}
		refusal = ErrInvalidOTP
		return c.RecordFailure(ctx, lockAfterFailure(c.User, now))
	})
	if err != nil {
		return fmt.Errorf("check OTP of user %d: %w", a.User.ID, err)
	}
	return refusal
}

// VerifyPush is 2fa_verify's other half: approving the login in a push notification. GitLab EE
// sends those only through FortiAuthenticator; without one configured its ValidatePushOtpService
// has no strategy and the check answers "Invalid OTP" at once. glia has no push provider, so it
// answers the same, after the same actor checks. GitLab Shell sends both checks at once and acts
// only on a success, so this never hides the manual check's answer, and the user never waits for
// it.
func VerifyPush(ctx context.Context, db Store, p actor.Params) error {
	if _, err := otpActor(ctx, db, p); err != nil {
		return err
	}
	return ErrInvalidOTP
}

// otpActor is the part both checks share: a key with a user (validate_actor), not a deploy key,
// and a user with two-factor authentication. Unlike recovery codes, an unknown user_id is not
// singled out: without a key it is "Could not find the given key", as in GitLab EE.
func otpActor(ctx context.Context, db actor.Lookup, p actor.Params) (actor.Actor, error) {
	a, err := actor.Resolve(ctx, db, p)
	if err != nil {
		return a, err
	}
	if err := validateKeyActor(a); err != nil {
		return a, err
	}
	if isDeployKey(a.Key) {
		return a, ErrDeployKeyOTP
	}
	if !enabled(*a.User) {
		return a, ErrNotEnabled
	}
	return a, nil
}

// matchSecret matches the typed code against the user's authenticator-app secret. Like GitLab,
// which validates with whatever OTP secret the user has, a WebAuthn-only user (no secret) never
// matches.
func matchSecret(u store.User, typed string, now time.Time) (int64, bool, error) {
	if u.OTPSecret == nil || *u.OTPSecret == "" {
		return 0, false, nil
	}
	secret, err := DecodeSecret(*u.OTPSecret)
	if err != nil {
		return 0, false, fmt.Errorf("OTP secret of user %d is not base32: %w", u.ID, err)
	}
	step, ok := Match(secret, typed, now)
	return step, ok, nil
}
