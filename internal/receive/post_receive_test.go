package receive_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

const testWorld = `
users:
  - {id: 1, username: root, email: root@example.com, admin: true}
groups:
  - {id: 22, full_path: gnuwget, members: [{user: root, access: owner}]}
projects:
  - {id: 7, full_path: gnuwget/wget, default_branch: main}
`

func newStore(t *testing.T) *store.Store {
	t.Helper()
	s := pgtest.Store(t)
	w, err := world.Parse([]byte(testWorld), t.Name())
	require.NoError(t, err)
	require.NoError(t, s.ApplyWorld(t.Context(), w))
	return s
}

var cfg = receive.Config{ExternalURL: &url.URL{Scheme: "https", Host: "gitlab.example.com"}}

func TestPostReceive_MessagesComeInGitLabsOrder(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.AddPushNotice(ctx, 1, "project-7", "Project 'gnuwget/old' was moved to 'gnuwget/wget'."))
	require.NoError(t, receive.PreReceive(ctx, s, "project-7"))

	msgs, err := receive.PostReceive(ctx, s, cfg, receive.Request{
		GLRepository: "project-7",
		Identifier:   "user-1",
		Changes:      zero + " " + shaA + " refs/heads/feature\n" + shaA + " " + shaB + " refs/heads/main\n",
		PushOptions:  []string{"mr.title=x"},
	})
	require.NoError(t, err)
	assert.Equal(t, []receive.Message{
		{Text: "WARNINGS:\nError encountered with push options 'mr.title=x': A merge_request.create push option is required to create a merge request for branch feature", Alert: true},
		{Text: "To create a merge request for feature, visit:\n  https://gitlab.example.com/gnuwget/wget/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature"},
		{Text: "Project 'gnuwget/old' was moved to 'gnuwget/wget'."},
	}, msgs)
	n, err := s.ReferenceCounter(ctx, "project-7")
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestPostReceive_NoticesNeedAUserAndARepository(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, s.AddPushNotice(ctx, 1, "project-7", "kept"))
	for _, identifier := range []string{"user-999", "key-999", "username-nobody", "nonsense"} {
		msgs, err := receive.PostReceive(ctx, s, cfg, receive.Request{GLRepository: "project-7", Identifier: identifier})
		require.NoError(t, err, identifier)
		assert.Empty(t, msgs, identifier)
	}
	msgs, err := receive.PostReceive(ctx, s, cfg, receive.Request{GLRepository: "project-7", Identifier: "username-root"})
	require.NoError(t, err)
	assert.Equal(t, []receive.Message{{Text: "kept"}}, msgs, "username-<name> names the user")
}

func TestPostReceive_RefusedRequestsChangeNothing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, receive.PreReceive(ctx, s, "project-7"))
	cases := []struct {
		req  receive.Request
		want error
	}{
		{receive.Request{GLRepository: "project-7", Identifier: "user-1", Changes: "nonsense here"}, receive.ErrMalformedChanges},
		{receive.Request{GLRepository: "project-x", Identifier: "user-1"}, project.ErrInvalidGLRepository},
		{receive.Request{GLRepository: "project-" + strings.Repeat("9", 300), Identifier: "user-1"}, project.ErrInvalidGLRepository},
	}
	for _, tc := range cases {
		_, err := receive.PostReceive(ctx, s, cfg, tc.req)
		assert.ErrorIs(t, err, tc.want)
	}
	n, err := s.ReferenceCounter(ctx, "project-7")
	require.NoError(t, err)
	assert.EqualValues(t, 1, n)
	assert.ErrorIs(t, receive.PreReceive(ctx, s, "wiki"), project.ErrInvalidGLRepository)
}

func TestPostReceive_AnUnknownRepositoryIsUncountedWithoutMessages(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	require.NoError(t, receive.PreReceive(ctx, s, "project-404"), "pre_receive counts any well-formed repository, as GitLab does")
	msgs, err := receive.PostReceive(ctx, s, cfg, receive.Request{
		GLRepository: "project-404", Identifier: "user-1", Changes: zero + " " + shaA + " refs/heads/feature\n", PushOptions: []string{"mr.create"},
	})
	require.NoError(t, err)
	assert.Empty(t, msgs)
	n, err := s.ReferenceCounter(ctx, "project-404")
	require.NoError(t, err)
	assert.Zero(t, n)
}
