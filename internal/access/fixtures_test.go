package access

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Revisions for changes lines.
var (
	zero   = strings.Repeat("0", 40)
	oldRev = strings.Repeat("1", 40)
	newRev = strings.Repeat("2", 40)
)

// baseFacts is an SSH pull by alice, a developer of the private project acme/app, with her own
// key: a request every check lets through. Tests change what they are about.
func baseFacts() Facts {
	return Facts{
		Request: Request{
			Action:        ActionUploadPack,
			Protocol:      "ssh",
			Changes:       AnyChanges,
			RepoType:      RepoProject,
			RequestedPath: "acme/app",
		},
		Actor: Actor{User: alice(), Key: &Key{ID: 11}},
		Container: Container{
			Found:                 true,
			ProjectID:             7,
			FullPath:              "acme/app",
			Visibility:            "private",
			RepositoryExists:      true,
			RepositoryAccessLevel: 20,
			WikiAccessLevel:       20,
			DefaultBranch:         "main",
			RootGitAccessProtocol: "all",
			AccessLevel:           roleDeveloper,
		},
		Settings: Settings{ExternalURL: "https://gitlab.example.com/", SSHHost: "gitlab.example.com"},
	}
}

func alice() *User {
	return &User{
		ID: 1, Username: "alice", State: "active", UserType: "human",
		Confirmed: true, TermsAccepted: true, CanCreateProjects: true,
	}
}

// pushing turns the request into a push of the given changes lines (Gitaly's pre-receive).
func pushing(lines ...string) func(*Facts) {
	return func(f *Facts) {
		f.Request.Action = ActionReceivePack
		if len(lines) == 0 {
			f.Request.Changes = AnyChanges
			return
		}
		f.Request.Changes = strings.Join(lines, "\n") + "\n"
	}
}

// asDeployKey makes the actor deploy key 31, created by alice, linked to the project.
func asDeployKey(canPush bool) func(*Facts) {
	return func(f *Facts) {
		f.Actor.Key = &Key{ID: 31, Deploy: true}
		f.Container.DeployKeyLinked = true
		f.Container.DeployKeyCanPush = canPush
	}
}

func line(old, new, ref string) string { return old + " " + new + " " + ref }

// fakeObjects answers from fixed facts about the repository and counts what was asked.
type fakeObjects struct {
	empty        bool
	notAncestor  bool     // every update is a force push
	containing   []string // branches containing any commit
	err          error
	errOn        string // the one method that fails with err; "" for all of them
	ancestorAsks int
	onAncestor   func() // runs when IsAncestor is asked
}

func (o *fakeObjects) fail(method string) error {
	if o.errOn == "" || o.errOn == method {
		return o.err
	}
	return nil
}

func (o *fakeObjects) Empty(context.Context) (bool, error) { return o.empty, o.fail("Empty") }

func (o *fakeObjects) IsAncestor(context.Context, string, string) (bool, error) {
	o.ancestorAsks++
	if o.onAncestor != nil {
		o.onAncestor()
	}
	return !o.notAncestor, o.fail("IsAncestor")
}

func (o *fakeObjects) BranchesContaining(context.Context, string) ([]string, error) {
	return o.containing, o.fail("BranchesContaining")
}

// decide runs Check on baseFacts changed by the given functions, with objects (nil: none).
func decide(t *testing.T, objects Objects, changes ...func(*Facts)) Decision {
	t.Helper()
	f := baseFacts()
	for _, change := range changes {
		change(&f)
	}
	d, err := Check(t.Context(), f, objects)
	require.NoError(t, err)
	return d
}

// geoSecondary makes the instance a Geo secondary, whose database is read-only.
func geoSecondary(f *Facts) { f.Settings.GeoSecondary, f.Settings.ReadOnly = true, true }

// allowed, proxied and refused are the decisions the tests expect.
func allowed() Decision { return Decision{Status: 200, ConsoleMessages: []string{}} }

func proxied() Decision { return Decision{Status: 300, ConsoleMessages: []string{}} }

func refused(status int, message string) Decision { return Decision{Status: status, Message: message} }
