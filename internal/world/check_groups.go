package world

import (
	"strings"

	"github.com/glia-dev/glia/internal/secret"
)

func (c *checker) group(f fileGroup, at pos) Group {
	g := Group{
		ID:                c.id("namespace id", f.ID, at.key("id")),
		FullPath:          f.FullPath,
		Path:              lastSegment(f.FullPath),
		Parent:            parentPath(f.FullPath),
		Name:              orName(f.Name, lastSegment(f.FullPath)),
		Visibility:        pick(c, at.key("visibility"), "visibility", f.Visibility, "private", visibilities),
		GitAccessProtocol: pick(c, at.key("git_access_protocol"), "git access protocol", f.GitAccessProtocol, "all", gitProtocols),
		Members:           c.members(f.Members, at.key("members"), "group "+f.FullPath),
		RedirectRoutes:    c.redirectRoutes(f.RedirectRoutes, at.key("redirect_routes")),
	}
	if g.Parent != "" {
		if c.groups[strings.ToLower(g.Parent)] != g.Parent {
			c.errorf(at.key("full_path"), "parent group %q of %q is not declared in this file", g.Parent, g.FullPath)
		} else {
			c.notMoreVisible(at.key("visibility"), "group", g.Visibility, g.Parent)
		}
		// GitLab keeps this setting on the root namespace only.
		if f.GitAccessProtocol != "" {
			c.errorf(at.key("git_access_protocol"), "git_access_protocol is a setting of top-level groups only")
		}
	}
	if f.SAML != nil {
		g.SAML = c.saml(*f.SAML, at.key("saml"), g.FullPath)
	}
	if f.Subscription != nil {
		g.Subscription = c.subscription(*f.Subscription, at.key("subscription"), g.Parent == "")
	}
	if f.SCIMToken != "" {
		g.SCIMToken = c.token(at.key("scim_token"), "SCIM token", secret.SCIMTokenPrefix, f.SCIMToken)
	}
	return g
}

// notMoreVisible reports a group or project more visible than the group holding it, which
// GitLab refuses. Personal namespaces set no limit.
func (c *checker) notMoreVisible(at pos, what, visibility, parent string) {
	parentVisibility, isGroup := c.groupVisibility[parent]
	if isGroup && visibilityRank(visibility) > visibilityRank(parentVisibility) {
		c.errorf(at, "a %s cannot be %s inside the %s group %q", what, visibility, parentVisibility, parent)
	}
}

// members checks a group's or project's member list; scope names it for duplicate detection.
func (c *checker) members(list []fileMember, at pos, scope string) []Member {
	out := make([]Member, len(list))
	for i, f := range list {
		m := at.index(i)
		out[i] = Member{
			User:      c.userRef(m.key("user"), "user", f.User),
			Access:    pick(c, m.key("access"), "access level", f.Access, Guest, accessLevelNames),
			Requested: f.Requested,
			ExpiresAt: f.ExpiresAt,
		}
		c.require(m.key("access"), "access", f.Access)
		if f.User != "" {
			c.claim("member of "+scope, f.User, m.key("user"))
		}
	}
	return out
}

func (c *checker) saml(f fileSAML, at pos, group string) *SAMLProvider {
	p := &SAMLProvider{
		Enabled:     orDefault(f.Enabled, true),
		SSOURL:      f.SSOURL,
		DefaultRole: pick(c, at.key("default_role"), "access level", f.DefaultRole, Guest, accessLevelNames),
		Identities:  make([]Identity, len(f.Identities)),
	}
	for i, fi := range f.Identities {
		id := at.key("identities").index(i)
		c.require(id.key("extern_uid"), "extern_uid", fi.ExternUID)
		p.Identities[i] = Identity{
			User:      c.userRef(id.key("user"), "user", fi.User),
			ExternUID: fi.ExternUID,
			Active:    orDefault(fi.Active, true),
		}
		// Both are unique per provider: an IdP id names one user, a user has one IdP id.
		if fi.ExternUID != "" {
			c.claim("extern_uid in group "+group, strings.ToLower(fi.ExternUID), id.key("extern_uid"))
		}
		if fi.User != "" {
			c.claim("SAML identity in group "+group+" for user", fi.User, id.key("user"))
		}
	}
	return p
}

// redirectRoutes checks old paths: unique, and not the live path of anything in the file (GitLab
// drops a redirect as soon as something takes its path).
func (c *checker) redirectRoutes(paths []string, at pos) []string {
	for i, p := range paths {
		r := at.index(i)
		c.checkPath(r, "redirect route", p, 1)
		lower := strings.ToLower(p)
		if c.groups[lower] != "" || c.projects[lower] != "" || c.users[lower] != "" {
			c.errorf(r, "redirect route %q is the path of a namespace or project in this file", p)
			continue
		}
		c.claim("redirect route", lower, r)
	}
	return paths
}
