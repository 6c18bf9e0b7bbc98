package access

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	textProjectNotFound = "The project you were looking for could not be found or you don't have permission to view it."
	textDownload        = "You are not allowed to download code from this project."
	textPushCode        = "You are not allowed to push code to this project."
	textUpload          = "You are not allowed to upload code for this project."
)

// One case per row of docs/gitlab-rules.md §1.3, each failing and passing its check.
func TestCheck_EachDecisionRowFailsAndPasses(t *testing.T) {
	cases := []struct {
		name   string
		change []func(*Facts)
		want   Decision
	}{
		// E1
		{"maintenance mode refuses pushes", fs(pushing(), func(f *Facts) { f.Settings.MaintenanceMode = true }),
			refused(401, "Git push is not allowed because this GitLab instance is currently in (read-only) maintenance mode.")},
		{"maintenance mode still serves pulls", fs(func(f *Facts) { f.Settings.MaintenanceMode = true }), allowed()},
		// E4
		{"2FA user's own key needs an OTP session over SSH", fs(twoFactorForCLI),
			refused(401, "OTP verification is required to access the repository.\n\n   Use: ssh git@gitlab.example.com 2fa_verify")},
		{"OTP hint names a non-standard SSH port", fs(twoFactorForCLI, func(f *Facts) { f.Settings.SSHPort = 2222 }),
			refused(401, "OTP verification is required to access the repository.\n\n   Use: ssh git@gitlab.example.com -p 2222 2fa_verify")},
		{"2FA user's key passes within an OTP session", fs(twoFactorForCLI, func(f *Facts) { f.Actor.OTPSessionValid = true }), allowed()},
		{"OTP session is not asked over HTTP", fs(twoFactorForCLI, func(f *Facts) { f.Request.Protocol = "http" }), allowed()},
		{"OTP session is not asked of a user named without a key", fs(twoFactorForCLI, func(f *Facts) { f.Actor.Key = nil }), allowed()},
		{"OTP session is not asked when 2FA for CLI is off", fs(twoFactorForCLI, func(f *Facts) { f.Settings.TwoFactorForCLI = false }), allowed()},
		// 1
		{"SSH-only instance refuses HTTP", fs(func(f *Facts) { f.Request.Protocol = "http"; f.Settings.GitAccessProtocol = "ssh" }),
			refused(401, "Git access over HTTP is not allowed")},
		{"HTTP-only root namespace refuses SSH", fs(func(f *Facts) { f.Container.RootGitAccessProtocol = "http" }),
			refused(401, "Git access over SSH is not allowed")},
		{"web is allowed whatever the settings", fs(func(f *Facts) {
			f.Request.Protocol = "web"
			f.Settings.GitAccessProtocol = "ssh"
			f.Container.RootGitAccessProtocol = "ssh"
		}), allowed()},
		{"SSH passes an SSH-only instance", fs(func(f *Facts) { f.Settings.GitAccessProtocol = "ssh" }), allowed()},
		// 2
		{"expired key is refused", fs(func(f *Facts) { f.Actor.Key.Expired = true }), refused(401, "Your SSH key has expired.")},
		{"key expiring soon passes with a console message", fs(func(f *Facts) { f.Actor.Key.ExpiresSoon = true }),
			Decision{Status: 200, ConsoleMessages: []string{"INFO: Your SSH key is expiring soon. Please generate a new key."}}},
		// 3 (every reason in TestCheck_UserDeniedMessagesInGitLabsOrder)
		{"blocked user is refused", fs(func(f *Facts) { f.Actor.User.State = "blocked" }), refused(401, "Your account has been blocked.")},
		{"deploy key of a blocked creator still pulls", fs(asDeployKey(false), func(f *Facts) { f.Actor.User.State = "blocked" }), allowed()},
		// 6
		{"unknown command is refused", fs(func(f *Facts) { f.Request.Action = "git-lfs-transfer" }),
			refused(401, "The command you're trying to execute is not allowed.")},
		{"upload-archive is a known command", fs(func(f *Facts) { f.Request.Action = ActionUploadArchive }), allowed()},
		// 7
		{"Geo secondary forwards an SSH push to the primary, before its read-only check", fs(pushing(), geoSecondary), proxied()},
		{"Geo secondary forwards a push to a project it does not know", fs(pushing(), geoSecondary, projectMissing("alice/new")), proxied()},
		{"Geo secondary forwards a deploy key's push", fs(pushing(), geoSecondary, asDeployKey(false)), proxied()},
		{"Geo secondary cannot name an anonymous pusher to the primary", fs(pushing(), geoSecondary, func(f *Facts) { f.Actor = Actor{} }),
			refused(401, "Unknown type of actor")},
		{"Geo secondary serves pulls itself", fs(geoSecondary), allowed()},
		{"Geo secondary refuses HTTP pushes as read-only", fs(pushing(), geoSecondary, func(f *Facts) { f.Request.Protocol = "http" }),
			refused(401, "You can't push code to a read-only GitLab instance.")},
		// 8
		{"read-only instance refuses pushes", fs(pushing(), func(f *Facts) { f.Settings.ReadOnly = true }),
			refused(401, "You can't push code to a read-only GitLab instance.")},
		{"read-only instance still serves pulls", fs(func(f *Facts) { f.Settings.ReadOnly = true }), allowed()},
		// 9
		{"path without a namespace is refused", fs(projectMissing("app")),
			refused(404, "The namespace you were looking for could not be found.")},
		{"path under a reserved top-level route is refused", fs(projectMissing("admin/app")),
			refused(404, "The namespace you were looking for could not be found.")},
		{"gl_repository of a vanished project is refused like a bad path", fs(projectMissing("")),
			refused(404, "The namespace you were looking for could not be found.")},
		{"well-formed path to a missing project gets past the namespace", fs(projectMissing("nobody/app")),
			refused(404, textProjectNotFound)},
		// 10
		{"push to a missing project in a namespace the user may create in creates it",
			fs(pushing(), projectMissing("alice/new"), mayCreate), Decision{CreateProject: true}},
		{"pull of a missing project creates nothing", fs(projectMissing("alice/new"), mayCreate), refused(404, textProjectNotFound)},
		{"push with real changes creates nothing", fs(pushing(line(zero, newRev, "refs/heads/main")), projectMissing("alice/new"), mayCreate),
			refused(404, textProjectNotFound)},
		{"deploy key creates nothing", fs(pushing(), projectMissing("alice/new"), mayCreate, asDeployKey(true), unlinked),
			refused(404, textProjectNotFound)},
		{"namespace without create permission creates nothing", fs(pushing(), projectMissing("acme/new"), func(f *Facts) {
			f.Container.NamespaceFound = true
		}), refused(404, textProjectNotFound)},
		{"anonymous push creates nothing", fs(pushing(), projectMissing("alice/new"), mayCreate, anonymous),
			refused(404, textProjectNotFound)},
		// 11
		{"missing project is not found", fs(projectMissing("acme/gone")), refused(404, textProjectNotFound)},
		{"missing wiki is not found", fs(wiki, projectMissing("acme/gone")), refused(404, "The wiki you were looking for could not be found.")},
		// 12
		{"unreadable project looks missing", fs(nonMember), refused(404, textProjectNotFound)},
		{"unreadable project's wiki looks missing", fs(wiki, nonMember), refused(404, "The wiki you were looking for could not be found.")},
		{"public project is readable by non-members", fs(nonMember, public), allowed()},
		// 14
		{"project without a repository is refused", fs(func(f *Facts) { f.Container.RepositoryExists = false }),
			refused(404, "A repository for this project does not exist yet.")},
		{"wiki without a repository is refused", fs(wiki, func(f *Facts) { f.Container.RepositoryExists = false }),
			refused(404, "A repository for this wiki does not exist yet.")},
		// 15a
		{"member without download access is refused", fs(func(f *Facts) { f.Container.AccessLevel = roleGuest }), refused(401, textDownload)},
		{"wiki download without access is refused", fs(wiki, func(f *Facts) { f.Container.AccessLevel = roleGuest }),
			refused(401, "You are not allowed to download files from this wiki.")},
		// 15b
		{"repository being moved takes no pushes", fs(pushing(), func(f *Facts) { f.Container.RepositoryReadOnly = true }),
			refused(401, "The repository is temporarily read-only. Please try again later.")},
		{"wiki of a repository being moved takes no pushes (GitLab's wording)", fs(wiki, pushing(), func(f *Facts) { f.Container.RepositoryReadOnly = true }),
			refused(401, "You can't push code to a read-only GitLab instance.")},
		{"archived project takes no pushes", fs(pushing(), archived), refused(401, "You can't push code to an archived project.")},
		{"archived project still serves pulls", fs(archived), allowed()},
		{"deploy key without write access cannot push", fs(pushing(), asDeployKey(false)),
			refused(401, "This deploy key does not have write access to this project.")},
		{"deploy key with write access pushes", fs(pushing(), asDeployKey(true)), allowed()},
		{"anonymous cannot push to a public project", fs(pushing(), anonymous, public), refused(401, textUpload)},
		{"member without push access cannot push", fs(pushing(), func(f *Facts) { f.Container.AccessLevel = roleReporter }), refused(401, textPushCode)},
		{"developer pushes", fs(pushing()), allowed()},
		{"wiki push without write access is refused", fs(wiki, pushing(), func(f *Facts) { f.Container.AccessLevel = roleReporter }),
			refused(401, "You are not allowed to write to this project's wiki.")},
		{"wiki push takes any change from a writer", fs(wiki, pushing(line(oldRev, newRev, "refs/heads/main")), protectMain(RoleNoOne)), allowed()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, nil, tc.change...))
		})
	}
}

