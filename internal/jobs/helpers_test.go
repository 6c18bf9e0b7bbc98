package jobs_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/jobs"
	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

var (
	zero = strings.Repeat("0", 40)
	shaA = "fd9e76b9136bdd9fe217061b497745792fe5a5ee"
	shaB = "570e7b2abdd848b95f2f578043fc23bd6f6fd24d"
)

var externalURL = &url.URL{Scheme: "https", Host: "gitlab.example.com"}

// env is a database with a world whose project 7 (gnuwget/wget, pushed to by root) has the
// given hooks.
type env struct {
	pool  *pgxpool.Pool
	store *store.Store
}

func newEnv(t *testing.T, hooksYAML string) env {
	t.Helper()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	w, err := world.Parse([]byte(`
users:
  - {id: 1, username: root, name: Administrator, email: root@example.com, admin: true}
groups:
  - {id: 22, full_path: gnuwget, name: GNU Wget, visibility: public, members: [{user: root, access: owner}]}
projects:
  - id: 7
    full_path: gnuwget/wget
    name: Wget
    visibility: internal
    default_branch: main
    hooks: `+hooksYAML+`
`), t.Name())
	require.NoError(t, err)
	require.NoError(t, s.ApplyWorld(t.Context(), w))
	return env{pool: pool, store: s}
}

// push enqueues a post-receive job the way post_receive does.
func (e env) push(t *testing.T, push receive.Push) {
	t.Helper()
	_, err := e.store.FinishPush(t.Context(), push.GLRepository, push, nil)
	require.NoError(t, err)
}

// retryAtOnce retries failed jobs right away, so tests need not wait out River's backoff.
type retryAtOnce struct{}

func (retryAtOnce) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(10 * time.Millisecond)
}

// startQueue works the jobs of the given queues (all of glia's when none are named) until the
// returned stop is called or the test ends.
func (e env) startQueue(t *testing.T, queues ...string) (stop func()) {
	t.Helper()
	cfg := jobs.RiverConfig(e.store, jobs.Config{ExternalURL: externalURL})
	cfg.RetryPolicy = retryAtOnce{}
	cfg.FetchPollInterval = 20 * time.Millisecond
	cfg.FetchCooldown = 5 * time.Millisecond
	cfg.TestOnly = true
	if len(queues) > 0 {
		only := map[string]river.QueueConfig{}
		for _, q := range queues {
			only[q] = cfg.Queues[q]
		}
		cfg.Queues = only
	}
	q, err := e.store.NewQueue(cfg)
	require.NoError(t, err)
	require.NoError(t, q.Start(context.WithoutCancel(t.Context())))
	var once sync.Once
	stop = func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			require.NoError(t, q.Stop(ctx))
		})
	}
	t.Cleanup(stop)
	return stop
}

// jobsLeft counts jobs of kind that are not finished.
func (e env) jobsLeft(t *testing.T, kind string) int {
	t.Helper()
	var n int
	require.NoError(t, e.pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job
		WHERE kind = $1 AND state NOT IN ('completed', 'discarded', 'cancelled')`, kind).Scan(&n))
	return n
}

func (e env) jobCount(t *testing.T, kind, state string) int {
	t.Helper()
	var n int
	require.NoError(t, e.pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = $1 AND state = $2`, kind, state).Scan(&n))
	return n
}

// waitIdle waits until every job is finished.
func (e env) waitIdle(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool {
		return e.jobsLeft(t, "post_receive") == 0 && e.jobsLeft(t, "webhook_delivery") == 0
	}, 15*time.Second, 20*time.Millisecond)
}

func (e env) events(t *testing.T) []store.PushEvent {
	t.Helper()
	events, err := e.store.PushEvents(t.Context(), 7)
	require.NoError(t, err)
	return events
}

// hookServer is a webhook receiver that records what it gets and answers with the statuses
// given, in turn (the last one from then on).
type hookServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	requests []hookRequest
}

type hookRequest struct {
	header http.Header
	body   string
}

func newHookServer(t *testing.T, statuses ...int) *hookServer {
	t.Helper()
	h := &hookServer{statuses: statuses}
	if len(h.statuses) == 0 {
		h.statuses = []int{http.StatusOK}
	}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.requests = append(h.requests, hookRequest{header: r.Header.Clone(), body: string(body)})
		status := h.statuses[min(len(h.requests), len(h.statuses))-1]
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) received() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.requests...)
}

// hookYAML is a flow-style hook entry for the world.
func hookYAML(url, extra string) string {
	return fmt.Sprintf("{url: %q%s}", url, extra)
}
