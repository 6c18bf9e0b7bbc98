package access

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrUnsupportedRepository reports a repository kind the decision cannot judge: an unknown
// Request.RepoType, or a snippet that was found (glia keeps no snippets, so Facts cannot
// describe one). A snippet that was not found is answered like GitLab does, with a 404.
var ErrUnsupportedRepository = errors.New("unsupported repository type")

// Protocols a caller reports.
const (
	protocolSSH = "ssh"
	protocolWeb = "web"
)

// Check decides a /internal/allowed request: GitLab's Gitlab::GitAccess#check with the EE checks
// glia has facts for, in GitLab's order (docs/gitlab-rules.md §1.3): maintenance mode, the OTP
// session, the protocol, the key, the user, the command, a Geo secondary's forwarding of a push
// to its primary, a read-only instance, the namespace,
// create-on-push, the container, read access, the repository, then download or push access —
// for a project push with real changes, the per-change checks of §1.5.
//
// It returns a Decision for every answer GitLab gives (200, 300, 401, 404, 503), or
// Decision{CreateProject: true} (Status 0: not an answer) when a push should create the project
// first (§1.6): the caller creates the private project at Request.RequestedPath and calls Check
// again with the new project's facts.
//
// Errors are not answers: ErrMalformedChanges (the caller answers 400; changes are validated
// before anything else, as request parameters are), ErrUnsupportedRepository, and errors from
// objects, returned as they are (the caller answers 503 for a context deadline, 500 otherwise).
//
// When ctx is done between two changes, the push gets a 503 Decision instead (see checkChanges).
//
// objects answers what needs the repository's objects. When it is nil (glia has no local path
// for the storage) those questions get a fallback: an update counts as a fast-forward, a new
// protected branch counts as based on a protected ref, and the repository counts as non-empty.
// Every other check still applies.
func Check(ctx context.Context, f Facts, objects Objects) (Decision, error) {
	c := &checker{
		ctx:    ctx,
		f:      &f,
		access: newUserAccess(&f),
		repo:   &repository{ctx: ctx, objects: objects},
	}
	if k := f.Actor.Key; k == nil || !k.Deploy {
		c.gitUser = f.Actor.User
	}
	if f.Request.Changes != AnyChanges {
		changes, err := parseChanges(f.Request.Changes)
		if err != nil {
			return Decision{}, err
		}
		c.changes = changes
	}
	var err error
	switch f.Request.RepoType {
	case RepoProject:
		return c.decideRepository(projectRepository)
	case RepoWiki:
		return c.decideRepository(wikiRepository)
	case RepoDesign:
		err = c.decideDesign()
	case RepoSnippet:
		if f.Container.Found {
			return Decision{}, fmt.Errorf("%w: %s", ErrUnsupportedRepository, f.Request.RepoType)
		}
		err = notFound(msgSnippetNotFound)
	default:
		return Decision{}, fmt.Errorf("%w: %q", ErrUnsupportedRepository, f.Request.RepoType)
	}
	if err != nil {
		return asDecision(err)
	}
	return c.success(), nil
}

// checker holds one decision's facts and what it derives from them.
type checker struct {
	ctx context.Context
	f   *Facts
	// gitUser is the user GitLab's GitAccess sees: nobody when a deploy key acts (its creator
	// only matters for what the key may push; see userAccess).
	gitUser *User
	access  userAccess
	repo    *repository
	changes []change // the push's changes, unless Request.Changes is AnyChanges
}

// decideRepository is the decision for a project repository or a wiki.
func (c *checker) decideRepository(kind repositoryKind) (Decision, error) {
	for _, check := range []func() error{
		c.checkMaintenanceMode,
		c.checkOTPSession,
		c.checkProtocol,
		c.checkKey,
		c.checkUser,
		c.checkCommand,
	} {
		if err := check(); err != nil {
			return asDecision(err)
		}
	}
	if c.forwardsToPrimary() {
		return c.proxyToPrimary()
	}
	for _, check := range []func() error{
		c.checkReadOnlyInstance,
		func() error { return c.checkNamespace(kind) },
	} {
		if err := check(); err != nil {
			return asDecision(err)
		}
	}
	if c.createsProjectOnPush(kind) {
		return Decision{CreateProject: true}, nil
	}
	for _, check := range []func() error{
		func() error { return c.checkContainer(kind) },
		func() error { return c.checkRepositoryExists(kind) },
		func() error { return c.checkAction(kind) },
	} {
		if err := check(); err != nil {
			return asDecision(err)
		}
	}
	return c.success(), nil
}

