package scimapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/scimapi"
)

// ListSCIMResourceTypes lists the one resource type glia serves, User (GET /ResourceTypes).
func (s *Server) ListSCIMResourceTypes(_ context.Context, req gen.ListSCIMResourceTypesRequestObject) (gen.ListSCIMResourceTypesResponseObject, error) {
	if req.Params.Filter != nil {
		return gen.ListSCIMResourceTypes403ApplicationSCIMPlusJSONResponse{DiscoveryForbiddenApplicationSCIMPlusJSONResponse: filterForbidden()}, nil
	}
	resources := []gen.SCIMResourceType{{
		Schemas:     []string{resourceTypeSchema},
		ID:          "User",
		Name:        "User",
		Endpoint:    "/Users",
		Description: ptr("User Account"),
		Schema:      userSchema,
		Meta:        &gen.SCIMMeta{ResourceType: "ResourceType"},
	}}
	list := gen.ListSCIMResourceTypes200ApplicationSCIMPlusJSONResponse{Schemas: []string{listResponseSchema}, Resources: resources}
	list.TotalResults, list.ItemsPerPage, list.StartIndex = listOf(len(resources))
	return list, nil
}
