package world

import (
	"strconv"
	"strings"

	"github.com/glia-dev/glia/internal/sshkey"
)

// index registers every name an entry can refer to: usernames, group and project full paths,
// deploy-key titles and pinned deploy-key ids. Duplicates are compared case-insensitively, as
// the database's unique indexes do.
func (c *checker) index(raw fileWorld) {
	for i, u := range raw.Users {
		at := c.root.key("users").index(i).key("username")
		c.require(at, "username", u.Username)
		if u.Username == "" {
			continue
		}
		if !ValidUsername(u.Username) {
			c.errorf(at, "username %q may hold only letters, digits, _ . - and must not start with . or -", u.Username)
		}
		if c.claim("username", strings.ToLower(u.Username), at) {
			c.users[strings.ToLower(u.Username)] = u.Username
		}
	}
	// Groups share the namespace table with personal namespaces, whose path is the username.
	for i, g := range raw.Groups {
		at := c.root.key("groups").index(i).key("full_path")
		c.require(at, "full_path", g.FullPath)
		if g.FullPath == "" {
			continue
		}
		c.checkPath(at, "group path", g.FullPath, 1)
		lower := strings.ToLower(g.FullPath)
		if user, clash := c.users[lower]; clash {
			c.errorf(at, "group %q has the path of user %q's personal namespace", g.FullPath, user)
			continue
		}
		if c.claim("group", lower, at) {
			c.groups[lower] = g.FullPath
			c.groupVisibility[g.FullPath] = orName(g.Visibility, "private")
		}
	}
	for i, p := range raw.Projects {
		at := c.root.key("projects").index(i).key("full_path")
		c.require(at, "full_path", p.FullPath)
		if p.FullPath == "" {
			continue
		}
		c.checkPath(at, "project path", p.FullPath, 2)
		if c.claim("project", strings.ToLower(p.FullPath), at) {
			c.projects[strings.ToLower(p.FullPath)] = p.FullPath
		}
	}
	for i, k := range raw.DeployKeys {
		at := c.root.key("deploy_keys").index(i)
		title := keyTitle(k.fileSSHKey)
		if title == "" {
			c.errorf(at, "deploy key needs a title (or a comment in its key line): projects refer to it by title")
			continue
		}
		if c.claim("deploy key title", strings.ToLower(title), at.key("title")) {
			c.deployKeys[strings.ToLower(title)] = title
			if k.ID > 0 {
				c.deployKeyIDs[k.ID] = title
			}
		}
	}
}

// keyTitle is a key's title, defaulting (as in GitLab) to the comment of its key line.
func keyTitle(k fileSSHKey) string {
	if k.Title != "" {
		return k.Title
	}
	if pk, err := sshkey.Parse(k.Key); err == nil {
		return pk.Comment
	}
	return ""
}

// lookup finds a declared name. Matching is exact, so that the World holds one spelling of each
// name; a case-only difference earns a hint.
func (c *checker) lookup(at pos, kind string, declared map[string]string, name string) {
	found, ok := declared[strings.ToLower(name)]
	switch {
	case ok && found == name:
	case ok:
		c.errorf(at, "unknown %s %q (did you mean %q?)", kind, name, found)
	default:
		c.errorf(at, "unknown %s %q", kind, name)
	}
}

// userRef checks a required reference to a user by username.
func (c *checker) userRef(at pos, key, username string) string {
	if username == "" {
		c.errorf(at, "%s is required", key)
		return ""
	}
	c.lookup(at, "user", c.users, username)
	return username
}

// optionalUserRef checks a reference to a user that may be left out.
func (c *checker) optionalUserRef(at pos, username string) string {
	if username != "" {
		c.lookup(at, "user", c.users, username)
	}
	return username
}

func (c *checker) projectRef(at pos, path string) string {
	if path == "" {
		c.errorf(at, "project is required")
		return ""
	}
	c.lookup(at, "project", c.projects, path)
	return path
}

// namespaceRef checks a reference to a namespace: a group's full path, or a username for that
// user's personal namespace.
func (c *checker) namespaceRef(at pos, path string) bool {
	lower := strings.ToLower(path)
	if c.groups[lower] == path || c.users[lower] == path {
		return true
	}
	c.errorf(at, "namespace %q is neither a group nor a username declared in this file", path)
	return false
}

// deployKeyRef resolves a deploy key given by title or by pinned id to its title.
func (c *checker) deployKeyRef(at pos, ref string) string {
	if title, ok := c.deployKeys[strings.ToLower(ref)]; ok && title == ref {
		return title
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if title, ok := c.deployKeyIDs[id]; ok {
			return title
		}
	}
	c.lookup(at, "deploy key", c.deployKeys, ref)
	return ref
}
