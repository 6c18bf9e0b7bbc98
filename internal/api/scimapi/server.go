// Package scimapi implements the group SCIM API identity providers call (gen/scimapi's strict
// interface): one file per operation, each turning the SCIM rules' results (internal/scim) into
// the typed responses of the contract. The gates in front of it (instance switch, group, SAML
// provider, token) run in the authenticator; a handler works on the group of the caller's token.
package scimapi

import (
	"context"
	"errors"
	"net/url"
	"strings"

	gen "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/scim"
	"github.com/glia-dev/glia/internal/store"
)

// Options configure the SCIM API.
type Options struct {
	// ExternalURL is where users reach GitLab; resource locations are built on it.
	ExternalURL *url.URL
}

// Server implements the group SCIM API.
type Server struct {
	store scim.Store
	opts  Options
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the SCIM API over the store.
func New(st scim.Store, opts Options) *Server {
	return &Server{store: st, opts: opts}
}

// Schema URNs of RFC 7643 and RFC 7644.
const (
	userSchema         = "urn:ietf:params:scim:schemas:core:2.0:User"
	listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	errorSchema        = "urn:ietf:params:scim:api:messages:2.0:Error"
)

// group is the group of the caller's SCIM token (the one in the path: the authenticator checked
// it), so that a token can never reach another group's users.
func (s *Server) group(ctx context.Context) (store.SCIMGroup, error) {
	caller := auth.CallerFrom(ctx)
	if caller.Kind != auth.KindSCIM {
		return store.SCIMGroup{}, errors.New("SCIM operation reached without a SCIM token")
	}
	return s.store.SCIMGroupByID(ctx, caller.GroupID)
}

// scimError is the RFC 7644 error resource with GitLab's integer status.
func scimError(status int, detail string) gen.SCIMError {
	return gen.SCIMError{Schemas: []string{errorSchema}, Detail: detail, Status: status}
}

// resourceNotFound is GitLab's 404 for an unknown SCIM id.
func resourceNotFound(id string) gen.ResourceNotFoundApplicationSCIMPlusJSONResponse {
	return gen.ResourceNotFoundApplicationSCIMPlusJSONResponse(scimError(404, "Resource "+id+" not found"))
}

// location is the absolute URI of a user resource.
func (s *Server) location(g store.SCIMGroup, id string) string {
	return strings.TrimRight(s.opts.ExternalURL.String(), "/") + "/api/scim/v2/groups/" +
		url.PathEscape(g.FullPath) + "/Users/" + url.PathEscape(id)
}

// user renders an identity as a SCIM user, with the name in both of GitLab's shapes: the
// nested object (givenName the first word, familyName the rest, as GitLab splits names) and the
// older flat "name.formatted".
func (s *Server) user(g store.SCIMGroup, i store.SCIMIdentity) gen.SCIMUser {
	var given, family string
	if words := strings.Fields(i.Name); len(words) > 0 {
		given, family = words[0], strings.Join(words[1:], " ")
	}
	location := s.location(g, i.ExternUid)
	return gen.SCIMUser{
		Schemas:       []string{userSchema},
		ID:            i.ExternUid,
		ExternalID:    &i.ExternUid,
		Active:        i.Active,
		UserName:      i.Username,
		Name:          &gen.SCIMUserName{Formatted: &i.Name, GivenName: &given, FamilyName: &family},
		NameFormatted: i.Name,
		Emails:        []gen.SCIMEmail{{Type: "work", Value: i.Email, Primary: true}},
		Meta:          gen.SCIMMeta{ResourceType: "User", Location: &location},
	}
}

// requestBody is the body of a request that arrived as application/scim+json or as
// application/json (the generated server decodes each media type into its own field); what says
// what was expected, for the log, when neither is there.
func requestBody[T any](scimBody, jsonBody *T, what string) (*T, error) {
	switch {
	case scimBody != nil:
		return scimBody, nil
	case jsonBody != nil:
		return jsonBody, nil
	}
	return nil, apierror.InvalidParam("body is missing", errors.New(what))
}
