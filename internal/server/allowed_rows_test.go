package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// rowsWorld is one world for the rows of docs/gitlab-rules.md §1.3, §1.4 and §1.5 over HTTP. In the
// private group acme: dev (developer, key 101, expired key 103), maint (maintainer, key 102),
// guest (key 104), reporter (key 105), a pending requester and one user per refusal of §1.4.
// acme/app (project 11) protects main for maintainers, release/* for no one to push (maintainers
// merge), "deploy" for the write deploy key, and tags v* for maintainers.
var rowsWorld = `
users:
  - {username: dev, email: dev@example.com, ssh_keys: [
      {id: 101, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBJnWkoNBDWlZzVb7Jcca1H8mQ/z4LC7cXZww3xgppSf rows1@test"},
      {id: 103, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF38SiI6TFIyx7RVv0rTYRvASmVIwhhhA13Nru3k8AZ/ rows3@test", expires_at: 2020-01-01T00:00:00Z}]}
  - {username: maint, email: maint@example.com, ssh_keys: [{id: 102, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHTOnsb5d43AW/QWXfaHC7He3VgxtEN6y7tLIXM3HDCc rows2@test"}]}
  - {username: guest, email: guest@example.com, ssh_keys: [{id: 104, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMmwa6SD67V95gAf8stsXPkWVDZaTBgVD22DEKdrTFym rows4@test"}]}
  - {username: reporter, email: reporter@example.com, ssh_keys: [{id: 105, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGhA1PiDNBUjynC2nibS16a9KaIEvQOooM+FZXjSbGoy rows5@test"}]}
  - {username: requester, email: requester@example.com}
  - {username: stranger, email: stranger@example.com}
  - {username: robot, email: robot@example.com, user_type: internal}
  - {username: waiting, email: waiting@example.com, state: blocked_pending_approval}
  - {username: noterms, email: noterms@example.com, terms_accepted: false}
  - {username: gone, email: gone@example.com, state: deactivated}
  - {username: unconfirmed, email: unconfirmed@example.com, confirmed: false}
  - {username: blocked, email: blocked@example.com, state: blocked}
  - {username: banned, email: banned@example.com, state: banned}
  - {username: stale, email: stale@example.com, password_expires_at: 2020-01-01T00:00:00Z}
  - {username: otp, email: otp@example.com, otp_secret: JBSWY3DPEHPK3PXP, ssh_keys: [{id: 106, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMQk9pPPZRbjv9f33MI9GhHs1hf3Bs/LCjC0RNznxrmE rows6@test"}]}
groups:
  - full_path: acme
    visibility: private
    members:
      - {user: dev, access: developer}
      - {user: maint, access: maintainer}
      - {user: guest, access: guest}
      - {user: reporter, access: reporter}
      - {user: requester, access: developer, requested: true}
      - {user: robot, access: developer}
      - {user: waiting, access: developer}
      - {user: noterms, access: developer}
      - {user: gone, access: developer}
      - {user: unconfirmed, access: developer}
      - {user: blocked, access: developer}
      - {user: banned, access: developer}
      - {user: stale, access: developer}
      - {user: otp, access: developer}
  - {full_path: webonly, visibility: public, git_access_protocol: http}
projects:
  - id: 11
    full_path: acme/app
    default_branch: main
    protected_branches:
      - {name: main, push: [maintainer], merge: [maintainer]}
      - {name: "release/*", push: [no_one], merge: [maintainer]}
      - {name: deploy, push: [deploy_key: writer], merge: [maintainer]}
    protected_tags:
      - {name: "v*", create: [maintainer]}
  - {id: 12, full_path: acme/archived, archived: true, default_branch: main}
  - {id: 13, full_path: acme/moving, repository_read_only: true, default_branch: main}
  - {id: 14, full_path: acme/empty, repository_exists: false}
  - {id: 15, full_path: webonly/app, visibility: public, default_branch: main}
  - {id: 16, full_path: acme/other, default_branch: main}
deploy_keys:
  - {id: 201, title: reader, user: maint, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLTybn6ZLfLuJTAvHMPNzVKvbBBEC2Icr5jWFC4kc95 rows7@test", projects: [{project: acme/app}]}
  - {id: 202, title: writer, user: maint, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJTTI4qIk/TqEvdxl73VeBIHcE2EM7kFXgGP/tzkaFIu rows8@test", projects: [{project: acme/app, can_push: true}]}
  - {id: 203, title: elsewhere, user: maint, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDxeowwZbd069P6Y5vTsX3zHA003zM1C0UKYCkiesusr rows9@test", projects: [{project: acme/other}]}
  - {id: 204, title: reporters-writer, user: reporter, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKG240W8Fo+pke5IoeT/gK+oBpZQ+cCX7TxY/PMcJBGI rows10@test", projects: [{project: acme/app, can_push: true}]}
`

