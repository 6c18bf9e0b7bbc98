package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/keys"
)

// messageKeyNotFound is GitLab's answer for any key it cannot match, malformed ones included.
const messageKeyNotFound = "404 Key Not Found"

// GetAuthorizedKeys finds the key OpenSSH or gitlab-sshd presents, padded or not.
func (s *Server) GetAuthorizedKeys(ctx context.Context, req gen.GetAuthorizedKeysRequestObject) (gen.GetAuthorizedKeysResponseObject, error) {
	key, err := keys.FindByBlob(ctx, s.store, req.Params.Key, s.opts.ExternalURL.Hostname())
	if errors.Is(err, keys.ErrNotFound) {
		return gen.GetAuthorizedKeys404JSONResponse{Message: messageKeyNotFound}, nil
	} else if err != nil {
		return nil, err
	}
	usage := gen.AuthorizedKeyUsageType(key.UsageType)
	created := key.CreatedAt
	return gen.GetAuthorizedKeys200JSONResponse{
		ID:        key.ID,
		Title:     &key.Title,
		Key:       key.Line,
		CreatedAt: &created,
		ExpiresAt: key.ExpiresAt,
		UsageType: &usage,
	}, nil
}
