package world

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"

	"github.com/glia-dev/glia/internal/secret"
)

// agentName is GitLab's rule for agent names: a DNS label.
var agentName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// ValidAgentName reports whether GitLab accepts name as a Kubernetes agent's name; the admin
// commands apply the same rule as world files.
func ValidAgentName(name string) bool { return agentName.MatchString(name) }

func (c *checker) project(f fileProject, at pos) Project {
	p := Project{
		ID:                       c.id("project id", f.ID, at.key("id")),
		FullPath:                 f.FullPath,
		Path:                     lastSegment(f.FullPath),
		Namespace:                parentPath(f.FullPath),
		Name:                     orName(f.Name, lastSegment(f.FullPath)),
		Visibility:               pick(c, at.key("visibility"), "visibility", f.Visibility, "private", visibilities),
		Archived:                 f.Archived,
		DefaultBranch:            f.DefaultBranch,
		RepositoryStorage:        orName(f.RepositoryStorage, "default"),
		RepositoryExists:         orDefault(f.RepositoryExists, true),
		RepositoryReadOnly:       f.RepositoryReadOnly,
		LFSEnabled:               orDefault(f.LFSEnabled, true),
		RepositoryAccessLevel:    pick(c, at.key("repository_access_level"), "feature access level", f.RepositoryAccessLevel, FeatureEnabled, featureAccessNames),
		WikiAccessLevel:          pick(c, at.key("wiki_access_level"), "feature access level", f.WikiAccessLevel, FeatureEnabled, featureAccessNames),
		MergeRequestsAccessLevel: pick(c, at.key("merge_requests_access_level"), "feature access level", f.MergeRequestsAccessLevel, FeatureEnabled, featureAccessNames),
		Creator:                  c.optionalUserRef(at.key("creator"), f.Creator),
		Members:                  c.members(f.Members, at.key("members"), "project "+f.FullPath),
		ProtectedBranches:        make([]ProtectedBranch, len(f.ProtectedBranches)),
		ProtectedTags:            make([]ProtectedTag, len(f.ProtectedTags)),
		Agents:                   make([]Agent, len(f.Agents)),
		RedirectRoutes:           c.redirectRoutes(f.RedirectRoutes, at.key("redirect_routes")),
		Hooks:                    make([]Hook, len(f.Hooks)),
		ScanExecutionPolicies:    make([]ScanExecutionPolicy, len(f.ScanExecutionPolicies)),
	}
	if p.Namespace != "" && c.namespaceRef(at.key("full_path"), p.Namespace) {
		c.notMoreVisible(at.key("visibility"), "project", p.Visibility, p.Namespace)
	}
	if f.ErrorTracking != nil {
		p.ErrorTrackingEnabled = f.ErrorTracking.Enabled
		p.ErrorTrackingClientKeys = c.clientKeys(f.ErrorTracking.ClientKeys, at.key("error_tracking").key("client_keys"), p.FullPath)
	}
	for i, b := range f.ProtectedBranches {
		p.ProtectedBranches[i] = c.protectedBranch(b, at.key("protected_branches").index(i), p.FullPath)
	}
	for i, t := range f.ProtectedTags {
		tagAt := at.key("protected_tags").index(i)
		c.require(tagAt.key("name"), "name", t.Name)
		c.claim("protected tag of "+p.FullPath, t.Name, tagAt.key("name"))
		p.ProtectedTags[i] = ProtectedTag{Name: t.Name, Create: c.refAccess(t.Create, tagAt.key("create"))}
	}
	for i, a := range f.Agents {
		p.Agents[i] = c.agent(a, at.key("agents").index(i), p.FullPath)
	}
	for i, h := range f.Hooks {
		p.Hooks[i] = c.hook(h, at.key("hooks").index(i), p.FullPath)
	}
	for i, sp := range f.ScanExecutionPolicies {
		p.ScanExecutionPolicies[i] = c.scanExecutionPolicy(sp, at.key("scan_execution_policies").index(i), p.FullPath)
	}
	return p
}

