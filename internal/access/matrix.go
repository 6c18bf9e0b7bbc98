package access

// Membership levels (GitLab's Gitlab::Access). Minimal access (5) gives nothing on a project.
const (
	roleGuest      = 10
	rolePlanner    = 15
	roleReporter   = 20
	roleDeveloper  = 30
	roleMaintainer = 40
	roleOwner      = 50
)

// Feature access levels of a project feature (repository, wiki).
const (
	featureDisabled = 0
	featurePrivate  = 10 // project members only
)

// Project visibilities.
const (
	visibilityPublic   = "public"
	visibilityInternal = "internal"
)

// policy is GitLab's ProjectPolicy for one user (nil: anonymous) on the project: the access
// matrix of docs/gitlab-rules.md §1.9. project.AccessLevel is that user's membership.
//
// Admins hold every role (GitLab's internal API runs in an admin-mode session), but a prevented
// ability stays prevented for them too: nobody downloads from a project whose repository
// feature is disabled.
type policy struct {
	user    *User
	project Container
}

func (p policy) admin() bool { return p.user != nil && p.user.Admin }

// membership is the user's own role on the project, without the admin bypass (GitLab's
// team.max_member_access): what protected-ref role rules compare against.
func (p policy) membership() int {
	if p.user == nil || p.project.AccessLevel < roleGuest {
		return 0
	}
	return p.project.AccessLevel
}

func (p policy) role(level int) bool { return p.admin() || p.membership() >= level }

// planner is the planner role exactly: it is not on the guest–owner ladder for code (planners
// read and write wikis and designs but cannot download a private repository). Owners and
// admins hold planner access too.
func (p policy) planner() bool {
	return p.membership() == rolePlanner || p.role(roleOwner)
}

// publicAccess is what the project's visibility grants without membership: public projects to
// everyone, internal projects to every signed-in user who is not external.
func (p policy) publicAccess() bool {
	switch p.project.Visibility {
	case visibilityPublic:
		return true
	case visibilityInternal:
		return p.user != nil && !p.user.External
	}
	return false
}

// featureAvailable is ProjectFeature#feature_available?: "members only" admits members of any
// role (and admins); "disabled" admits no one.
func (p policy) featureAvailable(level int) bool {
	switch level {
	case featureDisabled:
		return false
	case featurePrivate:
		return p.user != nil && (p.admin() || p.membership() >= roleGuest)
	}
	return true
}

func (p policy) readProject() bool { return p.role(roleGuest) || p.publicAccess() }

func (p policy) downloadCode() bool {
	return (p.role(roleReporter) || p.publicAccess()) && p.featureAvailable(p.project.RepositoryAccessLevel)
}

func (p policy) pushCode() bool {
	return p.role(roleDeveloper) && p.featureAvailable(p.project.RepositoryAccessLevel)
}

func (p policy) downloadWikiCode() bool {
	return (p.planner() || p.role(roleReporter) || p.publicAccess()) && p.featureAvailable(p.project.WikiAccessLevel)
}

func (p policy) createWiki() bool {
	return (p.planner() || p.role(roleDeveloper)) && p.featureAvailable(p.project.WikiAccessLevel)
}

// createDesign assumes design management is enabled (GitLab also requires LFS for it).
func (p policy) createDesign() bool {
	return p.project.Found && (p.planner() || p.role(roleReporter))
}

// adminTag is what lets a user move or delete existing tags: push access.
func (p policy) adminTag() bool { return p.pushCode() }

// maintainer covers push_to_delete_protected_branch, delete_protected_tag and admin_project.
func (p policy) maintainer() bool { return p.role(roleMaintainer) }

// AnonymousCanDownloadCode is whether anyone, signed in or not, may download a project's code
// (GitLab's Users::Anonymous.can?(:download_code, project)): kas lets an agent read such
// projects.
func AnonymousCanDownloadCode(visibility string, repositoryAccessLevel int) bool {
	return policy{project: Container{Found: true, Visibility: visibility, RepositoryAccessLevel: repositoryAccessLevel}}.downloadCode()
}