// Revisions for change lines: a blank (all zeros), and two commits.
var (
	zeroRev = strings.Repeat("0", 40)
	revA    = strings.Repeat("a", 40)
	revB    = strings.Repeat("b", 40)
)

// row is one expected answer: the status and, for a refusal, GitLab's exact message.
type row struct {
	status  int
	message string
}

func refusedWith(status int, message string) row { return row{status, message} }

var allowedRow = row{status: http.StatusOK}

// assertRow checks an /allowed answer against a row.
func assertRow(t *testing.T, want row, resp apitest.Response) {
	t.Helper()
	require.Equal(t, want.status, resp.Status, "%s", resp.Body)
	body := resp.JSON(t).(map[string]any)
	if want.status == http.StatusOK {
		assert.Equal(t, true, body["status"])
		return
	}
	assert.Equal(t, map[string]any{"status": false, "message": want.message}, body)
}

// shellAsk is GitLab Shell's /allowed request before running git: the path as typed, changes
// "_any", protocol ssh and the key the user authenticated with.
func shellAsk(keyID int, action, path string) string {
	return fmt.Sprintf(`{"action":%q,"project":%q,"changes":"_any","protocol":"ssh","key_id":"%d","check_ip":"192.0.2.7"}`, action, path, keyID)
}

// shellAskAs is GitLab Shell's request for a user named by an SSH certificate.
func shellAskAs(username, action, path string) string {
	return fmt.Sprintf(`{"action":%q,"project":%q,"changes":"_any","protocol":"ssh","username":%q}`, action, path, username)
}

// gitalyAsk is Gitaly's pre-receive /allowed request (its internal/gitlab client): gl_repository, the
// absolute disk path as project, the relative path, the raw pre-receive lines, the env JSON
// string with the quarantine directory, and key_id from gl_id "key-N".
func gitalyAsk(keyID int, glRepository, protocol string, changes ...string) string {
	return fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":%q,"project":"/var/opt/gitlab/git-data/repositories/@hashed/ab/cd/abcd.git",`+
		`"relative_path":"@hashed/ab/cd/abcd.git","changes":%q,"protocol":%q,`+
		`"env":"{\"GIT_OBJECT_DIRECTORY_RELATIVE\":\"objects/incoming-x1\",\"GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE\":[\"objects\"]}",`+
		`"key_id":"%d"}`, glRepository, strings.Join(changes, "\n")+"\n", protocol, keyID)
}

func change(old, new, ref string) string { return old + " " + new + " " + ref }