// E1 (EE): a maintenance-mode instance takes no pushes.
func (c *checker) checkMaintenanceMode() error {
	if c.f.Settings.MaintenanceMode && c.f.Request.Action == ActionReceivePack {
		return forbidden(msgMaintenanceMode)
	}
	return nil
}

// E4 (EE): with "2FA for Git over SSH", a 2FA user's own key works only within an OTP session.
func (c *checker) checkOTPSession() error {
	a := c.f.Actor
	if !c.f.Settings.TwoFactorForCLI || c.f.Request.Protocol != protocolSSH || a.Key == nil || a.Key.Deploy {
		return nil
	}
	if c.gitUser == nil || !c.gitUser.TwoFactorEnabled || a.OTPSessionValid {
		return nil
	}
	return forbidden(fmt.Sprintf(msgOTPRequired, otpVerifyCommand(c.f.Settings)))
}

// 1: the instance's and then the root namespace's enabled protocols; web is always allowed.
func (c *checker) checkProtocol() error {
	protocol := c.f.Request.Protocol
	if protocol == protocolWeb {
		return nil
	}
	instance, namespace := c.f.Settings.GitAccessProtocol, c.f.Container.RootGitAccessProtocol
	if (instance != "" && instance != protocol) || (namespace != "" && namespace != "all" && namespace != protocol) {
		return forbidden(fmt.Sprintf(msgProtocolDisabled, strings.ToUpper(protocol)))
	}
	return nil
}

// 2: a key, a user's or a deploy key, must not have expired.
func (c *checker) checkKey() error {
	if k := c.f.Actor.Key; k != nil && k.Expired {
		return forbidden(msgKeyExpired)
	}
	return nil
}

// 3: the user must be allowed to use git at all. A deploy key's creator is not asked here.
func (c *checker) checkUser() error {
	if c.gitUser == nil {
		return nil
	}
	if msg := userDeniedMessage(c.gitUser, c.f.Settings); msg != "" {
		return forbidden(msg)
	}
	return nil
}

// 6: only the three git commands.
func (c *checker) checkCommand() error {
	switch c.f.Request.Action {
	case ActionUploadPack, ActionUploadArchive, ActionReceivePack:
		return nil
	}
	return forbidden(msgCommandNotAllowed)
}

// 7: a Geo secondary forwards an SSH push to its primary (EE forward_ssh_git_request_to_primary?)
// before it looks at the container: the primary decides the rest, create-on-push included.
// Pulls are served here: glia keeps no replication state, so no repository is out of date.
func (c *checker) forwardsToPrimary() bool {
	r := c.f.Request
	return c.f.Settings.GeoSecondary && r.Protocol == protocolSSH && r.Action == ActionReceivePack &&
		(c.f.Container.Found || r.RequestedPath != "")
}

// proxyToPrimary is the custom action, for an actor GitLab can name to the primary: a key, or
// else a user (GeoGitAccess#actor_gl_id).
func (c *checker) proxyToPrimary() (Decision, error) {
	a := c.f.Actor
	if a.Key == nil && a.User == nil {
		return asDecision(forbidden(msgUnknownActor))
	}
	return Decision{Status: http.StatusMultipleChoices, ConsoleMessages: []string{}}, nil
}

// 8: a read-only database takes no pushes.
func (c *checker) checkReadOnlyInstance() error {
	if c.f.Settings.ReadOnly && c.f.Request.Action == ActionReceivePack {
		return forbidden(msgReadOnlyInstance)
	}
	return nil
}

// 9: a project path that names no project must still parse as "<namespace>/<project>". An
// existing project's path always does. A request that named a gl_repository has no path to
// parse (Gitaly pushing to a vanished project), and gets this answer too.
func (c *checker) checkNamespace(kind repositoryKind) error {
	if kind.wiki || c.f.Container.Found || namespacePathParses(c.f.Request.RequestedPath) {
		return nil
	}
	return notFound(msgNamespaceNotFound)
}

