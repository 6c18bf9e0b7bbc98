package world

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// The file* types mirror the YAML document one to one, so that strict decoding (unknown keys are
// errors) and yaml.v3's line-numbered type errors come for free. Pointers mark settings whose
// default is not the zero value; check.go turns these shapes into World values.

type fileWorld struct {
	Users                   []fileUser           `yaml:"users"`
	Groups                  []fileGroup          `yaml:"groups"`
	Projects                []fileProject        `yaml:"projects"`
	DeployKeys              []fileDeployKey      `yaml:"deploy_keys"`
	UpcomingReconciliations []fileReconciliation `yaml:"upcoming_reconciliations"`
}

type fileUser struct {
	ID                   int64             `yaml:"id"`
	NamespaceID          int64             `yaml:"namespace_id"`
	Username             string            `yaml:"username"`
	Name                 string            `yaml:"name"`
	Email                string            `yaml:"email"`
	State                string            `yaml:"state"`
	UserType             string            `yaml:"user_type"`
	Admin                bool              `yaml:"admin"`
	External             bool              `yaml:"external"`
	CanCreateProjects    *bool             `yaml:"can_create_projects"`
	Confirmed            *bool             `yaml:"confirmed"`
	TermsAccepted        *bool             `yaml:"terms_accepted"`
	PasswordExpiresAt    *time.Time        `yaml:"password_expires_at"`
	OTPSecret            string            `yaml:"otp_secret"`
	OTPRequired          *bool             `yaml:"otp_required"`
	WebauthnRegistered   bool              `yaml:"webauthn_registered"`
	SSHKeys              []fileSSHKey      `yaml:"ssh_keys"`
	PersonalAccessTokens []fileAccessToken `yaml:"personal_access_tokens"`
}

type fileSSHKey struct {
	ID        int64      `yaml:"id"`
	Title     string     `yaml:"title"`
	Key       string     `yaml:"key"`
	UsageType string     `yaml:"usage_type"`
	ExpiresAt *time.Time `yaml:"expires_at"`
}

type fileAccessToken struct {
	Name      string     `yaml:"name"`
	Token     string     `yaml:"token"`
	Scopes    []string   `yaml:"scopes"`
	ExpiresAt *time.Time `yaml:"expires_at"`
	Revoked   bool       `yaml:"revoked"`
}

type fileDeployKey struct {
	fileSSHKey `yaml:",inline"`
	User       string                 `yaml:"user"`
	Projects   []fileDeployKeyProject `yaml:"projects"`
}

type fileDeployKeyProject struct {
	Project string `yaml:"project"`
	CanPush bool   `yaml:"can_push"`
}

type fileGroup struct {
	ID                int64             `yaml:"id"`
	FullPath          string            `yaml:"full_path"`
	Name              string            `yaml:"name"`
	Visibility        string            `yaml:"visibility"`
	GitAccessProtocol string            `yaml:"git_access_protocol"`
	Members           []fileMember      `yaml:"members"`
	SAML              *fileSAML         `yaml:"saml"`
	SCIMToken         string            `yaml:"scim_token"`
	RedirectRoutes    []string          `yaml:"redirect_routes"`
	Subscription      *fileSubscription `yaml:"subscription"`
}

type fileSubscription struct {
	Plan          string     `yaml:"plan"`
	Seats         int        `yaml:"seats"`
	MaxSeatsUsed  int        `yaml:"max_seats_used"`
	StartDate     *time.Time `yaml:"start_date"`
	EndDate       *time.Time `yaml:"end_date"`
	Trial         bool       `yaml:"trial"`
	TrialStartsOn *time.Time `yaml:"trial_starts_on"`
	TrialEndsOn   *time.Time `yaml:"trial_ends_on"`
	AutoRenew     *bool      `yaml:"auto_renew"`
}

type fileMember struct {
	User      string     `yaml:"user"`
	Access    string     `yaml:"access"`
	Requested bool       `yaml:"requested"`
	ExpiresAt *time.Time `yaml:"expires_at"`
}

type fileSAML struct {
	Enabled     *bool          `yaml:"enabled"`
	SSOURL      string         `yaml:"sso_url"`
	DefaultRole string         `yaml:"default_role"`
	Identities  []fileIdentity `yaml:"identities"`
}

type fileIdentity struct {
	User      string `yaml:"user"`
	ExternUID string `yaml:"extern_uid"`
	Active    *bool  `yaml:"active"`
}

