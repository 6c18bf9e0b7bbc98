package access

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

const (
	textForcePush        = "You are not allowed to force push code to a protected branch on this project."
	textPushProtected    = "You are not allowed to push code to protected branches on this project."
	textCreateProtected  = "You are not allowed to create protected branches on this project."
	textProtectedBasis   = "You can only use an existing protected branch ref as the basis of a new protected branch."
	textCreateWebOnly    = "You can only create protected branches using the web interface and API."
	textDeleteProtected  = "You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch."
	textDeleteWebOnly    = "You can only delete protected branches using the web interface."
	textInvalidBranch    = "You cannot create a branch with an invalid name."
	textHexBranch        = "You cannot create a branch with a SHA-1 or SHA-256 branch name."
	textDeleteDefault    = "The default branch of a project cannot be deleted."
	textEmptyRepoNoAdmin = "\nA default branch (e.g. main) does not yet exist for acme/app\nAsk a project Owner or Maintainer to create a default branch:\n\n  https://gitlab.example.com/acme/app/-/project_members\n\n"
)

var hex40 = strings.Repeat("a1", 20)

// One case per row of BranchCheck (docs/gitlab-rules.md §1.5), in its order, failing and passing.
func TestCheck_BranchChecks(t *testing.T) {
	maintainer := func(f *Facts) { f.Container.AccessLevel = roleMaintainer }
	protectedFor := func(push, merge int) func(*Facts) {
		return func(f *Facts) {
			f.ProtectedBranches = []ProtectedBranch{{Name: "main", Push: []AccessRule{{Role: push}}, Merge: []AccessRule{{Role: merge}}}}
		}
	}
	update := pushing(line(oldRev, newRev, "refs/heads/main"))
	create := pushing(line(zero, newRev, "refs/heads/main"))
	deletion := pushing(line(oldRev, zero, "refs/heads/main"))

	cases := []struct {
		name    string
		objects *fakeObjects
		change  []func(*Facts)
		want    Decision
	}{
		// 1
		{"the default branch cannot be deleted", &fakeObjects{}, fs(deletion), refused(401, textDeleteDefault)},
		{"the default branch cannot be deleted even by its maintainer from the web", &fakeObjects{}, fs(deletion, maintainer, web), refused(401, textDeleteDefault)},
		{"another branch can be deleted", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/topic"))), allowed()},
		// 2, 3
		{"a branch named like a commit is refused", &fakeObjects{}, fs(pushing(line(zero, newRev, "refs/heads/"+hex40+"-x"))), refused(401, textHexBranch)},
		{"a branch named like a commit in capitals is refused", &fakeObjects{}, fs(pushing(line(zero, newRev, "refs/heads/"+strings.ToUpper(hex40)))), refused(401, textHexBranch)},
		{"the commit-like name is reported before an invalid one", &fakeObjects{}, fs(pushing(line(zero, newRev, "refs/heads/"+hex40+".lock"))), refused(401, textHexBranch)},
		{"a branch named like a commit may be deleted", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/"+hex40))), allowed()},
		{"a 39-digit name is not commit-like", &fakeObjects{}, fs(pushing(line(zero, newRev, "refs/heads/"+hex40[:39]))), allowed()},
		{"an invalid branch name is refused", &fakeObjects{}, fs(pushing(line(zero, newRev, "refs/heads/a..b"))), refused(401, textInvalidBranch)},
		{"an invalid branch may be deleted", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/a..b"))), allowed()},
		{"a branch that is not protected takes any push", &fakeObjects{notAncestor: true}, fs(update), allowed()},
		// 4
		{"force push to a protected branch is refused", &fakeObjects{notAncestor: true}, fs(update, protectedFor(RoleDeveloper, RoleDeveloper)), refused(401, textForcePush)},
		{"force push is refused to maintainers too", &fakeObjects{notAncestor: true}, fs(update, maintainer, protectedFor(RoleDeveloper, RoleDeveloper)), refused(401, textForcePush)},
		{"force push is allowed where the protection allows it", &fakeObjects{notAncestor: true}, fs(update, protectedFor(RoleDeveloper, RoleDeveloper), func(f *Facts) {
			f.ProtectedBranches = append(f.ProtectedBranches, ProtectedBranch{Name: "ma*", AllowForcePush: true})
		}), allowed()},
		{"fast-forward to a protected branch passes", &fakeObjects{}, fs(update, protectedFor(RoleDeveloper, RoleDeveloper)), allowed()},
		{"a push into an empty repository is never a force push", &fakeObjects{empty: true, notAncestor: true}, fs(update, maintainer, protectedFor(RoleDeveloper, RoleDeveloper)), allowed()},
		// 5a
		{"developer cannot create a maintainers' branch in an empty repository", &fakeObjects{empty: true}, fs(create, protectedFor(RoleMaintainer, RoleMaintainer)), refused(401, textEmptyRepoNoAdmin)},
		{"maintainer creates any protected branch in an empty repository", &fakeObjects{empty: true}, fs(create, maintainer, protectedFor(RoleNoOne, RoleNoOne)), allowed()},
		{"admin creates any protected branch in an empty repository", &fakeObjects{empty: true}, fs(create, nonMember, admin, protectedFor(RoleNoOne, RoleNoOne)), allowed()},
		// 5b
		{"who may push to a protected branch may create it", &fakeObjects{}, fs(create, protectedFor(RoleDeveloper, RoleMaintainer)), allowed()},
		{"who may neither push nor merge cannot create it", &fakeObjects{}, fs(create, protectedFor(RoleMaintainer, RoleMaintainer)), refused(401, textCreateProtected)},
		{"who may merge must base it on a protected branch", &fakeObjects{containing: []string{"topic"}}, fs(create, web, protectedFor(RoleMaintainer, RoleDeveloper)), refused(401, textProtectedBasis)},
		{"who may merge must create it from the web", &fakeObjects{containing: []string{"main"}}, fs(create, protectedFor(RoleMaintainer, RoleDeveloper)), refused(401, textCreateWebOnly)},
		{"who may merge creates it from the web on a protected basis", &fakeObjects{containing: []string{"main"}}, fs(create, web, protectedFor(RoleMaintainer, RoleDeveloper)), allowed()},
		// 5c
		{"developer cannot delete a protected branch", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/stable")), protect("stable", RoleDeveloper)), refused(401, textDeleteProtected)},
		{"maintainer deletes a protected branch only from the web", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/stable")), maintainer, protect("stable", RoleDeveloper)), refused(401, textDeleteWebOnly)},
		{"maintainer deletes a protected branch from the web", &fakeObjects{}, fs(pushing(line(oldRev, zero, "refs/heads/stable")), maintainer, web, protect("stable", RoleNoOne)), allowed()},
		// 5d
		{"developer cannot push to a maintainers' branch", &fakeObjects{}, fs(update, protectedFor(RoleMaintainer, RoleMaintainer)), refused(401, textPushProtected)},
		{"maintainer pushes to a maintainers' branch", &fakeObjects{}, fs(update, maintainer, protectedFor(RoleMaintainer, RoleMaintainer)), allowed()},
		{"nobody pushes to a no-one branch", &fakeObjects{}, fs(update, maintainer, admin, protectedFor(RoleNoOne, RoleNoOne)), refused(401, textPushProtected)},
		{"admins push to an admins-only branch", &fakeObjects{}, fs(update, nonMember, admin, protectedFor(RoleAdmin, RoleAdmin)), allowed()},
		{"maintainers do not push to an admins-only branch", &fakeObjects{}, fs(update, maintainer, protectedFor(RoleAdmin, RoleAdmin)), refused(401, textPushProtected)},
		{"an admin who is no maintainer is bound by a maintainers' branch", &fakeObjects{}, fs(update, nonMember, admin, protectedFor(RoleMaintainer, RoleMaintainer)), refused(401, textPushProtected)},
		{"a user named on the branch pushes", &fakeObjects{}, fs(update, protectedBy("main", AccessRule{UserID: 1})), allowed()},
		{"a user named on the branch must be a member", &fakeObjects{}, fs(update, nonMember, admin, protectedBy("main", AccessRule{UserID: 1})), refused(401, textPushProtected)},
		{"a deploy key named on the branch does not admit a user", &fakeObjects{}, fs(update, protectedBy("main", AccessRule{DeployKeyID: 31})), refused(401, textPushProtected)},
		{"another user named on the branch does not help", &fakeObjects{}, fs(update, protectedBy("main", AccessRule{UserID: 2})), refused(401, textPushProtected)},
		{"any matching rule may grant the push", &fakeObjects{}, fs(update, protectedFor(RoleMaintainer, RoleMaintainer), protect("*", RoleDeveloper)), allowed()},
		{"a wildcard protects nested names", &fakeObjects{}, fs(pushing(line(oldRev, newRev, "refs/heads/release/1.0/fix")), protect("release/*", RoleMaintainer)), refused(401, textPushProtected)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, tc.objects, tc.change...))
		})
	}
}

func TestCheck_DeployKeysOnProtectedBranches(t *testing.T) {
	update := pushing(line(oldRev, newRev, "refs/heads/main"))
	listed := protectedBy("main", AccessRule{DeployKeyID: 31})
	cases := []struct {
		name   string
		change []func(*Facts)
		want   Decision
	}{
		{"write key pushes to a branch that is not protected", fs(update, asDeployKey(true)), allowed()},
		{"write key pushes to a protected branch that lists it", fs(update, asDeployKey(true), listed), allowed()},
		{"write key cannot push to a protected branch that does not list it", fs(update, asDeployKey(true), protectMain(RoleDeveloper)), refused(401, textPushProtected)},
		{"another key listed on the branch does not help", fs(update, asDeployKey(true), protectedBy("main", AccessRule{DeployKeyID: 32})), refused(401, textPushProtected)},
		{"read-only key listed on the branch cannot push", fs(update, asDeployKey(false), listed), refused(401, "This deploy key does not have write access to this project.")},
		{"a catch-all rule keeps an unlisted key from every ref", fs(update, asDeployKey(true), protect("*", RoleMaintainer)), refused(401, textPushCode)},
		{"write key of a blocked creator cannot push changes", fs(update, asDeployKey(true), func(f *Facts) { f.Actor.User.State = "blocked" }), refused(401, textPushCode)},
		{"write key of a creator who cannot read the project cannot push changes", fs(update, asDeployKey(true), nonMember), refused(401, textPushCode)},
		{"write key without a creator cannot push changes", fs(update, asDeployKey(true), func(f *Facts) { f.Actor.User = nil }), refused(401, textPushCode)},
		{"write key of a blocked creator still opens a push", fs(pushing(), asDeployKey(true), func(f *Facts) { f.Actor.User.State = "blocked" }), allowed()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, &fakeObjects{}, tc.change...))
		})
	}
}

