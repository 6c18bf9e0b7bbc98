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
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout())
	defer cancel()
	now := cfg.Now()

	l, err := lookUp(ctx, st, cfg, req, now)
	if err != nil {
		return Result{}, err
	}
	if err := l.complete(ctx, st, now); err != nil {
		return Result{}, err
	}
	objects, err := openObjects(ctx, cfg, l.project, l.found, req)
	if err != nil {
		return Result{}, err
	}
	decision, err := access.Check(ctx, l.facts, objects)
	if err != nil {
		return Result{}, err
	}
	if decision.CreateProject {
		return createOnPush(ctx, st, cfg, req, l.who, l.facts)
	}
	result := Result{Decision: decision, Project: l.project, RootNamespaceID: l.rootNamespaceID, User: l.who.User, Key: l.who.Key}
	if decision.Allowed() {
		if err := afterSuccess(ctx, st, cfg, req, result); err != nil {
			return Result{}, err
		}
	}
	return result, nil
}

// lookup is what a decision reads, and what its answer tells the caller.
type lookup struct {
	facts           access.Facts
	who             actor.Actor
	project         project.Project // its Kind only, when not found
	found           bool
	rootNamespaceID int64
	refsLoaded      bool // facts has the protected refs a push with changes is checked against
}

// lookUp asks for everything the decision reads at once, so that it waits for the database
// once: the actor; the project with the actor's standing on it (GetProjectAccess resolves the
// actor itself, from the same parameters); and, when they can be named before either is
// known, the protected refs a Gitaly push is checked against and the key's 2FA session.
func lookUp(ctx context.Context, st Store, cfg Config, req Request, now time.Time) (*lookup, error) {
	target, err := project.Parse(project.Ref{Path: req.Project, GLRepository: req.GLRepository})
	named := err == nil // the request can name a project glia has
	if err != nil && !errors.Is(err, project.ErrNotFound) {
		return nil, err
	}
	params := actor.Params{KeyID: req.KeyID, UserID: req.UserID, Username: req.Username, Identifier: req.Identifier}
	accessor := params.Effective()
	l := &lookup{project: project.Project{Kind: target.Kind}, facts: access.Facts{
		Request: access.Request{
			Action: req.Action, Protocol: req.Protocol, Changes: changesOrAny(req.Changes),
			RepoType: repoType(target.Kind), RequestedPath: requestedPath(req),
		},
		Settings: cfg.Settings,
	}}

	var (
		standing   store.ProjectAccess
		otpSession bool
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		l.who, err = actor.Resolve(gctx, st, params)
		return err
	})
	if named {
		g.Go(func() (err error) {
			standing, err = projectAccess(gctx, st, target, accessor)
			l.found = err == nil
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		})
	}
	if l.pushesChanges() && target.ID != 0 {
		l.refsLoaded = true
		g.Go(func() (err error) {
			l.facts.ProtectedBranches, l.facts.ProtectedTags, err = loadProtectedRefs(gctx, st, target.ID)
			return err
		})
	}
	if cfg.Settings.TwoFactorForCLI && accessor.KeyID != nil {
		g.Go(func() (err error) {
			otpSession, err = twofactor.HasValidSession(gctx, st, *accessor.KeyID, now)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	if l.found {
		l.project = target.Found(standing.Project, standing.Redirected)
		l.facts.Container = containerOf(l.project, standing)
		l.rootNamespaceID = standing.RootNamespaceID
	}
	l.facts.Actor = actorFacts(l.who, otpSession, now)
	return l, nil
}

// complete asks for what could not be named before the actor and the project were known, in a
// second round trip that the common requests skip: the namespace a push to an unknown path
// would create its project in, the protected refs of a push that names its project by path,
// and the key's last use, once a day. GitLab records the key's use before it decides
// (check_allowed: update_last_used_at!), so a denied command counts as use too.
func (l *lookup) complete(ctx context.Context, st Store, now time.Time) error {
	g, gctx := errgroup.WithContext(ctx)
	if !l.found {
		g.Go(func() (err error) {
			l.facts.Container, err = loadNewProjectNamespace(gctx, st, l.facts.Request, l.who)
			return err
		})
	}
	if l.pushesChanges() && l.found && !l.refsLoaded {
		g.Go(func() (err error) {
			l.facts.ProtectedBranches, l.facts.ProtectedTags, err = loadProtectedRefs(gctx, st, l.project.ID)
			return err
		})
	}
	if k := l.who.Key; k != nil && keyUseIsStale(k, now) {
		g.Go(func() error { return st.TouchKey(gctx, k.ID) })
	}
	return g.Wait()
}

// pushesChanges says the request is a push with real changes (Gitaly's pre-receive check), the
// one that is checked against protected refs.
func (l *lookup) pushesChanges() bool {
	r := l.facts.Request
	return r.Action == access.ActionReceivePack && r.Changes != access.AnyChanges
}

// projectAccess loads the project a target names with the accessor's standing on it.
func projectAccess(ctx context.Context, st Store, t project.Target, who actor.Params) (store.ProjectAccess, error) {
	accessor := store.Accessor{KeyID: who.KeyID, UserID: who.UserID, Username: who.Username}
	if t.Path == "" {
		return st.ProjectAccessByID(ctx, t.ID, accessor)
	}
	return st.ProjectAccessByPath(ctx, t.Path, accessor)
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

// actorFacts describes the actor to the decision; otpSession says whether their key has a
// valid 2FA session (only asked for when two_factor_for_cli is on).
func actorFacts(who actor.Actor, otpSession bool, now time.Time) access.Actor {
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
		a.OTPSessionValid = otpSession
	}
	return a
}

// keyTouchInterval is how often a key's last use is recorded, as TouchKeyLastUsed in
// queries/keys.sql throttles it; checking here spares the round trip of a no-op update.
const keyTouchInterval = 24 * time.Hour

func keyUseIsStale(k *store.Key, now time.Time) bool {
	return k.LastUsedAt == nil || k.LastUsedAt.Before(now.Add(-keyTouchInterval))
}

// containerOf describes the project found, with the actor's standing on it, to the decision.
func containerOf(proj project.Project, pa store.ProjectAccess) access.Container {
	p := pa.Project
	return access.Container{
		Found: true, ProjectID: proj.ID, FullPath: proj.FullPath, Visibility: p.Visibility,
		Archived: p.Archived, RepositoryExists: p.RepositoryExists, RepositoryReadOnly: p.RepositoryReadOnly,
		RepositoryAccessLevel: int(p.RepositoryAccessLevel), WikiAccessLevel: int(p.WikiAccessLevel),
		DefaultBranch: proj.DefaultBranch, RootGitAccessProtocol: pa.RootGitAccessProtocol,
		AccessLevel: int(pa.AccessLevel), MembershipPending: pa.MembershipPending,
		DeployKeyLinked: pa.DeployKeyLinked, DeployKeyCanPush: pa.DeployKeyCanPush,
	}
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
