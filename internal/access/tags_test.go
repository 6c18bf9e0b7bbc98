package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const (
	textChangeExistingTag = "You are not allowed to change existing tags on this project."
	textProhibitedTag     = "You cannot create a tag with a prohibited pattern."
	textCreateProtTag     = "You are not allowed to create this tag as it is protected."
	textDeleteProtTag     = "You are not allowed to delete protected tags from this project. Only a project maintainer or owner can delete a protected tag."
)

// One case per row of TagCheck (docs/gitlab-rules.md §1.5), in its order, failing and passing.
func TestCheck_TagChecks(t *testing.T) {
	tag := func(old, new, name string) func(*Facts) { return pushing(line(old, new, "refs/tags/"+name)) }
	maintainer := func(f *Facts) { f.Container.AccessLevel = roleMaintainer }
	protectTag := func(name string, rules ...AccessRule) func(*Facts) {
		return func(f *Facts) { f.ProtectedTags = append(f.ProtectedTags, ProtectedTag{Name: name, Create: rules}) }
	}
	// A user without push access never gets past PushCheck. A write deploy key does, and its
	// creator's abilities are the ones TagCheck asks about.
	deployKeyOfReporter := func(f *Facts) {
		asDeployKey(true)(f)
		f.Container.AccessLevel = roleReporter
	}

	cases := []struct {
		name   string
		change []func(*Facts)
		want   Decision
	}{
		// 1
		{"moving an existing tag needs push access", fs(tag(oldRev, newRev, "v1"), deployKeyOfReporter), refused(401, textChangeExistingTag)},
		{"deleting an existing tag needs push access", fs(tag(oldRev, zero, "v1"), deployKeyOfReporter), refused(401, textChangeExistingTag)},
		{"creating a tag does not", fs(tag(zero, newRev, "v1"), deployKeyOfReporter), allowed()},
		{"developers move unprotected tags", fs(tag(oldRev, newRev, "v1")), allowed()},
		// 2
		{"a new tag cannot take the default branch's name", fs(tag(zero, newRev, "main")), refused(401, "You cannot use default branch name to create a tag")},
		{"an existing tag named like the default branch may be deleted", fs(tag(oldRev, zero, "main")), allowed()},
		// 3
		{"an invalid tag name is prohibited", fs(tag(zero, newRev, "v1..2")), refused(401, textProhibitedTag)},
		{"a fully qualified tag name is prohibited", fs(tag(zero, newRev, "refs/tags/v1")), refused(401, textProhibitedTag)},
		{"an invalid tag name may be deleted", fs(tag(oldRev, zero, "v1..2")), allowed()},
		// 4
		{"a tag named like a commit is refused", fs(tag(zero, newRev, hex40)), refused(401, "You cannot create a tag with a SHA-1 or SHA-256 tag name.")},
		{"the prohibited pattern is reported before the commit-like name", fs(tag(zero, newRev, hex40+".lock")), refused(401, textProhibitedTag)},
		// 5
		{"a protected tag never moves", fs(tag(oldRev, newRev, "v1"), maintainer, protectTag("v*", AccessRule{Role: RoleMaintainer})), refused(401, "Protected tags cannot be updated.")},
		// 6
		{"a developer cannot delete a protected tag", fs(tag(oldRev, zero, "v1"), web, protectTag("v*", AccessRule{Role: RoleDeveloper})), refused(401, textDeleteProtTag)},
		// 7
		{"a maintainer deletes a protected tag only from the web", fs(tag(oldRev, zero, "v1"), maintainer, protectTag("v*", AccessRule{Role: RoleMaintainer})), refused(401, "You can only delete protected tags using the web interface.")},
		{"a maintainer deletes a protected tag from the web", fs(tag(oldRev, zero, "v1"), maintainer, web, protectTag("v*", AccessRule{Role: RoleMaintainer})), allowed()},
		{"deleting a protected tag from the web also needs its create rule", fs(tag(oldRev, zero, "v1"), maintainer, web, protectTag("v*", AccessRule{Role: RoleNoOne})), refused(401, textCreateProtTag)},
		// 8
		{"a developer cannot create a maintainers' tag", fs(tag(zero, newRev, "v1"), protectTag("v*", AccessRule{Role: RoleMaintainer})), refused(401, textCreateProtTag)},
		{"a maintainer creates a maintainers' tag", fs(tag(zero, newRev, "v1"), maintainer, protectTag("v*", AccessRule{Role: RoleMaintainer})), allowed()},
		{"a developer creates a developers' tag", fs(tag(zero, newRev, "v1"), protectTag("v*", AccessRule{Role: RoleDeveloper})), allowed()},
		{"a user named on the tag creates it", fs(tag(zero, newRev, "v1"), protectTag("v1", AccessRule{UserID: 1})), allowed()},
		{"a tag with no create rule is created by nobody", fs(tag(zero, newRev, "v1"), maintainer, protectTag("v1")), refused(401, textCreateProtTag)},
		{"a write deploy key creates any protected tag", fs(tag(zero, newRev, "v1"), asDeployKey(true), protectTag("v*", AccessRule{Role: RoleNoOne})), allowed()},
		{"an unprotected tag is created freely", fs(tag(zero, newRev, "v1"), protectTag("release-*", AccessRule{Role: RoleNoOne})), allowed()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, &fakeObjects{}, tc.change...))
		})
	}
}
