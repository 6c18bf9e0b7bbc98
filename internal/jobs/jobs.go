// Package jobs is the work a push leaves behind, run as durable River jobs in glia's database
// (internal/store owns the River client): the post-receive job records ref heads and push events
// and enqueues one webhook delivery per hook and change; each delivery is its own job, retried
// on its own, so a failing hook repeats neither events nor other hooks' deliveries.
package jobs

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/store"
)

// Store is what the jobs read and write.
type Store interface {
	project.Store
	actor.Lookup
	ProjectForHooks(ctx context.Context, id int64) (store.HookProject, error)
	ProjectHooks(ctx context.Context, projectID int64) ([]store.ProjectHook, error)
	ProjectHook(ctx context.Context, id int64) (store.ProjectHook, error)
	RecordPush(ctx context.Context, jobID, projectID, authorID int64, changes []store.RefChange) error
	RecordWebhookAttempt(ctx context.Context, a store.WebhookAttempt) error
}

// Config is what the jobs need to know about the instance.
type Config struct {
	// ExternalURL is where users reach GitLab (project URLs in webhook payloads).
	ExternalURL *url.URL
	// Logger receives what the jobs skip and why; nil discards it.
	Logger *slog.Logger
}

// Queues: webhook deliveries wait apart from post-receive jobs, so slow hooks never hold up the
// recording of pushes (GitLab runs WebHookWorker on its own Sidekiq queue too).
const (
	QueuePostReceive = river.QueueDefault
	QueueWebhooks    = "webhooks"
)

// webhookTimeout bounds one delivery attempt (GitLab's default webhook timeout).
const webhookTimeout = 10 * time.Second

// A job still "running" rescueAfter after it began is taken for abandoned (the glia working it,
// or its PostgreSQL, died) and is run again: River's rescuer looks every 30 seconds, so a push
// whose glia died mid-job is processed within three minutes instead of River's default hour.
// jobTimeout cancels a job's context well before that, so a job still at work is not rescued
// while it runs. Running a job again is safe: a push's events and deliveries are recorded once
// per job and change (store.RecordPush), and a delivery sent twice carries the same
// Idempotency-Key.
const (
	jobTimeout  = time.Minute
	rescueAfter = 2 * time.Minute
)

// RiverConfig is River's configuration for glia's jobs: the workers and both queues. Callers
// may tune the rest (retry policy, poll interval) before handing it to store.NewQueue.
func RiverConfig(db Store, cfg Config) *river.Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &postReceiveWorker{db: db, cfg: cfg})
	river.AddWorker(workers, &webhookWorker{db: db, cfg: cfg, client: &http.Client{Timeout: webhookTimeout}})
	return &river.Config{
		// River's own info lines (client started, stopped) would mix with the access log.
		Logger:               slog.New(minLevel{Handler: cfg.Logger.Handler(), level: slog.LevelWarn}),
		Workers:              workers,
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: rescueAfter,
		Queues: map[string]river.QueueConfig{
			QueuePostReceive: {MaxWorkers: 10},
			QueueWebhooks:    {MaxWorkers: 10},
		},
	}
}

// minLevel passes on only records at level or above.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(attrs), level: h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), level: h.level}
}
