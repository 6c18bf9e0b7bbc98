package scimapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// GetSCIMServiceProviderConfig describes the SCIM features glia supports (GET /ServiceProviderConfig).
func (s *Server) GetSCIMServiceProviderConfig(_ context.Context, req gen.GetSCIMServiceProviderConfigRequestObject) (gen.GetSCIMServiceProviderConfigResponseObject, error) {
	if req.Params.Filter != nil {
		return gen.GetSCIMServiceProviderConfig403ApplicationSCIMPlusJSONResponse{DiscoveryForbiddenApplicationSCIMPlusJSONResponse: filterForbidden()}, nil
	}
	config := gen.SCIMServiceProviderConfig{
		Schemas:          []string{serviceProviderConfigSchema},
		DocumentationURI: ptr("https://docs.gitlab.com/development/internal_api/#group-scim-api"),
		Patch:            gen.SCIMSupported{Supported: true},
		ChangePassword:   gen.SCIMSupported{Supported: false},
		Sort:             gen.SCIMSupported{Supported: false},
		Etag:             gen.SCIMSupported{Supported: false},
		AuthenticationSchemes: []gen.SCIMAuthenticationScheme{{
			Type:        "oauthbearertoken",
			Name:        "OAuth Bearer Token",
			Description: "The group's SCIM token (glsoat- prefix) in an Authorization Bearer header.",
			Primary:     ptr(true),
		}},
		Meta: &gen.SCIMMeta{ResourceType: "ServiceProviderConfig"},
	}
	config.Filter.Supported, config.Filter.MaxResults = true, scim.MaxCount
	return gen.GetSCIMServiceProviderConfig200ApplicationSCIMPlusJSONResponse(config), nil
}
