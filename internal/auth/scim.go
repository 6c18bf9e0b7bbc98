package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
)

// SCIMCredentials is what the group SCIM API's gates read from the database.
type SCIMCredentials interface {
	// SCIMGroup finds the group a SCIM URL names (by id or full path) with its SAML provider.
	SCIMGroup(ctx context.Context, groupPath string) (store.SCIMGroup, error)
	// SCIMTokenGroup is the group (by id or full path) whose SCIM token has this digest.
	SCIMTokenGroup(ctx context.Context, digest, groupPath string) (int64, error)
}

// errGroupSAMLDisabled is the instance-wide switch being off (glia serve --group-saml=false).
var errGroupSAMLDisabled = errors.New("group SAML is not enabled on this instance")

// WithGroupSAML returns creds as an instance with group SAML enabled or not sees them: with it
// off, every SCIM request is refused before any group is looked up, as GitLab refuses it when
// its group_saml provider is not configured. The unwrapped credentials have it on.
func WithGroupSAML(creds Credentials, enabled bool) Credentials {
	if enabled {
		return creds
	}
	return groupSAMLDisabled{creds}
}

type groupSAMLDisabled struct{ Credentials }

func (groupSAMLDisabled) SCIMGroup(context.Context, string) (store.SCIMGroup, error) {
	return store.SCIMGroup{}, errGroupSAMLDisabled
}

// scim runs GitLab's gates of the group SCIM API in GitLab's order, so that a caller learns
// nothing from a token until the group is known: group SAML enabled on the instance (403), the
// group exists (404), it has a SAML provider (404), and only then the bearer token is that
// group's SCIM token (401). The gates' own answers are *apierror.Error, which the validator
// passes through; the 401 is the ordinary credential failure. The caller is the token's group.
func (a *Authenticator) scim(ctx context.Context, caller *Caller, r *http.Request, rawGroupPath string) error {
	// The router matches the escaped path, so a nested group arrives as parent%2Fchild.
	groupPath, err := url.PathUnescape(rawGroupPath)
	if err != nil {
		groupPath = rawGroupPath
	}
	group, err := a.creds.SCIMGroup(ctx, groupPath)
	switch {
	case errors.Is(err, errGroupSAMLDisabled):
		return &apierror.Error{Status: http.StatusForbidden, Message: "403 Forbidden - Group SAML not enabled.", Cause: err}
	case errors.Is(err, store.ErrNotFound):
		return scimGateNotFound(fmt.Sprintf("Group %s not found", groupPath))
	case err != nil:
		return err
	case group.SAMLProviderID == nil:
		return scimGateNotFound(fmt.Sprintf("Group %s does not have SAML SSO configured", groupPath))
	}
	token := bearer(r)
	if token == "" {
		return ErrMissingCredential
	}
	// The digest is looked up, never compared byte by byte here; asking for the token of the
	// group just found (by its id) keeps another group's token out.
	owner, err := a.creds.SCIMTokenGroup(ctx, secret.Digest(token), strconv.FormatInt(group.ID, 10))
	switch {
	case errors.Is(err, store.ErrNotFound), err == nil && owner != group.ID:
		return ErrInvalidCredential
	case err != nil:
		return err
	}
	caller.Kind, caller.GroupID = KindSCIM, group.ID
	return nil
}

func scimGateNotFound(message string) *apierror.Error {
	return &apierror.Error{Status: http.StatusNotFound, Message: message}
}
