package world

import "time"

// World is a checked fixture file: every entity it declares, with defaults filled in and every
// reference resolved to the canonical spelling of the entity it names (usernames, full paths and
// deploy-key titles as declared, so callers may match them exactly).
type World struct {
	Users      []User
	Groups     []Group // parents before their subgroups
	Projects   []Project
	DeployKeys []DeployKey
	// UpcomingReconciliations announce CustomersDot seat reconciliations, one per namespace.
	UpcomingReconciliations []UpcomingReconciliation
}

// User is a user with its personal namespace, SSH keys and personal access tokens.
type User struct {
	ID                 int64 // 0: assigned by the database
	NamespaceID        int64 // id of the personal namespace; 0: assigned by the database
	Username           string
	Name               string
	Email              string
	State              string // active, blocked, blocked_pending_approval, deactivated, banned
	UserType           string // human, bot, internal, ghost
	Admin              bool
	External           bool
	CanCreateProjects  bool
	Confirmed          bool
	TermsAccepted      bool
	PasswordExpiresAt  *time.Time
	OTPSecret          string // base32 RFC 6238 secret; "" when the user has no authenticator app
	OTPRequired        bool
	WebauthnRegistered bool
	SSHKeys            []SSHKey
	AccessTokens       []PersonalAccessToken
}

// SSHKey is an OpenSSH public key, parsed so that the store never has to.
type SSHKey struct {
	ID          int64 // 0: assigned by the database
	Title       string
	Key         string // the OpenSSH line as written in the file
	Type        string // e.g. ssh-ed25519
	Fingerprint string // sshkey.Fingerprint of the blob: what keys.fingerprint_sha256 holds
	UsageType   string // auth, signing, auth_and_signing
	ExpiresAt   *time.Time
}

// PersonalAccessToken is a token in plaintext, as scripts present it; store only its digest.
type PersonalAccessToken struct {
	Name      string
	Token     string
	Scopes    []string
	ExpiresAt *time.Time // a date
	Revoked   bool
}

// DeployKey is an SSH key that grants access to projects rather than belonging to a user.
type DeployKey struct {
	SSHKey
	User     string // the creator's username, or ""; GitLab requires the creator to read the project too
	Projects []DeployKeyProject
}

// DeployKeyProject enables a deploy key on a project.
type DeployKeyProject struct {
	Project string // full path
	CanPush bool
}

// Group is a (sub)group namespace.
type Group struct {
	ID                int64 // 0: assigned by the database
	FullPath          string
	Path              string // the last segment of FullPath
	Parent            string // full path of the parent group; "" for a top-level group
	Name              string
	Visibility        string // private, internal, public
	GitAccessProtocol string // all, ssh, http; only top-level groups set it
	Members           []Member
	SAML              *SAMLProvider // nil: no group SSO
	SCIMToken         string        // plaintext; "" when the group has none
	RedirectRoutes    []string      // old full paths that still lead here
	Subscription      *Subscription // nil: no subscription (the free plan); top-level groups only
}

// Subscription is a top-level namespace's GitLab.com subscription.
type Subscription struct {
	Plan          string // a plans.Codes entry
	Seats         int
	MaxSeatsUsed  int
	StartDate     time.Time
	EndDate       *time.Time
	Trial         bool
	TrialStartsOn *time.Time // defaults to StartDate for a trial
	TrialEndsOn   *time.Time
	AutoRenew     *bool
}

// Member is a membership of a group or project.
type Member struct {
	User      string // username
	Access    AccessLevel
	Requested bool       // a pending access request, which grants nothing yet
	ExpiresAt *time.Time // a date
}

// SAMLProvider is a group's SAML single sign-on configuration and the identities linked to it.
type SAMLProvider struct {
	Enabled     bool
	SSOURL      string
	DefaultRole AccessLevel // given to users provisioned through SSO or SCIM
	Identities  []Identity
}

// Identity links a user to the identity provider's id for them (SCIM's id/externalId).
type Identity struct {
	User      string
	ExternUID string
	Active    bool
}

// Project is a project and everything that hangs off it.
type Project struct {
	ID                       int64 // 0: assigned by the database
	FullPath                 string
	Path                     string // the last segment of FullPath
	Namespace                string // full path of a group, or a username for a personal project
	Name                     string
	Visibility               string // private, internal, public
	Archived                 bool
	DefaultBranch            string // "" when the repository has none yet
	RepositoryStorage        string
	RepositoryExists         bool
	RepositoryReadOnly       bool
	LFSEnabled               bool
	RepositoryAccessLevel    FeatureAccess
	WikiAccessLevel          FeatureAccess
	MergeRequestsAccessLevel FeatureAccess
	ErrorTrackingEnabled     bool
	ErrorTrackingClientKeys  []ErrorTrackingClientKey
	Creator                  string // username, or ""
	Members                  []Member
	ProtectedBranches        []ProtectedBranch
	ProtectedTags            []ProtectedTag
	Agents                   []Agent
	RedirectRoutes           []string // old full paths that still lead here
	Hooks                    []Hook
	ScanExecutionPolicies    []ScanExecutionPolicy
}

// ScanExecutionPolicy is a scan execution policy that applies to a project. Rules and Actions
// are GitLab's policy.yml lists, as JSON arrays.
type ScanExecutionPolicy struct {
	Name        string
	Description string
	Enabled     bool
	UpdatedAt   *time.Time // nil: when the world is loaded
	Rules       []byte
	Actions     []byte
}

// Hook is a project webhook: pushes are posted to URL.
type Hook struct {
	URL           string // absolute http or https URL
	Token         string // sent as X-Gitlab-Token; "" sends none
	PushEvents    bool   // branch pushes ("Push Hook")
	TagPushEvents bool   // tag pushes ("Tag Push Hook")
}

// ErrorTrackingClientKey is the public key a Sentry SDK sends for a project.
type ErrorTrackingClientKey struct {
	PublicKey string
	Active    bool
}

// ProtectedBranch protects branches matching Name (which may hold * wildcards).
type ProtectedBranch struct {
	Name           string
	AllowForcePush bool
	Push           []RefAccess
	Merge          []RefAccess
	Unprotect      []RefAccess
}

// ProtectedTag protects tags matching Name.
type ProtectedTag struct {
	Name   string
	Create []RefAccess
}

// RefAccess is one entry of a protected ref's access list: a role, a user, or a deploy key.
type RefAccess struct {
	Role      RefRole // meaningful only when User and DeployKey are both empty
	User      string  // username
	DeployKey string  // title of a deploy key in World.DeployKeys
}

// Agent is a Kubernetes agent registered in a project.
type Agent struct {
	ID        int64 // 0: assigned by the database
	Name      string
	CreatedBy string // username, or ""
	Config    []byte // the agent configuration as JSON; nil when none is given
	Tokens    []AgentToken
}

// AgentToken is an agent's token in plaintext, as kas presents it; store only its digest.
type AgentToken struct {
	Name    string
	Token   string
	Revoked bool
}

// UpcomingReconciliation is a seat reconciliation CustomersDot announced for a namespace.
type UpcomingReconciliation struct {
	Namespace              string // full path of a group, or a username
	NextReconciliationDate time.Time
	DisplayAlertFrom       time.Time
}
