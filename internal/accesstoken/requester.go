package accesstoken

import (
	"context"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// requester is the user the token is for: the owner of the SSH key GitLab Shell names, or the
// user it names. The checks run in GitLab's order: a deploy key is refused before anything
// else, and an unknown user_id is reported before an unknown key (key_id wins when both are
// sent, as everywhere in the internal API).
func requester(ctx context.Context, db actor.Lookup, keyID, userID *int64) (store.User, error) {
	who, err := actor.Resolve(ctx, db, actor.Params{KeyID: keyID, UserID: userID})
	if err != nil {
		return store.User{}, err
	}
	switch {
	case who.Key != nil && who.Key.Kind == keyKindDeploy:
		return store.User{}, refusedDeployKey
	case userID != nil && who.User == nil:
		return store.User{}, refusedUnknownUser
	// A user_id alone that names a user proceeds, unlike current GitLab, which wants a key: the
	// seed documents it, and GitLab Shell sends user_id for users of SSH certificates.
	case who.Key == nil && who.User == nil:
		return store.User{}, refusedUnknownKey
	case who.User == nil:
		// GitLab's case of a key whose owner is gone; in glia's schema only a deploy key can
		// lack an owner, and those were refused above.
		return store.User{}, refusedKeyWithoutUser
	}
	return *who.User, nil
}

// keyKindDeploy is the keys.kind of a deploy key.
const keyKindDeploy = "deploy"