// 10: create-on-push (§1.6): a user (not a deploy key) opening a push to a project that does not
// exist, in a namespace where they may create projects.
func (c *checker) createsProjectOnPush(kind repositoryKind) bool {
	ct := c.f.Container
	return !kind.wiki && !ct.Found && c.gitUser != nil &&
		c.f.Request.Action == ActionReceivePack && c.f.Request.Changes == AnyChanges &&
		ct.NamespaceFound && ct.CanCreateInNamespace
}

// 11, 12: the container must exist and the actor must be able to read it; both failures look
// the same, so that nobody learns which projects exist.
func (c *checker) checkContainer(kind repositoryKind) error {
	if !c.f.Container.Found || !c.canReadProject() {
		return notFound(kind.notFound)
	}
	return nil
}

// canReadProject: a deploy key reads the projects it is linked to, a user what the matrix lets
// them read, and anyone reads what anonymous visitors may.
func (c *checker) canReadProject() bool {
	switch {
	case c.access.deployKey != nil && c.f.Container.DeployKeyLinked:
		return true
	case c.gitUser != nil && c.access.policy().readProject():
		return true
	}
	return c.anonymousPolicy().readProject()
}

// 14
func (c *checker) checkRepositoryExists(kind repositoryKind) error {
	if !c.f.Container.RepositoryExists {
		return notFound(kind.noRepository)
	}
	return nil
}

// 15
func (c *checker) checkAction(kind repositoryKind) error {
	if c.f.Request.Action == ActionReceivePack {
		return c.checkPush(kind)
	}
	return c.checkDownload(kind)
}

// 15a: a linked deploy key downloads unless the feature is disabled; a user what their
// abilities allow; anyone what anonymous visitors may.
func (c *checker) checkDownload(kind repositoryKind) error {
	ct := c.f.Container
	deployKey := c.access.deployKey != nil && ct.DeployKeyLinked && kind.featureLevel(ct) != featureDisabled
	if deployKey || c.access.can(kind.download) || kind.download(c.anonymousPolicy()) {
		return nil
	}
	return forbidden(kind.downloadDenied)
}

// 15b
func (c *checker) checkPush(kind repositoryKind) error {
	ct := c.f.Container
	switch {
	case ct.RepositoryReadOnly:
		return forbidden(kind.readOnly)
	case ct.Archived:
		return forbidden(msgArchived)
	case c.access.deployKey != nil:
		if !ct.DeployKeyCanPush {
			return forbidden(msgDeployKeyUpload)
		}
	case c.gitUser == nil:
		return forbidden(msgUpload)
	}
	if kind.wiki {
		// A wiki takes any change from whoever may write to it.
		if !c.access.can(policy.createWiki) {
			return forbidden(msgWriteToWiki)
		}
		return nil
	}
	if c.f.Request.Changes == AnyChanges {
		// GitLab Shell's "_any": the refs are not known yet. A deploy key with write access
		// may push; anyone else needs push access to the project.
		if c.access.deployKey == nil && !c.access.can(policy.pushCode) {
			return forbidden(msgPushCode)
		}
		return nil
	}
	return c.checkChanges(c.changes)
}

// decideDesign is GitLab's GitAccessDesign: design repositories are written by the web
// interface alone, for users who may manage designs. None of the other checks apply.
func (c *checker) decideDesign() error {
	if c.f.Request.Protocol != protocolWeb {
		return forbidden(msgDesignsWebOnly)
	}
	if !c.access.can(policy.createDesign) {
		return forbidden(msgManageDesigns)
	}
	return nil
}

// success is the 200 answer, with GitLab's warning when the key expires within a week.
func (c *checker) success() Decision {
	d := Decision{Status: http.StatusOK, ConsoleMessages: []string{}}
	if k := c.f.Actor.Key; k != nil && k.ExpiresSoon {
		d.ConsoleMessages = append(d.ConsoleMessages, msgKeyExpiresSoon)
	}
	return d
}

func (c *checker) anonymousPolicy() policy { return policy{project: c.f.Container} }
