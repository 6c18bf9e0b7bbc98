package access

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// outcome is a decision as the matrix states it.
type outcome struct {
	label string
	want  Decision
}

var (
	passes         = outcome{"passes", allowed()}
	isNotFound     = outcome{"is not found", refused(404, textProjectNotFound)}
	downloadDenied = outcome{"is refused download", refused(401, textDownload)}
	pushDenied     = outcome{"is refused push", refused(401, textPushCode)}
	uploadDenied   = outcome{"is refused upload", refused(401, textUpload)}
	keyNoWrite     = outcome{"is refused: read-only deploy key", refused(401, "This deploy key does not have write access to this project.")}
	blockedUser    = outcome{"is refused: blocked", refused(401, "Your account has been blocked.")}
	deactivated    = outcome{"is refused: deactivated", refused(401, "Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at https://gitlab.example.com")}
	expiredKey     = outcome{"is refused: expired key", refused(401, "Your SSH key has expired.")}
	archivedPush   = outcome{"is refused: archived", refused(401, "You can't push code to an archived project.")}
)

// verdicts per visibility: public, internal, private.
type verdicts [3]outcome

var visibilities = [3]string{"public", "internal", "private"}

func all(o outcome) verdicts { return verdicts{o, o, o} }

// The access matrix of docs/gitlab-rules.md §1.9: who may pull (git-upload-pack) and open a push
// (git-receive-pack with "_any") on public, internal and private projects.
func TestCheck_AccessMatrix(t *testing.T) {
	level := func(l int) func(*Facts) { return func(f *Facts) { f.Container.AccessLevel = l } }
	external := func(f *Facts) { f.Actor.User.External = true }

	actors := []struct {
		name       string
		setup      []func(*Facts)
		pull, push verdicts
	}{
		{"anonymous", fs(anonymous), verdicts{passes, isNotFound, isNotFound}, verdicts{uploadDenied, isNotFound, isNotFound}},
		{"non-member", fs(level(0)), verdicts{passes, passes, isNotFound}, verdicts{pushDenied, pushDenied, isNotFound}},
		{"minimal-access member", fs(level(5)), verdicts{passes, passes, isNotFound}, verdicts{pushDenied, pushDenied, isNotFound}},
		{"external non-member", fs(level(0), external), verdicts{passes, isNotFound, isNotFound}, verdicts{pushDenied, isNotFound, isNotFound}},
		{"external guest", fs(level(roleGuest), external), verdicts{passes, downloadDenied, downloadDenied}, all(pushDenied)},
		{"guest", fs(level(roleGuest)), verdicts{passes, passes, downloadDenied}, all(pushDenied)},
		{"planner", fs(level(rolePlanner)), verdicts{passes, passes, downloadDenied}, all(pushDenied)},
		{"reporter", fs(level(roleReporter)), all(passes), all(pushDenied)},
		{"developer", fs(level(roleDeveloper)), all(passes), all(passes)},
		{"maintainer", fs(level(roleMaintainer)), all(passes), all(passes)},
		{"owner", fs(level(roleOwner)), all(passes), all(passes)},
		{"admin who is no member", fs(level(0), admin), all(passes), all(passes)},
		{"external admin", fs(level(0), admin, external), all(passes), all(passes)},
		{"blocked developer", fs(func(f *Facts) { f.Actor.User.State = "blocked" }), all(blockedUser), all(blockedUser)},
		{"deactivated developer", fs(func(f *Facts) { f.Actor.User.State = "deactivated" }), all(deactivated), all(deactivated)},
		{"developer with an expired key", fs(func(f *Facts) { f.Actor.Key.Expired = true }), all(expiredKey), all(expiredKey)},
		{"developer of an archived project", fs(archived), all(passes), all(archivedPush)},
		{"linked read-only deploy key", fs(asDeployKey(false)), all(passes), all(keyNoWrite)},
		{"linked write deploy key", fs(asDeployKey(true)), all(passes), all(passes)},
		{"unlinked deploy key", fs(asDeployKey(true), unlinked), verdicts{passes, isNotFound, isNotFound}, verdicts{keyNoWrite, isNotFound, isNotFound}},
		{"unlinked deploy key of a maintainer", fs(asDeployKey(true), unlinked, level(roleMaintainer)), verdicts{passes, isNotFound, isNotFound}, verdicts{keyNoWrite, isNotFound, isNotFound}},
	}
	for _, a := range actors {
		for i, visibility := range visibilities {
			for _, action := range []struct {
				verb   string
				setup  func(*Facts)
				expect outcome
			}{{"pulling", func(*Facts) {}, a.pull[i]}, {"pushing", pushing(), a.push[i]}} {
				name := fmt.Sprintf("%s %s a %s project %s", a.name, action.verb, visibility, action.expect.label)
				t.Run(name, func(t *testing.T) {
					setVisibility := func(f *Facts) { f.Container.Visibility = visibility }
					d := decide(t, nil, append(fs(setVisibility, action.setup), a.setup...)...)
					assert.Equal(t, action.expect.want, d)
				})
			}
		}
	}
}