type fileProject struct {
	ID                       int64                     `yaml:"id"`
	FullPath                 string                    `yaml:"full_path"`
	Name                     string                    `yaml:"name"`
	Visibility               string                    `yaml:"visibility"`
	Archived                 bool                      `yaml:"archived"`
	DefaultBranch            string                    `yaml:"default_branch"`
	RepositoryStorage        string                    `yaml:"repository_storage"`
	RepositoryExists         *bool                     `yaml:"repository_exists"`
	RepositoryReadOnly       bool                      `yaml:"repository_read_only"`
	LFSEnabled               *bool                     `yaml:"lfs_enabled"`
	RepositoryAccessLevel    string                    `yaml:"repository_access_level"`
	WikiAccessLevel          string                    `yaml:"wiki_access_level"`
	MergeRequestsAccessLevel string                    `yaml:"merge_requests_access_level"`
	ErrorTracking            *fileErrorTracking        `yaml:"error_tracking"`
	Creator                  string                    `yaml:"creator"`
	Members                  []fileMember              `yaml:"members"`
	ProtectedBranches        []fileProtectedBranch     `yaml:"protected_branches"`
	ProtectedTags            []fileProtectedTag        `yaml:"protected_tags"`
	Agents                   []fileAgent               `yaml:"agents"`
	RedirectRoutes           []string                  `yaml:"redirect_routes"`
	Hooks                    []fileHook                `yaml:"hooks"`
	ScanExecutionPolicies    []fileScanExecutionPolicy `yaml:"scan_execution_policies"`
}

// fileScanExecutionPolicy is one entry of a security policy project's scan_execution_policy
// list; rules and actions keep GitLab's policy.yml structure.
type fileScanExecutionPolicy struct {
	Name        string           `yaml:"name"`
	Description string           `yaml:"description"`
	Enabled     *bool            `yaml:"enabled"`
	UpdatedAt   *time.Time       `yaml:"updated_at"`
	Rules       []map[string]any `yaml:"rules"`
	Actions     []map[string]any `yaml:"actions"`
}

type fileHook struct {
	URL           string `yaml:"url"`
	Token         string `yaml:"token"`
	PushEvents    *bool  `yaml:"push_events"`
	TagPushEvents bool   `yaml:"tag_push_events"`
}

type fileErrorTracking struct {
	Enabled    bool            `yaml:"enabled"`
	ClientKeys []fileClientKey `yaml:"client_keys"`
}

type fileClientKey struct {
	PublicKey string `yaml:"public_key"`
	Active    *bool  `yaml:"active"`
}

// A nil access list (key absent) means GitLab's default; an empty one means nobody.
type fileProtectedBranch struct {
	Name           string          `yaml:"name"`
	AllowForcePush bool            `yaml:"allow_force_push"`
	Push           []fileRefAccess `yaml:"push"`
	Merge          []fileRefAccess `yaml:"merge"`
	Unprotect      []fileRefAccess `yaml:"unprotect"`
}

type fileProtectedTag struct {
	Name   string          `yaml:"name"`
	Create []fileRefAccess `yaml:"create"`
}

type fileAgent struct {
	ID        int64            `yaml:"id"`
	Name      string           `yaml:"name"`
	CreatedBy string           `yaml:"created_by"`
	Config    map[string]any   `yaml:"config"`
	Tokens    []fileAgentToken `yaml:"tokens"`
}

type fileAgentToken struct {
	Name    string `yaml:"name"`
	Token   string `yaml:"token"`
	Revoked bool   `yaml:"revoked"`
}

type fileReconciliation struct {
	Namespace              string    `yaml:"namespace"`
	NextReconciliationDate time.Time `yaml:"next_reconciliation_date"`
	DisplayAlertFrom       time.Time `yaml:"display_alert_from"`
}

// fileRefAccess is an access-list entry: a bare role name ("maintainer") or a mapping with
// exactly one of role, user or deploy_key.
type fileRefAccess struct {
	Role      string `yaml:"role"`
	User      string `yaml:"user"`
	DeployKey string `yaml:"deploy_key"`
}

// UnmarshalYAML accepts both spellings. It checks the mapping's keys itself because yaml.v3 does
// not pass strict decoding on to custom unmarshalers; problems are returned as *yaml.TypeError so
// the decoder keeps collecting errors instead of stopping at the first.
func (r *fileRefAccess) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		r.Role = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf(
			"line %d: want a role name or a mapping with one of role, user, deploy_key", n.Line)}}
	}
	key, value := n.Content[0], n.Content[1]
	if value.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a scalar value for %s", value.Line, key.Value)}}
	}
	switch key.Value {
	case "role":
		r.Role = value.Value
	case "user":
		r.User = value.Value
	case "deploy_key":
		r.DeployKey = value.Value
	default:
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: field %s not found in type access entry", key.Line, key.Value)}}
	}
	return nil
}