// §1.3: every decision row reachable through the HTTP API, each with the answer GitLab gives.
func TestAllowedRows_DecisionOrderOfGitLab(t *testing.T) {
	env := apitest.New(t, rowsWorld)
	const (
		dev, maint, guestKey, reporterKey, expiredKey = 101, 102, 104, 105, 103
		reader, writer, elsewhere, unknownKey         = 201, 202, 203, 999
	)
	cases := []struct {
		name string
		body string
		want row
	}{
		{"1: a root namespace that allows only HTTP refuses SSH", shellAsk(dev, pull, "webonly/app"),
			refusedWith(401, "Git access over SSH is not allowed")},
		{"1: the web protocol passes any protocol setting", gitalyAsk(dev, "project-15", "web", change(revA, revB, "refs/heads/feature")),
			refusedWith(401, msgNoPush)},
		{"2: an expired key is refused", shellAsk(expiredKey, pull, "acme/app"), refusedWith(401, "Your SSH key has expired.")},
		{"9: a path without a namespace is refused", shellAsk(dev, pull, "app"),
			refusedWith(404, "The namespace you were looking for could not be found.")},
		{"9: a path under a reserved route is refused", shellAsk(dev, pull, "admin/app"),
			refusedWith(404, "The namespace you were looking for could not be found.")},
		{"11: a missing project is not found", shellAsk(dev, pull, "acme/gone"), refusedWith(404, msgNotFound)},
		{"11: the wiki of a missing project is not found", gitalyAsk(dev, "wiki-999", "ssh", change(revA, revB, "refs/heads/main")),
			refusedWith(404, "The wiki you were looking for could not be found.")},
		{"12: a non-member cannot see a private project", shellAskAs("stranger", pull, "acme/app"), refusedWith(404, msgNotFound)},
		{"12: a pending access request grants nothing", shellAskAs("requester", pull, "acme/app"), refusedWith(404, msgNotFound)},
		{"12: a deploy key linked elsewhere cannot see the project", shellAsk(elsewhere, pull, "acme/app"), refusedWith(404, msgNotFound)},
		{"12: an unknown key is anonymous and cannot see a private project", shellAsk(unknownKey, pull, "acme/app"), refusedWith(404, msgNotFound)},
		{"14: a project without a repository is refused", shellAsk(dev, pull, "acme/empty"),
			refusedWith(404, "A repository for this project does not exist yet.")},
		{"15a: a guest of a private project cannot download", shellAsk(guestKey, pull, "acme/app"), refusedWith(401, msgNoDownload)},
		{"15a: a reporter downloads", shellAsk(reporterKey, pull, "acme/app"), allowedRow},
		{"15a: a read deploy key downloads", shellAsk(reader, pull, "acme/app"), allowedRow},
		{"15b: a repository being moved takes no pushes", shellAsk(dev, push, "acme/moving"),
			refusedWith(401, "The repository is temporarily read-only. Please try again later.")},
		{"15b: an archived project takes no pushes", shellAsk(dev, push, "acme/archived"),
			refusedWith(401, "You can't push code to an archived project.")},
		{"15b: an archived project still serves pulls", shellAsk(dev, pull, "acme/archived"), allowedRow},
		{"15b: a read deploy key cannot push", shellAsk(reader, push, "acme/app"),
			refusedWith(401, "This deploy key does not have write access to this project.")},
		{"15b: anonymous cannot push to a public project", gitalyAsk(unknownKey, "project-15", "http", change(revA, revB, "refs/heads/main")),
			refusedWith(401, msgNoUpload)},
		{"15b: a reporter cannot push", shellAsk(reporterKey, push, "acme/app"), refusedWith(401, msgNoPush)},
		{"15b: a write deploy key pushes", shellAsk(writer, push, "acme/app"), allowedRow},
		{"ok: a developer pushes", shellAsk(dev, push, "acme/app"), allowedRow},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertRow(t, tc.want, env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", tc.body))
		})
	}
}

// §1.3 row 6: an unknown command. The contract declares the commands, so instead of GitLab's
// 401 the validator answers Grape's 400 for a value outside a declared set (a documented choice
// in openapi/internal.yaml; no real caller sends another command).
func TestAllowedRows_UnknownCommandIsRefusedByTheContract(t *testing.T) {
	env := apitest.New(t, rowsWorld)
	resp := env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", shellAsk(101, "git-lfs-transfer", "acme/app"))
	require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"error": "action does not have a valid value"}, resp.JSON(t))
}

