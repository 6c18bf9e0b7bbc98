package store_test

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

// testJob is a job the tests enqueue; nothing works it.
type testJob struct {
	N int `json:"n"`
}

func (testJob) Kind() string { return "test_job" }

// brokenJob cannot be enqueued (River requires a kind), to make a transaction fail late.
type brokenJob struct{}

func (brokenJob) Kind() string { return "" }

func jobCount(t *testing.T, pool *pgxpool.Pool, kind string) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = $1`, kind).Scan(&n))
	return n
}

func counter(t *testing.T, s *store.Store, glRepository string) int64 {
	t.Helper()
	n, err := s.ReferenceCounter(t.Context(), glRepository)
	require.NoError(t, err)
	return n
}

func TestReferenceCounter_CountsUpAndDownAndBelowZeroRemovesTheRow(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	ctx := t.Context()

	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-8"))
	assert.EqualValues(t, 2, counter(t, s, "project-7"))
	assert.EqualValues(t, 1, counter(t, s, "project-8"))

	_, err := s.FinishPush(ctx, "project-7", testJob{}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, counter(t, s, "project-7"))
	_, err = s.FinishPush(ctx, "project-7", testJob{}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 0, counter(t, s, "project-7"))
	assert.Equal(t, 1, rowCount(t, pool, "project-7"), "0 is a value, like Redis's")

	_, err = s.FinishPush(ctx, "project-7", testJob{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, rowCount(t, pool, "project-7"), "below 0 the key goes")
	_, err = s.FinishPush(ctx, "project-never-counted", testJob{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, rowCount(t, pool, "project-never-counted"))
	assert.EqualValues(t, 1, counter(t, s, "project-8"), "counters are per repository")
}

func rowCount(t *testing.T, pool *pgxpool.Pool, glRepository string) int {
	t.Helper()
	var n int
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT count(*) FROM reference_counters WHERE gl_repository = $1`, glRepository).Scan(&n))
	return n
}

func TestReferenceCounter_ExpiresSixHundredSecondsAfterTheLastIncrease(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	ctx := t.Context()

	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	var ttl float64
	require.NoError(t, pool.QueryRow(ctx, `SELECT extract(epoch FROM expires_at - now()) FROM reference_counters`).Scan(&ttl))
	assert.InDelta(t, 600, ttl, 5)

	_, err := pool.Exec(ctx, `UPDATE reference_counters SET expires_at = now() - interval '1 second'`)
	require.NoError(t, err)
	assert.EqualValues(t, 0, counter(t, s, "project-7"), "an expired counter reads as absent")
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	assert.EqualValues(t, 1, counter(t, s, "project-7"), "an increase after expiry starts again from 1")

	_, err = pool.Exec(ctx, `UPDATE reference_counters SET expires_at = now() - interval '1 second'`)
	require.NoError(t, err)
	_, err = s.FinishPush(ctx, "project-7", testJob{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, rowCount(t, pool, "project-7"), "decreasing an expired counter removes it")
}

func TestFinishPush_EnqueuesTheJobAndTakesTheNoticesWithTheDecrease(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	require.NoError(t, s.ApplyWorld(t.Context(), parseWorld(t, `
users:
	- {id: 5, username: ada, email: ada@example.com}
	- {id: 6, username: bob, email: bob@example.com}
`)))
	ctx := t.Context()
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "moved"))
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "created"))
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "moved")) // GitLab Shell's and Gitaly's /allowed
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-8", "other repository"))
	require.NoError(t, s.AddPushNotice(ctx, 6, "project-7", "other user"))

	notices, err := s.FinishPush(ctx, "project-7", testJob{N: 1}, ptr(int64(5)))
	require.NoError(t, err)
	assert.Equal(t, []string{"moved", "created"}, notices, "once each, oldest first")
	assert.EqualValues(t, 0, counter(t, s, "project-7"))
	assert.Equal(t, 1, jobCount(t, pool, "test_job"))

	notices, err = s.FinishPush(ctx, "project-7", testJob{N: 2}, ptr(int64(5)))
	require.NoError(t, err)
	assert.Empty(t, notices, "notices are read once")
	notices, err = s.FinishPush(ctx, "project-7", testJob{N: 3}, ptr(int64(6)))
	require.NoError(t, err)
	assert.Equal(t, []string{"other user"}, notices)
	assert.Equal(t, 3, jobCount(t, pool, "test_job"))
}

func TestFinishPush_ExpiredNoticesAreDroppedNotShown(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	require.NoError(t, s.ApplyWorld(t.Context(), parseWorld(t, `
users:
	- {id: 5, username: ada, email: ada@example.com}
`)))
	ctx := t.Context()
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "stale"))
	var ttl float64
	require.NoError(t, pool.QueryRow(ctx, `SELECT extract(epoch FROM expires_at - now()) FROM push_notices`).Scan(&ttl))
	assert.InDelta(t, 300, ttl, 5, "notices live 5 minutes")
	_, err := pool.Exec(ctx, `UPDATE push_notices SET expires_at = now() - interval '1 second'`)
	require.NoError(t, err)
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "fresh"))

	notices, err := s.FinishPush(ctx, "project-7", testJob{}, ptr(int64(5)))
	require.NoError(t, err)
	assert.Equal(t, []string{"fresh"}, notices)
	var left int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM push_notices`).Scan(&left))
	assert.Zero(t, left, "expired notices are deleted too")
}

func TestFinishPush_AFailingEnqueueUndoesTheDecreaseAndKeepsTheNotices(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	require.NoError(t, s.ApplyWorld(t.Context(), parseWorld(t, `
users:
	- {id: 5, username: ada, email: ada@example.com}
`)))
	ctx := t.Context()
	require.NoError(t, s.IncreaseReferenceCounter(ctx, "project-7"))
	require.NoError(t, s.AddPushNotice(ctx, 5, "project-7", "moved"))

	_, err := s.FinishPush(ctx, "project-7", brokenJob{}, ptr(int64(5)))
	require.Error(t, err)
	assert.EqualValues(t, 1, counter(t, s, "project-7"))
	notices, err := s.FinishPush(ctx, "project-7", testJob{}, ptr(int64(5)))
	require.NoError(t, err)
	assert.Equal(t, []string{"moved"}, notices)
}

func ptr[T any](v T) *T { return &v }
