package scimapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// Operations of the contract whose implementation has not landed yet. They answer 501 with the
// API's error body (the spec's default response) after authentication and validation, so callers
// and the conformance suite see the real contract everywhere else. Each moves to its own file
// when its issue lands.

func (s *Server) ListSCIMResourceTypes(context.Context, gen.ListSCIMResourceTypesRequestObject) (gen.ListSCIMResourceTypesResponseObject, error) {
	return nil, apierror.NotImplemented("listSCIMResourceTypes")
}

func (s *Server) ListSCIMSchemas(context.Context, gen.ListSCIMSchemasRequestObject) (gen.ListSCIMSchemasResponseObject, error) {
	return nil, apierror.NotImplemented("listSCIMSchemas")
}

func (s *Server) GetSCIMServiceProviderConfig(context.Context, gen.GetSCIMServiceProviderConfigRequestObject) (gen.GetSCIMServiceProviderConfigResponseObject, error) {
	return nil, apierror.NotImplemented("getSCIMServiceProviderConfig")
}

func (s *Server) ListSCIMUsers(context.Context, gen.ListSCIMUsersRequestObject) (gen.ListSCIMUsersResponseObject, error) {
	return nil, apierror.NotImplemented("listSCIMUsers")
}

func (s *Server) CreateSCIMUser(context.Context, gen.CreateSCIMUserRequestObject) (gen.CreateSCIMUserResponseObject, error) {
	return nil, apierror.NotImplemented("createSCIMUser")
}

func (s *Server) DeleteSCIMUser(context.Context, gen.DeleteSCIMUserRequestObject) (gen.DeleteSCIMUserResponseObject, error) {
	return nil, apierror.NotImplemented("deleteSCIMUser")
}

func (s *Server) GetSCIMUser(context.Context, gen.GetSCIMUserRequestObject) (gen.GetSCIMUserResponseObject, error) {
	return nil, apierror.NotImplemented("getSCIMUser")
}

func (s *Server) UpdateSCIMUser(context.Context, gen.UpdateSCIMUserRequestObject) (gen.UpdateSCIMUserResponseObject, error) {
	return nil, apierror.NotImplemented("updateSCIMUser")
}