// §1.3 rows that depend on instance settings, each on a server configured for it.
func TestAllowedRows_InstanceSettings(t *testing.T) {
	cases := []struct {
		name    string
		setting func(*internalapi.Options)
		body    string
		want    row
	}{
		{"1: an SSH-only instance refuses HTTP", func(o *internalapi.Options) { o.GitAccessProtocol = "ssh" },
			gitalyAsk(101, "project-11", "http", change(revA, revB, "refs/heads/feature")), refusedWith(401, "Git access over HTTP is not allowed")},
		{"1: an HTTP-only instance refuses SSH", func(o *internalapi.Options) { o.GitAccessProtocol = "http" },
			shellAsk(101, pull, "acme/app"), refusedWith(401, "Git access over SSH is not allowed")},
		{"1: an SSH-only instance serves SSH", func(o *internalapi.Options) { o.GitAccessProtocol = "ssh" },
			shellAsk(101, pull, "acme/app"), allowedRow},
		{"E4: a 2FA user's key needs an OTP session over SSH", func(o *internalapi.Options) { o.TwoFactorForCLI = true },
			shellAsk(106, pull, "acme/app"),
			refusedWith(401, "OTP verification is required to access the repository.\n\n   Use: ssh git@gitlab.test 2fa_verify")},
		{"E4: the hint names a non-standard SSH port", func(o *internalapi.Options) { o.TwoFactorForCLI = true; o.SSHPort = 2222 },
			shellAsk(106, pull, "acme/app"),
			refusedWith(401, "OTP verification is required to access the repository.\n\n   Use: ssh git@gitlab.test -p 2222 2fa_verify")},
		{"E4: a user without 2FA needs no OTP session", func(o *internalapi.Options) { o.TwoFactorForCLI = true },
			shellAsk(101, pull, "acme/app"), allowedRow},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, rowsWorld, apitest.WithInternalOptions(tc.setting))
			assertRow(t, tc.want, env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", tc.body))
		})
	}
}

// §1.4: why a user may not use git at all, asked as GitLab Shell asks for a certificate user.
func TestAllowedRows_UserDeniedMessages(t *testing.T) {
	env := apitest.New(t, rowsWorld)
	cases := []struct{ user, want string }{
		{"robot", "This action cannot be performed by internal users"},
		{"waiting", "Your account is pending approval from your administrator and hence blocked."},
		{"noterms", "You (@noterms) must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser at http://gitlab.test."},
		{"gone", "Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at http://gitlab.test"},
		{"unconfirmed", "Your primary email address is not confirmed. Please check your inbox for the confirmation instructions. In case the link is expired, you can request a new confirmation email at http://gitlab.test/users/confirmation/new"},
		{"blocked", "Your account has been blocked."},
		{"banned", "Your account has been blocked."},
		{"stale", "Your password expired. Please access GitLab from a web browser to update your password."},
	}
	for _, tc := range cases {
		for _, action := range []string{pull, push} {
			t.Run(tc.user+" "+action, func(t *testing.T) {
				resp := env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", shellAskAs(tc.user, action, "acme/app"))
				assertRow(t, refusedWith(401, tc.want), resp)
			})
		}
	}
}

