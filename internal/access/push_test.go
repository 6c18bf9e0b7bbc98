package access

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck_PushChecks(t *testing.T) {
	cases := []struct {
		name   string
		change []func(*Facts)
		want   Decision
	}{
		{"PushCheck refuses a member without push access before any ref rule", fs(
			pushing(line(oldRev, zero, "refs/heads/main")), func(f *Facts) { f.Container.AccessLevel = roleReporter }),
			refused(401, textPushCode)},
		{"PushCheck refuses a developer when the repository feature is disabled", fs(
			pushing(line(oldRev, newRev, "refs/heads/topic")), func(f *Facts) { f.Container.RepositoryAccessLevel = 0 }),
			refused(401, textPushCode)},
		{"refs that are neither branches nor tags pass on push access alone", fs(
			pushing(line(oldRev, newRev, "refs/notes/commits"), line(zero, newRev, "refs/merge-requests/1/head"))),
			allowed()},
		{"changes are checked in order and the first refusal wins", fs(
			pushing(line(oldRev, zero, "refs/heads/main"), line(zero, newRev, "refs/tags/main"))),
			refused(401, textDeleteDefault)},
		{"a refusal on a later change refuses the whole push", fs(
			pushing(line(zero, newRev, "refs/heads/topic"), line(zero, newRev, "refs/tags/main"))),
			refused(401, "You cannot use default branch name to create a tag")},
		{"blank lines and carriage returns are ignored", fs(func(f *Facts) {
			f.Request.Action = ActionReceivePack
			f.Request.Changes = "\n  \r\n" + line(oldRev, newRev, "refs/heads/topic") + "\r\n\n"
		}), allowed()},
		{"an empty list of changes has nothing to refuse, even without push access", fs(pushing(), func(f *Facts) {
			f.Request.Changes = ""
			f.Container.AccessLevel = roleReporter
		}), allowed()},
		{"SHA-256 revisions are understood", fs(pushing(line(strings.Repeat("0", 64), strings.Repeat("b", 64), "refs/heads/main"))), allowed()},
		{"an all-zero SHA-256 old revision is a creation", fs(
			pushing(line(strings.Repeat("0", 64), strings.Repeat("b", 64), "refs/tags/main"))),
			refused(401, "You cannot use default branch name to create a tag")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(t, &fakeObjects{}, tc.change...))
		})
	}
}

func TestCheck_MalformedChangesAreAnError(t *testing.T) {
	cases := []struct {
		name, changes, line string
	}{
		{"two fields", oldRev + " " + newRev, "line 1"},
		{"four fields", line(oldRev, newRev, "refs/heads/main") + " extra", "line 1"},
		{"a revision that is not hexadecimal", line(oldRev, strings.Repeat("g", 40), "refs/heads/main"), "line 1"},
		{"a revision of 39 digits", line(oldRev, newRev[:39], "refs/heads/main"), "line 1"},
		{"an abbreviated revision", line(oldRev[:7], newRev, "refs/heads/main"), "line 1"},
		{"a bad line after a good one and a blank one", line(oldRev, newRev, "refs/heads/main") + "\n\nnonsense\n", "line 3"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is malformed", func(t *testing.T) {
			f := baseFacts()
			pushing()(&f)
			f.Request.Changes = tc.changes
			_, err := Check(t.Context(), f, nil)
			require.ErrorIs(t, err, ErrMalformedChanges)
			assert.Contains(t, err.Error(), tc.line)
		})
	}
	t.Run("malformed changes are reported before any other check", func(t *testing.T) {
		f := baseFacts()
		pushing()(&f)
		f.Request.Changes = "nonsense"
		f.Container = Container{}
		f.Actor.Key.Expired = true
		_, err := Check(t.Context(), f, nil)
		assert.ErrorIs(t, err, ErrMalformedChanges)
	})
}

func TestCheck_PushThatOutlastsItsContextTimesOut(t *testing.T) {
	header := "Push operation timed out\n\nTiming information for debugging purposes:\n"
	changes := pushing(line(oldRev, newRev, "refs/heads/main"), line(zero, newRev, "refs/tags/v1"), line(zero, newRev, "refs/heads/next"))

	t.Run("a context done before the first change", func(t *testing.T) {
		f := baseFacts()
		changes(&f)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		d, err := Check(ctx, f, &fakeObjects{})
		require.NoError(t, err)
		assert.Equal(t, refused(503, header), d)
	})
	t.Run("a context done while a change is checked stops before the next", func(t *testing.T) {
		f := baseFacts()
		changes(&f)
		protectMain(RoleDeveloper)(&f)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		d, err := Check(ctx, f, &fakeObjects{onAncestor: cancel})
		require.NoError(t, err)
		assert.Equal(t, refused(503, header+"Running checks for ref: main"), d)
	})
	t.Run("a refusal is not overtaken by the deadline", func(t *testing.T) {
		f := baseFacts()
		changes(&f)
		protectMain(RoleMaintainer)(&f)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		d, err := Check(ctx, f, &fakeObjects{onAncestor: cancel})
		require.NoError(t, err)
		assert.Equal(t, refused(401, textPushProtected), d)
	})
}
