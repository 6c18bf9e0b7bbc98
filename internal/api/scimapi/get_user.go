package scimapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// GetSCIMUser returns one of the group's SCIM users by its id, the extern_uid (GET /Users/{id}).
func (s *Server) GetSCIMUser(ctx context.Context, req gen.GetSCIMUserRequestObject) (gen.GetSCIMUserResponseObject, error) {
	g, err := s.group(ctx)
	if err != nil {
		return nil, err
	}
	identity, err := scim.Get(ctx, s.store, g, req.ID)
	if errors.Is(err, scim.ErrNotFound) {
		return gen.GetSCIMUser404ApplicationSCIMPlusJSONResponse{ResourceNotFoundApplicationSCIMPlusJSONResponse: resourceNotFound(req.ID)}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.GetSCIMUser200ApplicationSCIMPlusJSONResponse(s.user(g, identity)), nil
}
