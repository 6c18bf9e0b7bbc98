package internalapi

import (
	"context"
	"errors"

	openapi_types "github.com/oapi-codegen/runtime/types"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/accesstoken"
)

// PostPersonalAccessToken creates a personal access token for the SSH user (GitLab Shell's
// personal_access_token command). GitLab answers 200 whatever happens; the outcome is in
// success, and a refusal's message is what GitLab Shell prints.
func (s *Server) PostPersonalAccessToken(ctx context.Context, req gen.PostPersonalAccessTokenRequestObject) (gen.PostPersonalAccessTokenResponseObject, error) {
	body := req.JSONBody
	ask := patRequest(body)
	if err := s.touchKey(ctx, ask.KeyID); err != nil {
		return nil, err
	}
	created, err := accesstoken.Create(ctx, s.store, ask, s.opts.Now())
	var refusal accesstoken.Refusal
	if errors.As(err, &refusal) {
		message := refusal.Error()
		return gen.PostPersonalAccessToken200JSONResponse{Success: false, Message: &message}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostPersonalAccessToken200JSONResponse{
		Success:   true,
		Token:     &created.Token,
		Scopes:    &created.Scopes,
		ExpiresAt: &openapi_types.Date{Time: created.ExpiresAt},
	}, nil
}

// patRequest reads the body (there may be none); absent and empty values are alike.
func patRequest(b *gen.NewPersonalAccessToken) accesstoken.Request {
	if b == nil {
		return accesstoken.Request{}
	}
	ask := accesstoken.Request{
		KeyID:     integerOrDigits(b.KeyID),
		UserID:    integerOrDigits(b.UserID),
		Name:      b.Name,
		ExpiresAt: stringOrEmpty(b.ExpiresAt),
	}
	// The validator leaves the enumeration to accesstoken, which names an unknown scope.
	for _, scope := range b.Scopes {
		ask.Scopes = append(ask.Scopes, string(scope))
	}
	return ask
}
