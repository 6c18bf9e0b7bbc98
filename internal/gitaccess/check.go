package gitaccess

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/twofactor"
	"golang.org/x/sync/errgroup"
)

// Check decides a request. Expected outcomes, denials included, are in Result.Decision; errors
// are ErrInvalidGLRepository, ErrInvalidEnv, access.ErrMalformedChanges or failures.
func Check(ctx context.Context, st Store, cfg Config, req Request) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, Budget)
	defer cancel()
	now := cfg.Now()

	// The actor and the project do not depend on each other: look them up at once, so the
	// decision waits for two round trips in a row (these, then the actor's standing), not four.
	var (
		who   actor.Actor
		proj  project.Project
		found bool
	)
	lookups, lctx := errgroup.WithContext(ctx)
	lookups.Go(func() (err error) {
		who, err = actor.Resolve(lctx, st, actor.Params{KeyID: req.KeyID, UserID: req.UserID, Username: req.Username, Identifier: req.Identifier})
		return err
	})
	lookups.Go(func() (err error) {
		proj, err = project.Resolve(lctx, st, project.Ref{Path: req.Project, GLRepository: req.GLRepository})
		found = err == nil
		if errors.Is(err, project.ErrNotFound) {
			return nil
		}
		return err
	})
	if err := lookups.Wait(); err != nil {
		return Result{}, err
	}

	facts := access.Facts{
		Request: access.Request{
			Action: req.Action, Protocol: req.Protocol, Changes: changesOrAny(req.Changes),
			RepoType: repoType(proj.Kind), RequestedPath: requestedPath(req),
		},
		Settings: cfg.Settings,
	}
	var rootNamespaceID int64
	standing, sctx := errgroup.WithContext(ctx)
	standing.Go(func() (err error) {
		facts.Actor, err = actorFacts(sctx, st, cfg, who, now)
		return err
	})
	standing.Go(func() (err error) {
		if found {
			rootNamespaceID, err = loadContainer(sctx, st, &facts.Container, proj, who)
			return err
		}
		facts.Container, err = loadNewProjectNamespace(sctx, st, facts.Request, who)
		return err
	})
	if facts.Request.Action == access.ActionReceivePack && facts.Request.Changes != access.AnyChanges && found {
		standing.Go(func() (err error) {
			facts.ProtectedBranches, facts.ProtectedTags, err = loadProtectedRefs(sctx, st, proj.ID)
			return err
		})
	}
	// GitLab records the key's use before it decides (check_allowed: update_last_used_at!), so
	// a denied command counts as use too.
	if who.Key != nil && keyUseIsStale(who.Key, now) {
		standing.Go(func() error { return st.TouchKey(sctx, who.Key.ID) })
	}
	if err := standing.Wait(); err != nil {
		return Result{}, err
	}

	objects, err := openObjects(ctx, cfg, proj, found, req)
	if err != nil {
		return Result{}, err
	}
	decision, err := access.Check(ctx, facts, objects)
	if err != nil {
		return Result{}, err
	}
	if decision.CreateProject {
		return createOnPush(ctx, st, cfg, req, who, facts)
	}
	result := Result{Decision: decision, Project: proj, RootNamespaceID: rootNamespaceID, User: who.User, Key: who.Key}
	if decision.Allowed() {
		if err := afterSuccess(ctx, st, cfg, req, result); err != nil {
			return Result{}, err
		}
	}
	return result, nil
}

// changesOrAny treats a missing changes parameter as GitLab Shell's "_any" (the seed's example
// sends none).
func changesOrAny(changes string) string {
	if changes == "" {
		return access.AnyChanges
	}
	return changes
}

func repoType(kind string) string {
	if kind == "" {
		return access.RepoProject
	}
	return kind
}

func requestedPath(req Request) string {
	if req.GLRepository != "" {
		return ""
	}
	return project.NormalizePath(req.Project)
}

func actorFacts(ctx context.Context, st Store, cfg Config, who actor.Actor, now time.Time) (access.Actor, error) {
	var a access.Actor
	if u := who.User; u != nil {
		a.User = &access.User{
			ID: u.ID, Username: u.Username, State: u.State, UserType: u.UserType, Admin: u.Admin,
			External: u.External, Confirmed: u.ConfirmedAt != nil, TermsAccepted: u.TermsAccepted,
			PasswordExpired:   u.PasswordExpiresAt != nil && !u.PasswordExpiresAt.After(now),
			TwoFactorEnabled:  (u.OTPSecret != nil && u.OTPRequired) || u.WebauthnRegistered,
			CanCreateProjects: u.CanCreateProjects,
		}
	}
	if k := who.Key; k != nil {
		a.Key = &access.Key{
			ID: k.ID, Deploy: k.Kind == "deploy",
			Expired:     k.ExpiresAt != nil && !k.ExpiresAt.After(now),
			ExpiresSoon: k.ExpiresAt != nil && k.ExpiresAt.After(now) && k.ExpiresAt.Before(now.Add(7*24*time.Hour)),
		}
		if cfg.Settings.TwoFactorForCLI {
			valid, err := twofactor.HasValidSession(ctx, st, k.ID, now)
			if err != nil {
				return access.Actor{}, err
			}
			a.OTPSessionValid = valid
		}
	}
	return a, nil
}

