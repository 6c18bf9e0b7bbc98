package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/glia-dev/glia/internal/sshkey"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// GitStore is what the administration of Git access needs from the database.
type GitStore interface {
	ProtectBranch(ctx context.Context, projectPath string, b world.ProtectedBranch) error
	UnprotectBranch(ctx context.Context, projectPath, name string) error
	ProtectTag(ctx context.Context, projectPath string, t world.ProtectedTag) error
	UnprotectTag(ctx context.Context, projectPath, name string) error
	AddDeployKey(ctx context.Context, projectPath string, k world.SSHKey, canPush bool) (int64, error)
	RemoveDeployKey(ctx context.Context, projectPath string, keyID int64) error
	AddRedirect(ctx context.Context, oldPath, projectPath string) error
	RemoveRedirect(ctx context.Context, oldPath string) error
	AddHook(ctx context.Context, projectPath string, h world.Hook) error
	RemoveHook(ctx context.Context, projectPath, url string) error
	HooksOf(ctx context.Context, projectPath string) ([]store.ProjectHook, error)
}

// AccessList is a protected ref's access list as given on the command line: each entry a role,
// "user:USERNAME" or "deploy_key:TITLE". Not given means GitLab's default, maintainers; given
// empty means no one.
type AccessList struct {
	Given   bool
	Entries []string
}

// ProtectBranch protects a branch name or wildcard pattern ("release/*"). Lists not given get
// GitLab's default; a protection that exists is replaced.
func ProtectBranch(ctx context.Context, st GitStore, project, name string, push, merge, unprotect AccessList, allowForcePush bool) error {
	if err := checkRefPattern(name); err != nil {
		return err
	}
	b := world.ProtectedBranch{Name: name, AllowForcePush: allowForcePush}
	var err error
	for _, l := range []struct {
		into  *[]world.RefAccess
		given AccessList
	}{{&b.Push, push}, {&b.Merge, merge}, {&b.Unprotect, unprotect}} {
		if *l.into, err = refAccess(l.given); err != nil {
			return err
		}
	}
	return explain(st.ProtectBranch(ctx, project, b))
}

// UnprotectBranch removes a branch protection.
func UnprotectBranch(ctx context.Context, st GitStore, project, name string) error {
	return explain(st.UnprotectBranch(ctx, project, name))
}

// ProtectTag protects a tag name or wildcard pattern; create says who may create matching tags.
func ProtectTag(ctx context.Context, st GitStore, project, name string, create AccessList) error {
	if err := checkRefPattern(name); err != nil {
		return err
	}
	list, err := refAccess(create)
	if err != nil {
		return err
	}
	return explain(st.ProtectTag(ctx, project, world.ProtectedTag{Name: name, Create: list}))
}

// UnprotectTag removes a tag protection.
func UnprotectTag(ctx context.Context, st GitStore, project, name string) error {
	return explain(st.UnprotectTag(ctx, project, name))
}

// AddDeployKey enables a deploy key (an OpenSSH public key line) on a project, read-only unless
// canPush; it returns the key's id. The title defaults to the key's comment.
func AddDeployKey(ctx context.Context, st GitStore, project, line, title string, canPush bool) (int64, error) {
	key, err := sshkey.Parse(line)
	if err != nil {
		return 0, fmt.Errorf("%q is not an OpenSSH public key line (type, base64 key, optional comment)", abbreviate(line))
	}
	if title == "" {
		title = key.Comment
	}
	id, err := st.AddDeployKey(ctx, project, world.SSHKey{Title: title, Key: strings.TrimSpace(line), Type: key.Type,
		Fingerprint: sshkey.Fingerprint(key.Blob), UsageType: "auth_and_signing"}, canPush)
	if errors.Is(err, store.ErrConflict) {
		return 0, errors.New("this key is a user's SSH key (GitLab allows each key once)")
	}
	return id, explain(err)
}

// RemoveDeployKey disables a deploy key on a project.
func RemoveDeployKey(ctx context.Context, st GitStore, project string, keyID int64) error {
	return explain(st.RemoveDeployKey(ctx, project, keyID))
}

// AddRedirect makes oldPath lead to a project, as a rename leaves behind.
func AddRedirect(ctx context.Context, st GitStore, oldPath, project string) error {
	if err := world.CheckPath("redirect path", oldPath, 2); err != nil {
		return err
	}
	err := st.AddRedirect(ctx, oldPath, project)
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("a project lives at %q: a redirect cannot shadow it", oldPath)
	}
	return explain(err)
}

// RemoveRedirect forgets an old path.
func RemoveRedirect(ctx context.Context, st GitStore, oldPath string) error {
	return explain(st.RemoveRedirect(ctx, oldPath))
}

// AddHook adds a project webhook, or updates the project's hook with that URL.
func AddHook(ctx context.Context, st GitStore, project string, h world.Hook) error {
	if err := world.CheckHookURL(h.URL); err != nil {
		return err
	}
	return explain(st.AddHook(ctx, project, h))
}

// RemoveHook deletes a project webhook.
func RemoveHook(ctx context.Context, st GitStore, project, url string) error {
	return explain(st.RemoveHook(ctx, project, url))
}

// Hooks lists a project's webhooks.
func Hooks(ctx context.Context, st GitStore, project string) ([]store.ProjectHook, error) {
	hooks, err := st.HooksOf(ctx, project)
	return hooks, explain(err)
}

func refAccess(l AccessList) ([]world.RefAccess, error) {
	if !l.Given {
		return []world.RefAccess{{Role: world.RefMaintainers}}, nil
	}
	out := make([]world.RefAccess, 0, len(l.Entries))
	for _, e := range l.Entries {
		r, err := world.ParseRefAccess(e)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// checkRefPattern refuses what can never match a ref: an empty name or one with whitespace.
func checkRefPattern(name string) error {
	if name == "" || strings.ContainsAny(name, " \t\n") {
		return fmt.Errorf("%q is not a branch or tag name or pattern", name)
	}
	return nil
}

// explain turns the store's "not found: <what>" into a sentence.
func explain(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no %s", strings.TrimPrefix(err.Error(), store.ErrNotFound.Error()+": "))
	}
	return err
}