// §1.5: the per-change checks, with the changes Gitaly's pre-receive hook sends. No repository
// path is configured, so updates count as fast-forwards and new protected branches as based on
// a protected ref (the documented fallback; TestAllowed_RealPushChecksObjectsInTheQuarantine
// covers the checks against real objects).
func TestAllowedRows_PerChangeChecks(t *testing.T) {
	env := apitest.New(t, rowsWorld)
	const dev, maint, reporter, writer, reportersWriter = 101, 102, 105, 202, 204
	hex40 := strings.Repeat("c0ffee", 6) + "c0ff"
	cases := []struct {
		name     string
		key      int
		protocol string
		changes  []string
		want     row
	}{
		{"push check: a reporter cannot push a change", reporter, "ssh", []string{change(revA, revB, "refs/heads/feature")}, refusedWith(401, msgNoPush)},
		{"branch 1: the default branch cannot be deleted", maint, "web", []string{change(revA, zeroRev, "refs/heads/main")},
			refusedWith(401, "The default branch of a project cannot be deleted.")},
		{"branch 2: a new branch needs a valid name", dev, "ssh", []string{change(zeroRev, revB, "refs/heads/bad..name")},
			refusedWith(401, "You cannot create a branch with an invalid name.")},
		{"branch 3: a new branch cannot be named like a commit", dev, "ssh", []string{change(zeroRev, revB, "refs/heads/"+hex40)},
			refusedWith(401, "You cannot create a branch with a SHA-1 or SHA-256 branch name.")},
		{"branch 3: a branch named like a commit may be deleted", dev, "ssh", []string{change(revA, zeroRev, "refs/heads/"+hex40)}, allowedRow},
		{"branch 5b: a developer cannot create a maintainers' protected branch", dev, "ssh", []string{change(zeroRev, revB, "refs/heads/release/1")},
			refusedWith(401, "You are not allowed to create protected branches on this project.")},
		{"branch 5b: a maintainer creates a no-one-pushes branch only on the web", maint, "ssh", []string{change(zeroRev, revB, "refs/heads/release/1")},
			refusedWith(401, "You can only create protected branches using the web interface and API.")},
		{"branch 5b: a maintainer creates it on the web", maint, "web", []string{change(zeroRev, revB, "refs/heads/release/1")}, allowedRow},
		{"branch 5c: a developer cannot delete a protected branch", dev, "web", []string{change(revA, zeroRev, "refs/heads/release/1")},
			refusedWith(401, "You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.")},
		{"branch 5c: a maintainer deletes a protected branch only on the web", maint, "ssh", []string{change(revA, zeroRev, "refs/heads/release/1")},
			refusedWith(401, "You can only delete protected branches using the web interface.")},
		{"branch 5c: a maintainer deletes it on the web", maint, "web", []string{change(revA, zeroRev, "refs/heads/release/1")}, allowedRow},
		{"branch 5d: a developer cannot push to a maintainers' branch", dev, "ssh", []string{change(revA, revB, "refs/heads/main")},
			refusedWith(401, "You are not allowed to push code to protected branches on this project.")},
		{"branch 5d: a maintainer pushes to it", maint, "ssh", []string{change(revA, revB, "refs/heads/main")}, allowedRow},
		{"branch 5d: a write deploy key pushes where it is listed", writer, "ssh", []string{change(revA, revB, "refs/heads/deploy")}, allowedRow},
		{"branch 5d: a write deploy key does not push where it is not listed", writer, "ssh", []string{change(revA, revB, "refs/heads/main")},
			refusedWith(401, "You are not allowed to push code to protected branches on this project.")},
		{"branch: a developer pushes to an unprotected branch", dev, "ssh", []string{change(revA, revB, "refs/heads/feature")}, allowedRow},
		{"tag 1: moving an existing tag needs the creator's push access", reportersWriter, "ssh", []string{change(revA, revB, "refs/tags/x1")},
			refusedWith(401, "You are not allowed to change existing tags on this project.")},
		{"tag 2: a new tag cannot take the default branch's name", dev, "ssh", []string{change(zeroRev, revB, "refs/tags/main")},
			refusedWith(401, "You cannot use default branch name to create a tag")},
		{"tag 3: a fully qualified tag name is prohibited", dev, "ssh", []string{change(zeroRev, revB, "refs/tags/refs/tags/x")},
			refusedWith(401, "You cannot create a tag with a prohibited pattern.")},
		{"tag 4: a tag cannot be named like a commit", dev, "ssh", []string{change(zeroRev, revB, "refs/tags/"+hex40)},
			refusedWith(401, "You cannot create a tag with a SHA-1 or SHA-256 tag name.")},
		{"tag 5: a protected tag never moves", maint, "ssh", []string{change(revA, revB, "refs/tags/v1")}, refusedWith(401, "Protected tags cannot be updated.")},
		{"tag 6: a developer cannot delete a protected tag", dev, "web", []string{change(revA, zeroRev, "refs/tags/v1")},
			refusedWith(401, "You are not allowed to delete protected tags from this project. Only a project maintainer or owner can delete a protected tag.")},
		{"tag 7: a maintainer deletes a protected tag only on the web", maint, "ssh", []string{change(revA, zeroRev, "refs/tags/v1")},
			refusedWith(401, "You can only delete protected tags using the web interface.")},
		{"tag 8: a developer cannot create a maintainers' tag", dev, "ssh", []string{change(zeroRev, revB, "refs/tags/v2")},
			refusedWith(401, "You are not allowed to create this tag as it is protected.")},
		{"tag 8: a maintainer creates it", maint, "ssh", []string{change(zeroRev, revB, "refs/tags/v2")}, allowedRow},
		{"many lines: the first refused change decides", maint, "ssh", []string{
			change(revA, revB, "refs/heads/feature"), change(zeroRev, revB, "refs/tags/v3"), change(revA, revB, "refs/tags/v1"),
			change(revA, zeroRev, "refs/heads/main")}, refusedWith(401, "Protected tags cannot be updated.")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := gitalyAsk(tc.key, "project-11", tc.protocol, tc.changes...)
			assertRow(t, tc.want, env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", body))
		})
	}
}
