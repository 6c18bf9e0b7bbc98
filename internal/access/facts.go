// Package access decides whether a git command may run: GitLab's /internal/allowed decision
// (docs/gitlab-rules.md §1), as pure logic over facts the caller loads. Nothing here touches the
// database or HTTP; the checks that need repository objects go through Objects.
package access

import "context"

// Actions GitLab Shell and Gitaly ask about.
const (
	ActionUploadPack    = "git-upload-pack"
	ActionUploadArchive = "git-upload-archive"
	ActionReceivePack   = "git-receive-pack"
)

// AnyChanges is GitLab Shell's changes value: the push is not known yet.
const AnyChanges = "_any"

// Repository kinds (docs/gitlab-rules.md §0.4).
const (
	RepoProject = "project"
	RepoWiki    = "wiki"
	RepoSnippet = "snippet"
	RepoDesign  = "design"
)

// Facts are everything the decision reads. The caller loads them (ideally in one round trip) and
// leaves out what cannot matter: protected refs only for pushes with real changes.
type Facts struct {
	Request   Request
	Actor     Actor
	Container Container
	Settings  Settings
	// ProtectedBranches and ProtectedTags of the project (all of them; matching is here).
	ProtectedBranches []ProtectedBranch
	ProtectedTags     []ProtectedTag
}

// Request is what was asked.
type Request struct {
	Action   string // ActionUploadPack, ActionUploadArchive or ActionReceivePack
	Protocol string // ssh, http or web
	// Changes is AnyChanges or the raw "<old> <new> <ref>" lines of the push.
	Changes string
	// RepoType is the kind of repository (RepoProject, RepoWiki, …).
	RepoType string
	// RequestedPath is the path as asked (normalised: no leading "/", no ".git"), used for
	// create-on-push and messages; empty when the request named a gl_repository.
	RequestedPath string
}

// Actor is who asks. Both nil: anonymous.
type Actor struct {
	// User is the user acting: the key's owner, a deploy key's creator, or the user named.
	User *User
	// Key is set when a key identified the actor.
	Key *Key
	// OTPSessionValid reports that the key passed 2fa_verify recently (twofactor.HasValidSession).
	OTPSessionValid bool
}

// User is the acting user.
type User struct {
	ID                int64
	Username          string
	State             string // active, blocked, blocked_pending_approval, deactivated, banned
	UserType          string // human, bot, internal, ghost
	Admin             bool
	External          bool
	Confirmed         bool
	TermsAccepted     bool
	PasswordExpired   bool
	TwoFactorEnabled  bool
	CanCreateProjects bool
}

// Key is the key that authenticated the actor.
type Key struct {
	ID          int64
	Deploy      bool // a deploy key (else the user's own key)
	Expired     bool
	ExpiresSoon bool // within 7 days: GitLab adds a console message
}

// Container is the repository's project (for wikis and designs, the project that holds them),
// with what the actor has on it.
type Container struct {
	// Found is false when no container matches; the fields below are then zero.
	Found                 bool
	ProjectID             int64
	FullPath              string
	Visibility            string // private, internal or public
	Archived              bool
	RepositoryExists      bool
	RepositoryReadOnly    bool
	RepositoryAccessLevel int // feature level: 0 disabled, 10 members only, 20 everyone with access, 30 public
	WikiAccessLevel       int
	DefaultBranch         string
	// RootGitAccessProtocol is the root namespace's setting: all, ssh or http.
	RootGitAccessProtocol string
	// AccessLevel is the actor's effective membership (the highest over the project and its
	// ancestor groups; 0 = none). MembershipPending: only a pending request exists.
	AccessLevel       int
	MembershipPending bool
	// DeployKeyLinked and DeployKeyCanPush describe the actor's deploy key on this project.
	DeployKeyLinked  bool
	DeployKeyCanPush bool

	// For a container that was not found:
	// NamespaceFound reports that the namespace part of the requested path exists, and
	// CanCreateInNamespace that the user may create projects in it (create-on-push, §1.6).
	NamespaceFound       bool
	CanCreateInNamespace bool
}

// Settings are instance-wide settings that the decision reads.
type Settings struct {
	// GitAccessProtocol is the instance's enabled protocol: "" (both), "ssh" or "http".
	GitAccessProtocol string
	// TwoFactorForCLI requires an OTP session for SSH git commands of 2FA users (check E4).
	TwoFactorForCLI bool
	// ReadOnly is a read-only database; MaintenanceMode refuses pushes.
	ReadOnly        bool
	MaintenanceMode bool
	// GeoSecondary forwards SSH pushes to the Geo primary (check 7); a secondary's database
	// is read-only too, so HTTP pushes meet check 8.
	GeoSecondary bool
	// ExternalURL appears in user messages (terms of service, deactivated account).
	ExternalURL string
	// SSHHost is the host in the 2fa_verify hint ("ssh <user>@<host> 2fa_verify").
	SSHHost string
	// SSHPort is GitLab Shell's SSH port; the hint adds "-p <port>" unless it is 22 (0 means 22).
	SSHPort int
}

// Role levels used in protected-ref access rules (GitLab's Gitlab::Access).
const (
	RoleNoOne      = 0
	RoleDeveloper  = 30
	RoleMaintainer = 40
	RoleAdmin      = 60
)

// AccessRule grants one role, one user or one deploy key (exactly one field is set).
type AccessRule struct {
	Role        int // valid when UserID and DeployKeyID are 0
	UserID      int64
	DeployKeyID int64
}

// ProtectedBranch is a protected-branch rule; Name may be a wildcard ("release/*").
type ProtectedBranch struct {
	Name           string
	AllowForcePush bool
	Push           []AccessRule
	Merge          []AccessRule
	Unprotect      []AccessRule
}

// ProtectedTag is a protected-tag rule; Name may be a wildcard ("v*").
type ProtectedTag struct {
	Name   string
	Create []AccessRule
}

// Decision is the answer. Status 200 means allowed; otherwise GitLab's status (401 denied,
// 404 not found, 422 project creation failed, 503 timed out) and its message.
type Decision struct {
	Status          int
	Message         string
	ConsoleMessages []string
	// CreateProject asks the caller to create the private project at Request.RequestedPath
	// (create-on-push, docs/gitlab-rules.md §1.6) and decide again.
	CreateProject bool
}

// Allowed reports a 200 decision. A 300 is the Geo custom action: the caller answers with what
// forwards the push to the primary (internal/geo).
func (d Decision) Allowed() bool { return d.Status == 200 }

// Objects answers the questions that need the repository's objects. Implementations read the
// repository on disk, honouring Gitaly's quarantine directories (internal/gitrepo). A nil
// Objects means glia cannot see the repository; the fallback is documented on Check.
type Objects interface {
	// Empty reports a repository without any branch (tags alone leave it empty, as in GitLab).
	Empty(ctx context.Context) (bool, error)
	// IsAncestor reports whether ancestor is reachable from descendant (a push from ancestor to
	// descendant is a fast-forward).
	IsAncestor(ctx context.Context, ancestor, descendant string) (bool, error)
	// BranchesContaining lists the branches (short names) whose head contains commit.
	BranchesContaining(ctx context.Context, commit string) ([]string, error)
}
