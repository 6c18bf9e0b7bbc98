package lfs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/glia-dev/glia/internal/store"
)

// ErrInvalidToken means a token does not authenticate anyone: malformed, signed with another
// key or algorithm, outside its validity, bound to another container, naming an actor that is
// gone or whose credential changed, or naming a user who may not sign in.
var ErrInvalidToken = errors.New("invalid LFS token")

// leeway is the clock skew GitLab allows on exp and nbf (JSONWebToken::HMACToken::LEEWAY).
const leeway = 60 * time.Second

// Verify checks a token and returns the actor it speaks for. When containerGID is not empty,
// a token bound to another container is refused (one bound to none is accepted, as in GitLab).
// Callers checking Basic-auth credentials must also compare the user name with the actor's
// Name. Any refusal wraps ErrInvalidToken; other errors are unexpected.
func Verify(ctx context.Context, db Store, keyBase []byte, token, containerGID string, now time.Time) (Actor, error) {
	if len(keyBase) == 0 {
		return Actor{}, errNoKeyBase
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithLeeway(leeway),
		jwt.WithExpirationRequired(),
	)
	var c claims
	var who Actor
	var lookupErr error
	_, err := parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) {
		// The key depends on the actor the (not yet verified) token names.
		who, lookupErr = findActor(ctx, db, c.Data.Actor)
		if lookupErr != nil {
			return nil, lookupErr
		}
		return signingKey(keyBase, who), nil
	})
	if lookupErr != nil && !errors.Is(lookupErr, ErrInvalidToken) {
		return Actor{}, lookupErr
	}
	if err != nil {
		return Actor{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if containerGID != "" && c.Data.ContainerGID != "" && c.Data.ContainerGID != containerGID {
		return Actor{}, fmt.Errorf("%w: bound to %s, not %s", ErrInvalidToken, c.Data.ContainerGID, containerGID)
	}
	if who.User != nil && !maySignIn(*who.User, now) {
		return Actor{}, fmt.Errorf("%w: user %d may not sign in", ErrInvalidToken, who.User.ID)
	}
	return who, nil
}

// findActor looks up the actor a token names. An unknown one is an invalid token.
func findActor(ctx context.Context, db Store, name string) (Actor, error) {
	var who Actor
	var err error
	if idText, ok := strings.CutPrefix(name, deployKeyPrefix); ok {
		id, parseErr := strconv.ParseInt(idText, 10, 64)
		if parseErr != nil {
			return Actor{}, fmt.Errorf("%w: malformed deploy key name", ErrInvalidToken)
		}
		var k store.Key
		k, err = db.DeployKeyByID(ctx, id)
		who.DeployKey = &k
	} else {
		var u store.User
		u, err = db.UserByUsername(ctx, name)
		who.User = &u
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Actor{}, fmt.Errorf("%w: unknown actor", ErrInvalidToken)
	case err != nil:
		return Actor{}, fmt.Errorf("look up LFS token actor: %w", err)
	}
	return who, nil
}

// maySignIn is GitLab's LfsToken#valid_user?: the user is not blocked (glia also refuses
// deactivated users, whom GitLab stops at the LFS endpoints' own access check) and their
// password has not expired (bots have no password to expire).
func maySignIn(u store.User, now time.Time) bool {
	if u.State != "active" {
		return false
	}
	expired := u.PasswordExpiresAt != nil && !u.PasswordExpiresAt.After(now)
	return !expired || u.UserType == "bot"
}
