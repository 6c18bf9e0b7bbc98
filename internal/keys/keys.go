// Package keys answers GitLab Shell's authorized-keys lookups: OpenSSH (through
// gitlab-shell-authorized-keys-check) and gitlab-sshd ask whether a public key belongs to
// anyone, before every SSH session.
package keys

import (
	"context"
	"errors"

	"github.com/glia-dev/glia/internal/sshkey"
	"github.com/glia-dev/glia/internal/store"
)

// ErrNotFound means no key that may authenticate matches; GitLab does not say more (a malformed
// or partial key is "not found" too).
var ErrNotFound = errors.New("key not found")

// Authorized is a key found for a blob, ready to be written into an authorized_keys line.
type Authorized struct {
	store.AuthorizedKey
	// Line is the publishable key: type and blob, commented "<owner name> (<gitlab host>)"
	// as GitLab writes it.
	Line string
}

// Lookup is what the lookup needs from the database.
type Lookup interface {
	AuthKeyByFingerprint(ctx context.Context, fingerprint string) (store.AuthorizedKey, error)
}

// FindByBlob finds the key whose base64 blob (padded or not) is given: one indexed lookup on the
// SHA256 fingerprint. A blob that is no valid key cannot be stored, so it is not found without
// asking the database.
func FindByBlob(ctx context.Context, db Lookup, blob, gitlabHost string) (Authorized, error) {
	asked, err := sshkey.ParseBlob(blob)
	if err != nil {
		return Authorized{}, ErrNotFound
	}
	row, err := db.AuthKeyByFingerprint(ctx, sshkey.Fingerprint(asked.Blob))
	if errors.Is(err, store.ErrNotFound) {
		return Authorized{}, ErrNotFound
	} else if err != nil {
		return Authorized{}, err
	}
	key, err := sshkey.Parse(row.Key)
	if err != nil {
		return Authorized{}, err
	}
	return Authorized{AuthorizedKey: row, Line: key.Line(row.OwnerName + " (" + gitlabHost + ")")}, nil
}