// Repository feature levels on a public project: 0 disabled, 10 members only, 20 everyone with
// access (30, "public", reads like 20).
func TestCheck_RepositoryFeatureLevels(t *testing.T) {
	feature := func(l int) func(*Facts) { return func(f *Facts) { f.Container.RepositoryAccessLevel = l } }
	level := func(l int) func(*Facts) { return func(f *Facts) { f.Container.AccessLevel = l } }
	cases := []struct {
		name   string
		change []func(*Facts)
		want   outcome
	}{
		{"disabled repository refuses anonymous downloads", fs(feature(0), anonymous), downloadDenied},
		{"disabled repository refuses developers' downloads", fs(feature(0)), downloadDenied},
		{"disabled repository refuses admins' downloads", fs(feature(0), admin), downloadDenied},
		{"disabled repository refuses developers' pushes", fs(feature(0), pushing()), pushDenied},
		{"disabled repository refuses deploy key downloads", fs(feature(0), asDeployKey(true)), downloadDenied},
		{"disabled repository still takes a write deploy key's push", fs(feature(0), asDeployKey(true), pushing()), passes},
		{"members-only repository refuses anonymous downloads", fs(feature(10), anonymous), downloadDenied},
		{"members-only repository refuses non-members' downloads", fs(feature(10), level(0)), downloadDenied},
		{"members-only repository serves guests", fs(feature(10), level(roleGuest)), passes},
		{"members-only repository serves admins who are no members", fs(feature(10), level(0), admin), passes},
		{"members-only repository serves linked deploy keys", fs(feature(10), asDeployKey(false), level(0)), passes},
		{"everyone-with-access repository serves anonymous downloads", fs(feature(20), anonymous), passes},
		{"public repository level serves anonymous downloads", fs(feature(30), anonymous), passes},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want.want, decide(t, nil, append(fs(public), tc.change...)...))
		})
	}
}

func TestCheck_WikiAccess(t *testing.T) {
	wikiFeature := func(l int) func(*Facts) { return func(f *Facts) { f.Container.WikiAccessLevel = l } }
	level := func(l int) func(*Facts) { return func(f *Facts) { f.Container.AccessLevel = l } }
	wikiDownload := refused(401, "You are not allowed to download files from this wiki.")
	wikiWrite := refused(401, "You are not allowed to write to this project's wiki.")
	cases := []struct {
		name   string
		change []func(*Facts)
		want   Decision
	}{
		{"planner pulls a private project's wiki", fs(wiki, level(rolePlanner)), allowed()},
		{"planner writes a private project's wiki", fs(wiki, level(rolePlanner), pushing()), allowed()},
		{"guest cannot pull a private project's wiki", fs(wiki, level(roleGuest)), wikiDownload},
		{"reporter cannot write a wiki", fs(wiki, level(roleReporter), pushing()), wikiWrite},
		{"disabled wiki refuses developers", fs(wiki, wikiFeature(0)), wikiDownload},
		{"disabled wiki refuses developers' writes", fs(wiki, wikiFeature(0), pushing()), wikiWrite},
		{"disabled wiki refuses deploy keys", fs(wiki, wikiFeature(0), asDeployKey(true)), wikiDownload},
		{"disabled repository leaves the wiki alone", fs(wiki, func(f *Facts) { f.Container.RepositoryAccessLevel = 0 }), allowed()},
		{"anonymous pulls a public project's wiki", fs(wiki, public, anonymous), allowed()},
		{"members-only wiki refuses anonymous pulls", fs(wiki, public, anonymous, wikiFeature(10)), wikiDownload},
		{"write deploy key writes a wiki its creator may write", fs(wiki, asDeployKey(true), pushing()), allowed()},
		{"write deploy key cannot write a wiki its creator may not", fs(wiki, asDeployKey(true), level(roleReporter), pushing()), wikiWrite},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, nil, tc.change...))
		})
	}
}
