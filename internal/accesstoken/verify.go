package accesstoken

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
)

// ErrInvalid is a token that is no credential; the errors below say why.
var ErrInvalid = errors.New("invalid personal access token")

// Why a token is invalid.
var (
	ErrUnknown = fmt.Errorf("%w: unknown", ErrInvalid)
	ErrRevoked = fmt.Errorf("%w: revoked", ErrInvalid)
	ErrExpired = fmt.Errorf("%w: expired", ErrInvalid)
)

// Owner is the user behind a valid token, and what the token allows.
type Owner struct {
	TokenID int64
	UserID  int64
	Admin   bool
	// State is the user's account state: active, blocked, blocked_pending_approval,
	// deactivated or banned. A valid token of an inactive user is the caller's to refuse.
	State  string
	Scopes []string
}

// Active reports whether the owner's account is active.
func (o Owner) Active() bool { return o.State == "active" }

// HasScope reports whether the token carries scope.
func (o Owner) HasScope(scope string) bool { return slices.Contains(o.Scopes, scope) }

// Verify finds the owner of a presented token. A token is expired from the first moment of its
// expiry date, so one expiring today is expired already: GitLab's Expirable#expired? compares
// expires_at <= now, and a date compares as its midnight. As GitLab's token validation does,
// expiry is reported before revocation.
func Verify(ctx context.Context, db Lookup, token string, now time.Time) (Owner, error) {
	t, err := db.PersonalAccessTokenByDigest(ctx, secret.Digest(token))
	if errors.Is(err, store.ErrNotFound) {
		return Owner{}, ErrUnknown
	} else if err != nil {
		return Owner{}, err
	}
	if t.ExpiresAt != nil && !now.Before(*t.ExpiresAt) {
		return Owner{}, ErrExpired
	}
	if t.Revoked {
		return Owner{}, ErrRevoked
	}
	return Owner{TokenID: t.TokenID, UserID: t.UserID, Admin: t.Admin, State: t.UserState, Scopes: t.Scopes}, nil
}
