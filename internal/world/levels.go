package world

import (
	"fmt"
	"strings"
)

// AccessLevel is a GitLab membership level, with GitLab's numeric values (members.access_level).
type AccessLevel int

// Membership levels.
const (
	MinimalAccess AccessLevel = 5
	Guest         AccessLevel = 10
	Planner       AccessLevel = 15
	Reporter      AccessLevel = 20
	Developer     AccessLevel = 30
	Maintainer    AccessLevel = 40
	Owner         AccessLevel = 50
)

// RefRole is the role entry of a protected branch or tag access list, with GitLab's values.
type RefRole int

// Protected-ref roles: who may push, merge, unprotect or create.
const (
	RefNoOne       RefRole = 0
	RefDevelopers  RefRole = 30 // developers and maintainers
	RefMaintainers RefRole = 40
	RefAdmins      RefRole = 60 // instance administrators only
)

// FeatureAccess is a project feature's access level (repository, wiki, merge requests).
type FeatureAccess int

// Feature access levels.
const (
	FeatureDisabled FeatureAccess = 0
	FeaturePrivate  FeatureAccess = 10 // project members only
	FeatureEnabled  FeatureAccess = 20 // everyone who can see the project
	FeaturePublic   FeatureAccess = 30
)

// option is one spelling a fixture file may use for an enumerated value.
type option[T any] struct {
	name  string
	value T
}

// The spellings below are the file format's; their order is the order error messages list them.
var (
	accessLevelNames = []option[AccessLevel]{
		{"minimal_access", MinimalAccess}, {"guest", Guest}, {"planner", Planner},
		{"reporter", Reporter}, {"developer", Developer}, {"maintainer", Maintainer}, {"owner", Owner},
	}
	refRoleNames = []option[RefRole]{
		{"no_one", RefNoOne}, {"developer", RefDevelopers}, {"maintainer", RefMaintainers}, {"admin", RefAdmins},
	}
	featureAccessNames = []option[FeatureAccess]{
		{"disabled", FeatureDisabled}, {"private", FeaturePrivate}, {"enabled", FeatureEnabled}, {"public", FeaturePublic},
	}
	userStates       = words("active", "blocked", "blocked_pending_approval", "deactivated", "banned")
	userTypes        = words("human", "bot", "internal", "ghost")
	visibilities     = words("private", "internal", "public")
	gitProtocols     = words("all", "ssh", "http")
	sshKeyUsageTypes = words("auth_and_signing", "auth", "signing")
)

// ParseRefAccess reads one access-list entry as the command line spells it: a role (no_one,
// developer, maintainer, admin), "user:USERNAME" or "deploy_key:TITLE".
func ParseRefAccess(entry string) (RefAccess, error) {
	kind, name, named := strings.Cut(entry, ":")
	switch {
	case named && kind == "user" && name != "":
		return RefAccess{User: name}, nil
	case named && kind == "deploy_key" && name != "":
		return RefAccess{DeployKey: name}, nil
	case named:
		return RefAccess{}, fmt.Errorf("access entry %q is not a role, user:USERNAME or deploy_key:TITLE", entry)
	}
	role, err := lookup("role", entry, refRoleNames)
	return RefAccess{Role: role}, err
}

// words is the options of a text-valued enum, whose spelling is also its value.
func words(names ...string) []option[string] {
	opts := make([]option[string], len(names))
	for i, n := range names {
		opts[i] = option[string]{n, n}
	}
	return opts
}

// visibilityRank orders visibilities, so that nothing is more visible than its parent.
func visibilityRank(v string) int {
	switch v {
	case "public":
		return 2
	case "internal":
		return 1
	}
	return 0
}
