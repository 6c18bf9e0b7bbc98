package twofactor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/secret"
)

// GitLab's recovery codes (devise-two-factor's backupable, as GitLab configures it): 10 codes
// of 16 lowercase hex characters.
const (
	RecoveryCodeCount = 10
	recoveryCodeBytes = 8
)

// RegenerateRecoveryCodes replaces the user's recovery codes with new ones and returns them; only
// their digests are stored, so this is the one time they are shown. Refusals are *Refusal, in
// GitLab's order.
func RegenerateRecoveryCodes(ctx context.Context, db Store, p actor.Params) ([]string, error) {
	a, err := actor.Resolve(ctx, db, p)
	if err != nil {
		return nil, err
	}
	// GitLab asks this first, of whatever actor the parameters resolved to: with an unknown
	// key_id next to user_id it is the user that "could not be found".
	if p.UserID != nil && !hasUser(a) {
		return nil, ErrUserNotFound
	}
	if err := validateKeyActor(a); err != nil {
		return nil, err
	}
	if isDeployKey(a.Key) {
		return nil, ErrDeployKeyRecoveryCodes
	}
	if !enabled(*a.User) {
		return nil, ErrNotEnabled
	}
	codes, digests := make([]string, RecoveryCodeCount), make([]string, RecoveryCodeCount)
	for i := range codes {
		buf := make([]byte, recoveryCodeBytes)
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		codes[i] = hex.EncodeToString(buf)
		digests[i] = secret.Digest(codes[i])
	}
	if err := db.ReplaceRecoveryCodes(ctx, a.User.ID, digests); err != nil {
		return nil, fmt.Errorf("store recovery codes of user %d: %w", a.User.ID, err)
	}
	return codes, nil
}
