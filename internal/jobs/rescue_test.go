package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/jobs"
	"github.com/glia-dev/glia/internal/receive"
)

// A glia (or its PostgreSQL) that dies while it works a push leaves the job "running" with
// nobody working it. Three minutes later the next glia on the database has finished it, and the
// push is in effect processed once: its events are recorded once, each hook gets each change once.
func TestPostReceiveJob_AbandonedByACrashedGliaIsFinishedWithinMinutesAndOnce(t *testing.T) {
	t.Parallel()
	hook := newHookServer(t)
	e := newEnv(t, "["+hookYAML(hook.URL, "")+"]")
	e.push(t, receive.Push{GLRepository: "project-7", Identifier: "user-1", Changes: []receive.Change{
		{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"},
		{OldRev: shaA, NewRev: shaB, Ref: "refs/heads/main"},
	}})

	// The crashed glia had recorded the push and enqueued its deliveries, and had begun one of
	// them, when it died: neither job was reported finished.
	stop := e.startQueue(t, jobs.QueuePostReceive)
	require.Eventually(t, func() bool { return e.jobsLeft(t, "post_receive") == 0 }, 15*time.Second, 20*time.Millisecond)
	stop()
	require.Len(t, e.events(t), 2)
	_, err := e.pool.Exec(t.Context(), `UPDATE river_job SET state = 'running', finalized_at = NULL, attempt = 1,
		attempted_at = now() - interval '3 minutes', attempted_by = '{crashed-glia}'
		WHERE kind = 'post_receive' OR id = (SELECT min(id) FROM river_job WHERE kind = 'webhook_delivery')`)
	require.NoError(t, err)
	require.Equal(t, 1, e.jobCount(t, "post_receive", "running"))
	require.Equal(t, 1, e.jobCount(t, "webhook_delivery", "running"))

	// The next glia, configured as glia serve configures it.
	cfg := jobs.RiverConfig(e.store, jobs.Config{ExternalURL: externalURL})
	assert.Less(t, cfg.JobTimeout, cfg.RescueStuckJobsAfter, "a job that honours its timeout is over before it counts as abandoned")
	q, err := e.store.NewQueue(cfg)
	require.NoError(t, err)
	started := time.Now()
	require.NoError(t, q.Start(context.WithoutCancel(t.Context())))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, q.Stop(ctx))
	})
	require.Eventually(t, func() bool {
		return e.jobsLeft(t, "post_receive") == 0 && e.jobsLeft(t, "webhook_delivery") == 0
	}, 60*time.Second, 100*time.Millisecond, "abandoned jobs are still unfinished a minute after the next glia started")
	t.Logf("abandoned jobs finished %s after the next glia started", time.Since(started).Round(time.Millisecond))

	assert.Equal(t, 1, e.jobCount(t, "post_receive", "completed"))
	assert.Len(t, e.events(t), 2, "the push's events are recorded once")
	assert.Equal(t, 2, e.jobCount(t, "webhook_delivery", "completed"), "no delivery is enqueued twice")
	assert.Len(t, hook.received(), 2, "the hook gets each change once")
}
