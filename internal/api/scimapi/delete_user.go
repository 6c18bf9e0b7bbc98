package scimapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// DeleteSCIMUser deprovisions one of the group's SCIM users (DELETE /Users/{id}).
func (s *Server) DeleteSCIMUser(ctx context.Context, req gen.DeleteSCIMUserRequestObject) (gen.DeleteSCIMUserResponseObject, error) {
	g, err := s.group(ctx)
	if err != nil {
		return nil, err
	}
	err = scim.Deprovision(ctx, s.store, g, req.ID)
	var lastOwner *scim.LastOwnerError
	switch {
	case errors.Is(err, scim.ErrNotFound):
		return gen.DeleteSCIMUser404ApplicationSCIMPlusJSONResponse{ResourceNotFoundApplicationSCIMPlusJSONResponse: resourceNotFound(req.ID)}, nil
	case errors.As(err, &lastOwner):
		return gen.DeleteSCIMUser412ApplicationSCIMPlusJSONResponse(scimError(412, lastOwner.Error())), nil
	case err != nil:
		return nil, err
	}
	return gen.DeleteSCIMUser204Response{}, nil
}