// Every check fails at first; each fix uncovers the next check in GitLab's order.
func TestCheck_ChecksRunInGitLabsOrder(t *testing.T) {
	f := baseFacts()
	pushing()(&f)
	f.Settings.MaintenanceMode = true
	twoFactorForCLI(&f)
	f.Settings.GitAccessProtocol = "http"
	f.Actor.Key.Expired = true
	f.Actor.User.State = "blocked"
	f.Request.Action = "git-annex"
	f.Settings.ReadOnly = true
	f.Container = Container{}
	f.Request.RequestedPath = "app"

	steps := []struct {
		want string
		fix  func()
	}{
		{"OTP verification is required to access the repository.\n\n   Use: ssh git@gitlab.example.com 2fa_verify", func() { f.Actor.OTPSessionValid = true }},
		{"Git access over SSH is not allowed", func() { f.Settings.GitAccessProtocol = "" }},
		{"Your SSH key has expired.", func() { f.Actor.Key.Expired = false }},
		{"Your account has been blocked.", func() { f.Actor.User.State = "active" }},
		{"The command you're trying to execute is not allowed.", func() { f.Request.Action = ActionReceivePack }},
		{"Git push is not allowed because this GitLab instance is currently in (read-only) maintenance mode.", func() { f.Settings.MaintenanceMode = false }},
		{"You can't push code to a read-only GitLab instance.", func() { f.Settings.ReadOnly = false }},
		{"The namespace you were looking for could not be found.", func() { f.Request.RequestedPath = "acme/app" }},
		{textProjectNotFound, func() { f.Container = baseFacts().Container; f.Container.AccessLevel = 0 }},
		{textProjectNotFound, func() { f.Container.AccessLevel = roleReporter; f.Container.RepositoryExists = false }},
		{"A repository for this project does not exist yet.", func() { f.Container.RepositoryExists = true }},
		{textPushCode, func() { f.Container.AccessLevel = roleDeveloper }},
	}
	for _, step := range steps {
		d, err := Check(t.Context(), f, nil)
		require.NoError(t, err)
		require.Equal(t, step.want, d.Message)
		step.fix()
	}
	d, err := Check(t.Context(), f, nil)
	require.NoError(t, err)
	assert.Equal(t, allowed(), d)
}