func TestCheck_WithoutObjects(t *testing.T) {
	t.Run("an update counts as a fast-forward", func(t *testing.T) {
		d := decide(t, nil, pushing(line(oldRev, newRev, "refs/heads/main")), protectMain(RoleDeveloper))
		assert.Equal(t, allowed(), d)
	})
	t.Run("a new protected branch counts as based on a protected ref", func(t *testing.T) {
		d := decide(t, nil, pushing(line(zero, newRev, "refs/heads/main")), web,
			protectedBy("main", AccessRule{Role: RoleMaintainer}), func(f *Facts) {
				f.ProtectedBranches[0].Merge = []AccessRule{{Role: RoleDeveloper}}
			})
		assert.Equal(t, allowed(), d)
	})
	t.Run("the repository counts as non-empty", func(t *testing.T) {
		d := decide(t, nil, pushing(line(zero, newRev, "refs/heads/main")), protectMain(RoleMaintainer))
		assert.Equal(t, refused(401, textCreateProtected), d)
	})
	t.Run("every other check still applies", func(t *testing.T) {
		d := decide(t, nil, pushing(line(oldRev, zero, "refs/heads/main")))
		assert.Equal(t, refused(401, textDeleteDefault), d)
	})
}

func TestCheck_ObjectsAreAskedOnlyWhenNeeded(t *testing.T) {
	objects := &fakeObjects{notAncestor: true}
	d := decide(t, objects,
		pushing(line(oldRev, newRev, "refs/heads/topic"), line(zero, newRev, "refs/heads/main"), line(oldRev, zero, "refs/heads/stable")),
		protectMain(RoleDeveloper), protect("stable", RoleDeveloper))
	assert.Equal(t, refused(401, textDeleteProtected), d)
	assert.Zero(t, objects.ancestorAsks, "no update of a protected branch, so no ancestry question")
}

func admin(f *Facts) { f.Actor.User.Admin = true }

// protect adds a rule for name whose push and merge lists hold role.
func protect(name string, role int) func(*Facts) {
	return protectedBy(name, AccessRule{Role: role})
}

// protectedBy adds a rule for name whose push and merge lists hold rule.
func protectedBy(name string, rule AccessRule) func(*Facts) {
	return func(f *Facts) {
		f.ProtectedBranches = append(f.ProtectedBranches, ProtectedBranch{Name: name, Push: []AccessRule{rule}, Merge: []AccessRule{rule}})
	}
}
