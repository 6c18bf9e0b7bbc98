package lfs

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// notBeforeSkew backdates nbf, as GitLab's JSONWebToken::Token does, so a client whose clock is
// slightly behind can use a token at once.
const notBeforeSkew = 5 * time.Second

// claims is the token's payload. data carries GitLab's fields: the actor's name and, on newer
// GitLab, the container the token is bound to.
type claims struct {
	Data tokenData `json:"data"`
	jwt.RegisteredClaims
}

type tokenData struct {
	Actor        string `json:"actor"`
	ContainerGID string `json:"container_gid,omitempty"`
}

// errNoKeyBase guards against a misconfiguration that would make tokens forgeable.
var errNoKeyBase = errors.New("lfs: no key base configured")

// Issue signs a token for the actor, valid for Lifetime from now and bound to containerGID
// (see ProjectGID; empty binds it to no container).
func Issue(keyBase []byte, a Actor, containerGID string, now time.Time) (string, error) {
	if len(keyBase) == 0 {
		return "", errNoKeyBase
	}
	c := claims{
		Data: tokenData{Actor: a.Name(), ContainerGID: containerGID},
		RegisteredClaims: jwt.RegisteredClaims{
			ID:        uuid.NewString(),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-notBeforeSkew)),
			ExpiresAt: jwt.NewNumericDate(now.Add(Lifetime)),
		},
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(signingKey(keyBase, a))
	if err != nil {
		return "", fmt.Errorf("sign LFS token: %w", err)
	}
	return token, nil
}