func TestCheck_RepositoryKinds(t *testing.T) {
	t.Run("design repositories are written from the web only", func(t *testing.T) {
		assert.Equal(t, refused(401, "Designs are only accessible using the web interface"), decide(t, nil, design, pushing()))
	})
	t.Run("reporters manage designs from the web", func(t *testing.T) {
		d := decide(t, nil, design, pushing(), web, func(f *Facts) { f.Container.AccessLevel = roleReporter })
		assert.Equal(t, allowed(), d)
	})
	t.Run("guests do not manage designs", func(t *testing.T) {
		d := decide(t, nil, design, pushing(), web, func(f *Facts) { f.Container.AccessLevel = roleGuest })
		assert.Equal(t, refused(401, "You are not allowed to manage designs of this project"), d)
	})
	t.Run("designs of a missing project cannot be managed", func(t *testing.T) {
		d := decide(t, nil, design, pushing(), web, projectMissing("acme/gone"))
		assert.Equal(t, refused(401, "You are not allowed to manage designs of this project"), d)
	})
	t.Run("a missing snippet is not found before any other check", func(t *testing.T) {
		d := decide(t, nil, func(f *Facts) {
			f.Request.RepoType = RepoSnippet
			f.Container = Container{}
			f.Actor.Key.Expired = true
		})
		assert.Equal(t, refused(404, "The snippet you were looking for could not be found."), d)
	})
	for _, repoType := range []string{RepoSnippet, "", "group-wiki"} {
		t.Run("an unsupported repository "+repoType+" is an error", func(t *testing.T) {
			f := baseFacts()
			f.Request.RepoType = repoType
			_, err := Check(t.Context(), f, nil)
			assert.ErrorIs(t, err, ErrUnsupportedRepository)
		})
	}
}

