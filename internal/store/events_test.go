package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

const hooksWorld = `
users:
	- {id: 5, username: ada, email: ada@example.com}
groups:
	- {id: 22, full_path: gnuwget, name: GNU Wget}
projects:
	- id: 7
	  full_path: gnuwget/wget
	  default_branch: main
	  hooks:
		- {url: "https://ci.example.com/hook", token: s3cret}
		- {url: "https://tags.example.com/hook", push_events: false, tag_push_events: true}
`

var (
	sha1 = strings.Repeat("1", 40)
	sha2 = strings.Repeat("2", 40)
	zero = strings.Repeat("0", 40)
)

func TestRecordPush_RecordsEventsHeadsAndJobsOncePerJob(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	ctx := t.Context()
	require.NoError(t, s.ApplyWorld(ctx, parseWorld(t, hooksWorld)))

	first := []store.RefChange{
		{Ref: "refs/heads/main", RefType: "branch", Action: "created", Before: zero, After: sha1, Jobs: []river.JobArgs{testJob{N: 1}}},
		{Ref: "refs/tags/v1", RefType: "tag", Action: "created", Before: zero, After: sha1},
	}
	require.NoError(t, s.RecordPush(ctx, 100, 7, 5, first))
	require.NoError(t, s.RecordPush(ctx, 100, 7, 5, first), "the same job again")

	events, err := s.PushEvents(ctx, 7)
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.Equal(t, "refs/heads/main", events[0].Ref)
	assert.Equal(t, "created", events[0].Action)
	assert.Equal(t, int64(5), *events[0].AuthorID)
	assert.Equal(t, 1, jobCount(t, pool, "test_job"))

	second := []store.RefChange{
		{Ref: "refs/heads/main", RefType: "branch", Action: "pushed", Before: sha1, After: sha2},
		{Ref: "refs/tags/v1", RefType: "tag", Action: "removed", Before: sha1, After: zero},
	}
	require.NoError(t, s.RecordPush(ctx, 101, 7, 5, second))
	heads, err := s.RepositoryRefs(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"refs/heads/main": sha2}, heads)

	require.NoError(t, s.RecordPush(ctx, 100, 7, 5, first), "a late rerun of the first job")
	heads, err = s.RepositoryRefs(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"refs/heads/main": sha2}, heads, "does not move heads back")
	events, err = s.PushEvents(ctx, 7)
	require.NoError(t, err)
	assert.Len(t, events, 4)
}

func TestRecordPush_KeepsRefsLongerThanAnIndexEntry(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	ctx := t.Context()
	require.NoError(t, s.ApplyWorld(ctx, parseWorld(t, hooksWorld)))
	long := "refs/heads/" + strings.Repeat("a/", 4000)
	require.NoError(t, s.RecordPush(ctx, 1, 7, 5, []store.RefChange{{Ref: long, RefType: "branch", Action: "created", Before: zero, After: sha1}}))
	heads, err := s.RepositoryRefs(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, sha1, heads[long])
}

func TestProjectHooks_FromTheWorldWithGitLabsDefaultsAndIdempotent(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	ctx := t.Context()
	w := parseWorld(t, hooksWorld)
	require.NoError(t, s.ApplyWorld(ctx, w))
	require.NoError(t, s.ApplyWorld(ctx, w))

	hooks, err := s.ProjectHooks(ctx, 7)
	require.NoError(t, err)
	require.Len(t, hooks, 2)
	assert.Equal(t, "https://ci.example.com/hook", hooks[0].URL)
	assert.Equal(t, "s3cret", hooks[0].Token, "sent to the hook, so stored as given")
	assert.True(t, hooks[0].PushEvents)
	assert.False(t, hooks[0].TagPushEvents)
	assert.False(t, hooks[1].PushEvents)
	assert.True(t, hooks[1].TagPushEvents)

	p, err := s.ProjectForHooks(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, "GNU Wget", p.NamespaceName)
	assert.Equal(t, "gnuwget/wget", p.Project.FullPath)
}

func TestRecordWebhookAttempt_LogsStatusOrError(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	ctx := t.Context()
	require.NoError(t, s.ApplyWorld(ctx, parseWorld(t, hooksWorld)))
	hooks, err := s.ProjectHooks(ctx, 7)
	require.NoError(t, err)
	id := hooks[0].ID

	require.NoError(t, s.RecordWebhookAttempt(ctx, store.WebhookAttempt{HookID: id, JobID: 9, Attempt: 1, Event: "Push Hook",
		URL: hooks[0].URL, Error: "connection refused", Duration: 3 * time.Millisecond}))
	require.NoError(t, s.RecordWebhookAttempt(ctx, store.WebhookAttempt{HookID: id, JobID: 9, Attempt: 2, Event: "Push Hook",
		URL: hooks[0].URL, StatusCode: 200, Duration: time.Second}))
	log, err := s.WebhookDeliveries(ctx, id)
	require.NoError(t, err)
	require.Len(t, log, 2)
	assert.Nil(t, log[0].StatusCode)
	assert.Equal(t, "connection refused", log[0].Error)
	assert.EqualValues(t, 200, *log[1].StatusCode)
	assert.EqualValues(t, 1000, log[1].DurationMs)
}
