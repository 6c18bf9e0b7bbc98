// Package twofactor implements two-factor authentication for SSH users: recovery codes
// (2fa_recovery_codes) and one-time-password checks (2fa_verify), whose success opens the OTP
// session that /internal/allowed asks for where two-factor for Git over SSH is enforced.
//
// glia behaves as a licensed GitLab EE with the two_factor_for_cli flag on, so GitLab's
// "Feature is not available" and "Feature flag is disabled" answers never occur.
package twofactor

import (
	"context"
	"time"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// Store is what two-factor authentication needs from the database.
type Store interface {
	actor.Lookup
	SessionLookup
	ReplaceRecoveryCodes(ctx context.Context, userID int64, digests []string) error
	CheckOTP(ctx context.Context, userID int64, fn func(c *store.OTPCheck) error) error
}

// SessionLookup is what asking for an OTP session needs (see HasValidSession).
type SessionLookup interface {
	OTPSessionExpiry(ctx context.Context, keyID int64) (time.Time, error)
}

// Refusal is an expected "no": GitLab answers it as 200 {"success":false,"message":...}, and
// GitLab Shell shows the message to the user.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return r.Message }

// GitLab's refusals, word for word (lib/api/internal/base.rb and its EE extension).
var (
	ErrUserNotFound           = &Refusal{"Could not find the given user"}
	ErrKeyNotFound            = &Refusal{"Could not find the given key"}
	ErrKeyWithoutUser         = &Refusal{"Could not find a user for the given key"}
	ErrDeployKeyRecoveryCodes = &Refusal{"Deploy keys cannot be used to retrieve recovery codes"}
	ErrDeployKeyOTP           = &Refusal{"Deploy keys cannot be used for Two Factor"}
	ErrNotEnabled             = &Refusal{"Two-factor authentication is not enabled for this user"}
	ErrLocked                 = &Refusal{"Your account is locked"}
	ErrInvalidOTP             = &Refusal{"Invalid OTP"}
)
