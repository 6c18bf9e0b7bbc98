package scim

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// AdminStore is what the administrator's SAML and SCIM commands need.
type AdminStore interface {
	Store
	EnableSAML(ctx context.Context, groupID int64, ssoURL *string, defaultRole *int32) error
	DisableSAML(ctx context.Context, groupID int64) error
	ReplaceSCIMToken(ctx context.Context, groupID int64, digest string) error
}

// roles are the default roles a SAML provider may give, by the names the world file uses.
var roles = []struct {
	name  string
	level world.AccessLevel
}{
	{"minimal_access", world.MinimalAccess}, {"guest", world.Guest}, {"planner", world.Planner},
	{"reporter", world.Reporter}, {"developer", world.Developer}, {"maintainer", world.Maintainer},
	{"owner", world.Owner},
}

// RoleName names an access level ("developer"), or gives its number when it has no name.
func RoleName(level int32) string {
	for _, r := range roles {
		if int32(r.level) == level {
			return r.name
		}
	}
	return fmt.Sprint(level)
}

func parseRole(name string) (int32, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		if strings.EqualFold(r.name, name) {
			return int32(r.level), nil
		}
		names[i] = r.name
	}
	return 0, fmt.Errorf("default role %q is not one of %s", name, strings.Join(names, ", "))
}

// EnableSAML switches on group SAML SSO for a group (creating its SAML provider) and returns the
// group as it is afterwards. An empty ssoURL or role keeps the provider's current one (a new
// provider: no URL, guest).
func EnableSAML(ctx context.Context, st AdminStore, groupPath, ssoURL, role string) (store.SCIMGroup, error) {
	g, err := adminGroup(ctx, st, groupPath)
	if err != nil {
		return g, err
	}
	var urlArg *string
	if ssoURL != "" {
		if u, err := url.Parse(ssoURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return g, fmt.Errorf("SSO URL %q is not an http(s) URL", ssoURL)
		}
		urlArg = &ssoURL
	}
	var roleArg *int32
	if role != "" {
		level, err := parseRole(role)
		if err != nil {
			return g, err
		}
		roleArg = &level
	}
	if err := st.EnableSAML(ctx, g.ID, urlArg, roleArg); err != nil {
		return g, err
	}
	return st.SCIMGroupByID(ctx, g.ID)
}

// DisableSAML switches group SAML SSO off: the provider, its identities and the SCIM token stay,
// and the SCIM API lists no users until it is enabled again.
func DisableSAML(ctx context.Context, st AdminStore, groupPath string) error {
	g, err := adminGroup(ctx, st, groupPath)
	if err != nil {
		return err
	}
	if err := st.DisableSAML(ctx, g.ID); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("group %s has no SAML provider", g.FullPath)
	} else if err != nil {
		return err
	}
	return nil
}

// CreateToken makes a new SCIM token for a group, replacing the old one, and returns it: the only
// time it exists in plaintext. Only its digest is stored.
func CreateToken(ctx context.Context, st AdminStore, groupPath string) (string, error) {
	g, err := adminGroup(ctx, st, groupPath)
	if err != nil {
		return "", err
	}
	token := secret.NewToken(secret.SCIMTokenPrefix)
	return token, st.ReplaceSCIMToken(ctx, g.ID, secret.Digest(token))
}

// Identities lists a group's SCIM identities.
func Identities(ctx context.Context, st AdminStore, groupPath string) ([]store.SCIMIdentity, error) {
	g, err := adminGroup(ctx, st, groupPath)
	if err != nil {
		return nil, err
	}
	if g.SAMLProviderID == nil {
		return nil, fmt.Errorf("group %s has no SAML provider", g.FullPath)
	}
	return st.SCIMIdentities(ctx, *g.SAMLProviderID, 0, nil)
}

func adminGroup(ctx context.Context, st AdminStore, groupPath string) (store.SCIMGroup, error) {
	g, err := st.SCIMGroup(ctx, groupPath)
	if errors.Is(err, store.ErrNotFound) {
		return g, fmt.Errorf("there is no group %q", groupPath)
	}
	return g, err
}