func TestCheck_ObjectErrorsAreReturned(t *testing.T) {
	boom := errors.New("git failed")
	mergeOnly := protectedBy("main", AccessRule{Role: RoleMaintainer})
	developersMerge := func(f *Facts) { f.ProtectedBranches[0].Merge = []AccessRule{{Role: RoleDeveloper}} }
	cases := []struct {
		name    string
		objects *fakeObjects
		change  []func(*Facts)
	}{
		{"a failed emptiness check on an update", &fakeObjects{err: boom, errOn: "Empty"},
			fs(pushing(line(oldRev, newRev, "refs/heads/main")), protectMain(RoleDeveloper))},
		{"a failed emptiness check on a creation", &fakeObjects{err: boom, errOn: "Empty"},
			fs(pushing(line(zero, newRev, "refs/heads/main")), protectMain(RoleDeveloper))},
		{"a failed ancestry check", &fakeObjects{err: boom, errOn: "IsAncestor"},
			fs(pushing(line(oldRev, newRev, "refs/heads/main")), protectMain(RoleDeveloper))},
		{"a failed branch lookup", &fakeObjects{err: boom, errOn: "BranchesContaining"},
			fs(pushing(line(zero, newRev, "refs/heads/main")), mergeOnly, developersMerge)},
		{"a deadline met inside Objects", &fakeObjects{err: context.DeadlineExceeded},
			fs(pushing(line(oldRev, newRev, "refs/heads/main")), protectMain(RoleDeveloper))},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is an error, not a decision", func(t *testing.T) {
			f := baseFacts()
			for _, change := range tc.change {
				change(&f)
			}
			_, err := Check(t.Context(), f, tc.objects)
			assert.ErrorIs(t, err, tc.objects.err)
		})
	}
}

func fs(changes ...func(*Facts)) []func(*Facts) { return changes }

func twoFactorForCLI(f *Facts) {
	f.Settings.TwoFactorForCLI = true
	f.Actor.User.TwoFactorEnabled = true
}

// projectMissing: the request named path, and no container matched it.
func projectMissing(path string) func(*Facts) {
	return func(f *Facts) {
		f.Request.RequestedPath = path
		f.Container = Container{}
	}
}

func mayCreate(f *Facts) {
	f.Container.NamespaceFound = true
	f.Container.CanCreateInNamespace = true
}

func anonymous(f *Facts) { f.Actor = Actor{} }
func nonMember(f *Facts) { f.Container.AccessLevel = 0 }
func public(f *Facts)    { f.Container.Visibility = "public" }
func archived(f *Facts)  { f.Container.Archived = true }
func unlinked(f *Facts)  { f.Container.DeployKeyLinked = false; f.Container.DeployKeyCanPush = false }
func wiki(f *Facts)      { f.Request.RepoType = RepoWiki }
func design(f *Facts)    { f.Request.RepoType = RepoDesign }
func web(f *Facts)       { f.Request.Protocol = "web" }

// protectMain protects main with push and merge allowed to role.
func protectMain(role int) func(*Facts) {
	return func(f *Facts) {
		f.ProtectedBranches = append(f.ProtectedBranches, ProtectedBranch{
			Name: "main", Push: []AccessRule{{Role: role}}, Merge: []AccessRule{{Role: role}},
		})
	}
}