// hook checks a project webhook. Its URL names it within the project. GitLab's defaults apply:
// push events on, tag push events off.
func (c *checker) hook(f fileHook, at pos, project string) Hook {
	urlAt := at.key("url")
	c.require(urlAt, "url", f.URL)
	if f.URL != "" {
		if err := CheckHookURL(f.URL); err != nil {
			c.errorf(urlAt, "%v", err)
		}
		c.claim("hook of "+project, f.URL, urlAt)
	}
	return Hook{URL: f.URL, Token: f.Token, PushEvents: orDefault(f.PushEvents, true), TagPushEvents: f.TagPushEvents}
}

// CheckHookURL accepts what a webhook can be posted to: an absolute http or https URL.
func CheckHookURL(raw string) error {
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("hook url %q is not an absolute http or https URL", raw)
	}
	return nil
}

func (c *checker) clientKeys(list []fileClientKey, at pos, project string) []ErrorTrackingClientKey {
	out := make([]ErrorTrackingClientKey, len(list))
	for i, k := range list {
		keyAt := at.index(i).key("public_key")
		c.require(keyAt, "public_key", k.PublicKey)
		c.claim("error tracking key of "+project, k.PublicKey, keyAt)
		out[i] = ErrorTrackingClientKey{PublicKey: k.PublicKey, Active: orDefault(k.Active, true)}
	}
	return out
}

func (c *checker) protectedBranch(f fileProtectedBranch, at pos, project string) ProtectedBranch {
	c.require(at.key("name"), "name", f.Name)
	c.claim("protected branch of "+project, f.Name, at.key("name"))
	return ProtectedBranch{
		Name:           f.Name,
		AllowForcePush: f.AllowForcePush,
		Push:           c.refAccess(f.Push, at.key("push")),
		Merge:          c.refAccess(f.Merge, at.key("merge")),
		Unprotect:      c.refAccess(f.Unprotect, at.key("unprotect")),
	}
}

// refAccess converts an access list. A list left out gets GitLab's default (maintainers); an
// empty list stays empty, which lets no one through.
func (c *checker) refAccess(list []fileRefAccess, at pos) []RefAccess {
	if list == nil {
		return []RefAccess{{Role: RefMaintainers}}
	}
	out := make([]RefAccess, len(list))
	for i, e := range list {
		entry := at.index(i)
		switch {
		case e.User != "":
			out[i] = RefAccess{User: c.userRef(entry, "user", e.User)}
		case e.DeployKey != "":
			out[i] = RefAccess{DeployKey: c.deployKeyRef(entry, e.DeployKey)}
		case e.Role == "":
			c.errorf(entry, "access entry needs a role, a user or a deploy_key")
		default:
			out[i] = RefAccess{Role: pick(c, entry, "role", e.Role, RefMaintainers, refRoleNames)}
		}
	}
	return out
}

func (c *checker) agent(f fileAgent, at pos, project string) Agent {
	a := Agent{
		ID:        c.id("agent id", f.ID, at.key("id")),
		Name:      f.Name,
		CreatedBy: c.optionalUserRef(at.key("created_by"), f.CreatedBy),
		Tokens:    make([]AgentToken, len(f.Tokens)),
	}
	c.require(at.key("name"), "name", f.Name)
	if f.Name != "" && !agentName.MatchString(f.Name) {
		c.errorf(at.key("name"), "agent name %q may hold only lower-case letters, digits and - (not at either end), at most 63", f.Name)
	}
	c.claim("agent of "+project, f.Name, at.key("name"))
	if f.Config != nil {
		config, err := json.Marshal(f.Config)
		if err != nil {
			c.errorf(at.key("config"), "config cannot be stored as JSON: %v", err)
		}
		a.Config = config
	}
	for i, t := range f.Tokens {
		tokenAt := at.key("tokens").index(i)
		a.Tokens[i] = AgentToken{
			Name:    t.Name,
			Token:   c.token(tokenAt.key("token"), "agent token", secret.AgentTokenPrefix, t.Token),
			Revoked: t.Revoked,
		}
	}
	return a
}
