package scimapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/scim"
)

// CreateSCIMUser provisions a user into the group (POST /Users).
func (s *Server) CreateSCIMUser(ctx context.Context, req gen.CreateSCIMUserRequestObject) (gen.CreateSCIMUserResponseObject, error) {
	body, err := requestBody(req.ApplicationSCIMPlusJSONBody, req.JSONBody, "no SCIM user in the request")
	if err != nil {
		return nil, err
	}
	g, err := s.group(ctx)
	if err != nil {
		return nil, err
	}
	u, err := userRequest(*body).Parse()
	var missing *scim.MissingParamsError
	if errors.As(err, &missing) {
		return gen.CreateSCIMUser412ApplicationSCIMPlusJSONResponse{SCIMUserNotSavedApplicationSCIMPlusJSONResponse: gen.SCIMUserNotSavedApplicationSCIMPlusJSONResponse(scimError(412, missing.Error()))}, nil
	}
	identity, err := scim.Provision(ctx, s.store, g, u)
	var notSaved *scim.SaveError
	if errors.As(err, &notSaved) {
		detail := fmt.Sprintf("Error saving user with %s: %s", requestParams(body, [2]string{"group", req.GroupPath}), notSaved.Message)
		if notSaved.Conflict {
			conflict := scimError(409, detail)
			conflict.SCIMType = ptr("uniqueness")
			return gen.CreateSCIMUser409ApplicationSCIMPlusJSONResponse{SCIMUserConflictApplicationSCIMPlusJSONResponse: gen.SCIMUserConflictApplicationSCIMPlusJSONResponse(conflict)}, nil
		}
		return gen.CreateSCIMUser412ApplicationSCIMPlusJSONResponse{SCIMUserNotSavedApplicationSCIMPlusJSONResponse: gen.SCIMUserNotSavedApplicationSCIMPlusJSONResponse(scimError(412, detail))}, nil
	} else if err != nil {
		return nil, err
	}
	user := s.user(g, identity)
	return gen.CreateSCIMUser201ApplicationSCIMPlusJSONResponse{SCIMUserCreatedApplicationSCIMPlusJSONResponse: gen.SCIMUserCreatedApplicationSCIMPlusJSONResponse{
		Body: user, Headers: gen.SCIMUserCreatedResponseHeaders{Location: user.Meta.Location},
	}}, nil
}

// CreateSCIMUserTrailingSlash is CreateSCIMUser under the seed's spelling, POST /Users/.
func (s *Server) CreateSCIMUserTrailingSlash(ctx context.Context, req gen.CreateSCIMUserTrailingSlashRequestObject) (gen.CreateSCIMUserTrailingSlashResponseObject, error) {
	resp, err := s.CreateSCIMUser(ctx, gen.CreateSCIMUserRequestObject(req))
	switch r := resp.(type) {
	case gen.CreateSCIMUser201ApplicationSCIMPlusJSONResponse:
		return gen.CreateSCIMUserTrailingSlash201ApplicationSCIMPlusJSONResponse(r), err
	case gen.CreateSCIMUser409ApplicationSCIMPlusJSONResponse:
		return gen.CreateSCIMUserTrailingSlash409ApplicationSCIMPlusJSONResponse(r), err
	case gen.CreateSCIMUser412ApplicationSCIMPlusJSONResponse:
		return gen.CreateSCIMUserTrailingSlash412ApplicationSCIMPlusJSONResponse(r), err
	case nil:
		return nil, err
	}
	return nil, fmt.Errorf("createSCIMUser answered %T, which the trailing-slash route does not declare", resp)
}

// userRequest reads the contract's user into the SCIM rules' request. A string boolean that is
// not "true"/"false" cannot pass the contract; it reads as false.
func userRequest(in gen.SCIMUserInput) scim.UserRequest {
	// A null or absent externalId, userName or emails decodes as empty: missing, for Parse.
	r := scim.UserRequest{ExternalID: &in.ExternalID, UserName: &in.UserName, DisplayName: in.DisplayName}
	for _, e := range in.Emails {
		r.Emails = append(r.Emails, scim.EmailRequest{Type: e.Type, Value: e.Value, Primary: boolean(e.Primary)})
	}
	if in.Name != nil {
		r.Name = &scim.NameRequest{Formatted: in.Name.Formatted, GivenName: in.Name.GivenName, FamilyName: in.Name.FamilyName}
	}
	return r
}

// boolean reads a SCIMBoolean: a JSON boolean or Entra's "True"/"False" strings; null is false.
func boolean(b *gen.SCIMBoolean) bool {
	if b == nil {
		return false
	}
	if v, err := b.AsSCIMBoolean0(); err == nil {
		return v
	}
	v, err := b.AsSCIMBoolean1()
	return err == nil && strings.EqualFold(v, "true")
}

func ptr[T any](v T) *T { return &v }
