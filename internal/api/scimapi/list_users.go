package scimapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// ListSCIMUsers lists or looks up the group's SCIM users (GET /Users).
func (s *Server) ListSCIMUsers(ctx context.Context, req gen.ListSCIMUsersRequestObject) (gen.ListSCIMUsersResponseObject, error) {
	g, err := s.group(ctx)
	if err != nil {
		return nil, err
	}
	var filter string
	if req.Params.Filter != nil {
		filter = *req.Params.Filter
	}
	page, err := scim.List(ctx, s.store, g, filter, req.Params.StartIndex, req.Params.Count)
	if errors.Is(err, scim.ErrUnsupportedFilter) {
		return gen.ListSCIMUsers412ApplicationSCIMPlusJSONResponse(scimError(412, "Unsupported Filter")), nil
	} else if err != nil {
		return nil, err
	}
	resources := make([]gen.SCIMUser, len(page.Identities))
	for i, identity := range page.Identities {
		resources[i] = s.user(g, identity)
	}
	return gen.ListSCIMUsers200ApplicationSCIMPlusJSONResponse{
		Schemas:      []string{listResponseSchema},
		TotalResults: int(page.Total),
		ItemsPerPage: page.Count,
		StartIndex:   page.StartIndex,
		Resources:    resources,
	}, nil
}
