// Package accesstoken creates and verifies personal access tokens (glpat-…), as GitLab Shell's
// personal_access_token command and the billing API's admin credential need them. Tokens are
// stored only as digests (secret.Digest): the plaintext exists once, in the creation answer.
package accesstoken

import (
	"context"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// Lookup is what verifying a token needs from the database.
type Lookup interface {
	PersonalAccessTokenByDigest(ctx context.Context, digest string) (store.PersonalAccessToken, error)
}

// Store is what personal access tokens need from the database.
type Store interface {
	actor.Lookup
	Lookup
	CreatePersonalAccessToken(ctx context.Context, t store.NewPersonalAccessToken) (int64, error)
}