// keyTouchInterval is how often a key's last use is recorded, as TouchKeyLastUsed in
// queries/keys.sql throttles it; checking here spares the round trip of a no-op update.
const keyTouchInterval = 24 * time.Hour

func keyUseIsStale(k *store.Key, now time.Time) bool {
	return k.LastUsedAt == nil || k.LastUsedAt.Before(now.Add(-keyTouchInterval))
}

// loadContainer fills in the actor's standing on the project and returns the root namespace's id.
func loadContainer(ctx context.Context, st Store, c *access.Container, proj project.Project, who actor.Actor) (int64, error) {
	var userID, deployKeyID int64
	if who.User != nil {
		userID = who.User.ID
	}
	if who.Key != nil && who.Key.Kind == "deploy" {
		deployKeyID = who.Key.ID
	}
	pa, err := st.ProjectAccessOf(ctx, proj.ID, userID, deployKeyID)
	if err != nil {
		return 0, fmt.Errorf("load access to project %d: %w", proj.ID, err)
	}
	*c = access.Container{
		Found: true, ProjectID: proj.ID, FullPath: proj.FullPath, Visibility: pa.Visibility,
		Archived: pa.Archived, RepositoryExists: pa.RepositoryExists, RepositoryReadOnly: pa.RepositoryReadOnly,
		RepositoryAccessLevel: int(pa.RepositoryAccessLevel), WikiAccessLevel: int(pa.WikiAccessLevel),
		DefaultBranch: proj.DefaultBranch, RootGitAccessProtocol: pa.RootGitAccessProtocol,
		AccessLevel: int(pa.AccessLevel), MembershipPending: pa.MembershipPending,
		DeployKeyLinked: pa.DeployKeyLinked, DeployKeyCanPush: pa.DeployKeyCanPush,
	}
	return pa.RootNamespaceID, nil
}

// loadProtectedRefs loads the protected branches and tags that a push with real changes is
// checked against.
func loadProtectedRefs(ctx context.Context, st Store, projectID int64) ([]access.ProtectedBranch, []access.ProtectedTag, error) {
	branches, tags, err := st.ProtectedRefs(ctx, projectID)
	if err != nil {
		return nil, nil, fmt.Errorf("load protected refs of project %d: %w", projectID, err)
	}
	return protectedBranches(branches), protectedTags(tags), nil
}

// loadNewProjectNamespace looks at the namespace a push to an unknown project path names, for
// create-on-push (§1.6) and the "namespace not found" answer.
func loadNewProjectNamespace(ctx context.Context, st Store, req access.Request, who actor.Actor) (access.Container, error) {
	var c access.Container
	parent, _ := splitPath(req.RequestedPath)
	if parent == "" || req.RepoType != access.RepoProject {
		return c, nil
	}
	var userID int64
	if who.User != nil {
		userID = who.User.ID
	}
	ns, err := st.NamespaceForNewProject(ctx, parent, userID)
	if errors.Is(err, store.ErrNotFound) {
		return c, nil
	} else if err != nil {
		return c, err
	}
	c.NamespaceFound = true
	// The namespace's own rule (owner of a personal namespace, maintainer of a group) and the
	// user's permission to create projects at all.
	c.CanCreateInNamespace = ns.MayCreate && who.User != nil && who.User.CanCreateProjects
	return c, nil
}

func protectedBranches(rules []store.ProtectedRefRule) []access.ProtectedBranch {
	out := make([]access.ProtectedBranch, 0, len(rules))
	for _, r := range rules {
		b := access.ProtectedBranch{Name: r.Name, AllowForcePush: r.AllowForcePush}
		for _, l := range r.Levels {
			switch l.Action {
			case "push":
				b.Push = append(b.Push, accessRule(l))
			case "merge":
				b.Merge = append(b.Merge, accessRule(l))
			case "unprotect":
				b.Unprotect = append(b.Unprotect, accessRule(l))
			}
		}
		out = append(out, b)
	}
	return out
}

func protectedTags(rules []store.ProtectedRefRule) []access.ProtectedTag {
	out := make([]access.ProtectedTag, 0, len(rules))
	for _, r := range rules {
		t := access.ProtectedTag{Name: r.Name}
		for _, l := range r.Levels {
			t.Create = append(t.Create, accessRule(l))
		}
		out = append(out, t)
	}
	return out
}

func accessRule(l store.RefAccessLevel) access.AccessRule {
	var r access.AccessRule
	switch {
	case l.UserID != nil:
		r.UserID = *l.UserID
	case l.DeployKeyID != nil:
		r.DeployKeyID = *l.DeployKeyID
	case l.Role != nil:
		r.Role = int(*l.Role)
	}
	return r
}
