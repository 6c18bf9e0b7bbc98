package twofactor

import (
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// validateKeyActor is GitLab's validate_actor: two-factor commands work only through an SSH key
// (current GitLab refuses user_id alone), and the key must have a user.
func validateKeyActor(a actor.Actor) error {
	if a.Key == nil {
		return ErrKeyNotFound
	}
	if !hasUser(a) {
		return ErrKeyWithoutUser
	}
	return nil
}

// hasUser reports whether GitLab would see a user behind the actor. A deploy key always has one
// there: its creator, or the ghost user once the creator is gone (DeployKey#user), so a
// creator-less deploy key is refused as a deploy key, not as a key without a user.
func hasUser(a actor.Actor) bool {
	return a.User != nil || isDeployKey(a.Key)
}

func isDeployKey(k *store.Key) bool {
	return k != nil && k.Kind == "deploy"
}

// enabled is GitLab's two_factor_enabled?: an authenticator app (OTP) or a WebAuthn device.
func enabled(u store.User) bool {
	otp := u.OTPRequired && u.OTPSecret != nil && *u.OTPSecret != ""
	return otp || u.WebauthnRegistered
}
