package scimapi

import (
	"context"
	"errors"
	"fmt"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// UpdateSCIMUser applies PATCH operations to one of the group's SCIM users (PATCH /Users/{id}).
func (s *Server) UpdateSCIMUser(ctx context.Context, req gen.UpdateSCIMUserRequestObject) (gen.UpdateSCIMUserResponseObject, error) {
	body, err := requestBody(req.ApplicationSCIMPlusJSONBody, req.JSONBody, "no PATCH operations in the request")
	if err != nil {
		return nil, err
	}
	g, err := s.group(ctx)
	if err != nil {
		return nil, err
	}
	ops := make([]scim.Operation, len(body.Operations))
	for i, op := range body.Operations {
		ops[i] = scim.Operation{Op: op.Op, Value: op.Value}
		if op.Path != nil {
			ops[i].Path = *op.Path
		}
	}
	update, err := scim.ParsePatch(ops)
	var invalid *scim.InvalidValueError
	if errors.As(err, &invalid) {
		// GitLab finds the identity before it reads the operations: an unknown id stays a 404.
		if _, err := scim.Get(ctx, s.store, g, req.ID); errors.Is(err, scim.ErrNotFound) {
			return notFoundForUpdate(req.ID), nil
		} else if err != nil {
			return nil, err
		}
		bad := scimError(400, invalid.Detail)
		bad.SCIMType = ptr("invalidValue")
		return gen.UpdateSCIMUser400ApplicationSCIMPlusJSONResponse{BadRequestApplicationSCIMPlusJSONResponse: gen.BadRequestApplicationSCIMPlusJSONResponse(bad)}, nil
	}
	err = scim.Apply(ctx, s.store, g, req.ID, update)
	var failed *scim.UpdateError
	switch {
	case errors.Is(err, scim.ErrNotFound):
		return notFoundForUpdate(req.ID), nil
	case errors.As(err, &failed):
		detail := fmt.Sprintf("Error updating %s with %s", failed.UserName,
			requestParams(body, [2]string{"group", req.GroupPath}, [2]string{"id", req.ID}))
		return gen.UpdateSCIMUser412ApplicationSCIMPlusJSONResponse(scimError(412, detail)), nil
	case err != nil:
		return nil, err
	}
	return gen.UpdateSCIMUser204Response{}, nil
}

func notFoundForUpdate(id string) gen.UpdateSCIMUser404ApplicationSCIMPlusJSONResponse {
	return gen.UpdateSCIMUser404ApplicationSCIMPlusJSONResponse{ResourceNotFoundApplicationSCIMPlusJSONResponse: resourceNotFound(id)}
}
