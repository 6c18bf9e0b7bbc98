package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/gen/db"
)

// ProjectHook is a project webhook row.
type ProjectHook = db.ProjectHook

// PushEvent is a recorded branch or tag change.
type PushEvent = db.PushEvent

// WebhookDelivery is one recorded attempt to deliver a webhook.
type WebhookDelivery = db.WebhookDelivery

// HookProject is a project with its namespace's name: what webhook payloads describe.
type HookProject = db.GetProjectForHooksRow

// ProjectForHooks finds a project for a webhook payload.
func (s *Store) ProjectForHooks(ctx context.Context, id int64) (HookProject, error) {
	p, err := s.q.GetProjectForHooks(ctx, id)
	return p, mapError(err)
}

// ProjectHooks lists a project's webhooks, oldest first.
func (s *Store) ProjectHooks(ctx context.Context, projectID int64) ([]ProjectHook, error) {
	hooks, err := s.q.ListProjectHooks(ctx, projectID)
	return hooks, mapError(err)
}

// ProjectHook finds a webhook.
func (s *Store) ProjectHook(ctx context.Context, id int64) (ProjectHook, error) {
	h, err := s.q.GetProjectHook(ctx, id)
	return h, mapError(err)
}

// RefChange is one branch or tag change of a push, as the post-receive job records it.
type RefChange struct {
	Ref     string // the full ref name (refs/heads/main)
	RefType string // branch or tag
	Action  string // created, pushed or removed
	Before  string
	After   string
	// Jobs follow from the change (its webhook deliveries); they are enqueued with it.
	Jobs []river.JobArgs
}

// RecordPush records the changes of a push to a project, in one transaction: for each change a
// push event, the ref's new head (or its removal), and the change's jobs. jobID is the
// post-receive job's; a change the same job recorded before is skipped whole, so a job that runs
// again neither repeats events or deliveries nor moves a head back.
func (s *Store) RecordPush(ctx context.Context, jobID, projectID, authorID int64, changes []RefChange) error {
	return s.inJobTx(ctx, func(q *db.Queries, enqueue func(...river.JobArgs) error) error {
		for i, c := range changes {
			_, err := q.InsertPushEvent(ctx, db.InsertPushEventParams{
				ProjectID: projectID, AuthorID: &authorID, JobID: jobID, ChangeIndex: int32(i),
				Ref: c.Ref, RefType: c.RefType, Action: c.Action, CommitFrom: c.Before, CommitTo: c.After,
			})
			if errors.Is(err, pgx.ErrNoRows) {
				continue // recorded by an earlier run of the job
			} else if err != nil {
				return err
			}
			if err := setHead(ctx, q, projectID, c); err != nil {
				return err
			}
			if err := enqueue(c.Jobs...); err != nil {
				return err
			}
		}
		return nil
	})
}

func setHead(ctx context.Context, q *db.Queries, projectID int64, c RefChange) error {
	digest := sha256.Sum256([]byte(c.Ref))
	if c.Action == "removed" {
		return q.DeleteRepositoryRef(ctx, db.DeleteRepositoryRefParams{ProjectID: projectID, RefDigest: digest[:]})
	}
	return q.SetRepositoryRef(ctx, db.SetRepositoryRefParams{ProjectID: projectID, RefDigest: digest[:], Ref: c.Ref, Sha: c.After})
}

// PushEvents lists a project's push events, oldest first.
func (s *Store) PushEvents(ctx context.Context, projectID int64) ([]PushEvent, error) {
	events, err := s.q.ListPushEvents(ctx, projectID)
	return events, mapError(err)
}

// RepositoryRefs maps each branch and tag of a project's repository to its head, as the
// recorded pushes left them.
func (s *Store) RepositoryRefs(ctx context.Context, projectID int64) (map[string]string, error) {
	rows, err := s.q.ListRepositoryRefs(ctx, projectID)
	if err != nil {
		return nil, mapError(err)
	}
	heads := make(map[string]string, len(rows))
	for _, r := range rows {
		heads[r.Ref] = r.Sha
	}
	return heads, nil
}

// WebhookAttempt is the outcome of one attempt to deliver a webhook.
type WebhookAttempt struct {
	HookID     int64
	JobID      int64
	Attempt    int
	Event      string // the X-Gitlab-Event header
	URL        string
	StatusCode int // 0: no response
	Error      string
	Duration   time.Duration
}

// RecordWebhookAttempt logs a delivery attempt.
func (s *Store) RecordWebhookAttempt(ctx context.Context, a WebhookAttempt) error {
	var status *int32
	if a.StatusCode != 0 {
		code := int32(a.StatusCode)
		status = &code
	}
	return mapError(s.q.InsertWebhookDelivery(ctx, db.InsertWebhookDeliveryParams{
		HookID: a.HookID, JobID: a.JobID, Attempt: int32(a.Attempt), Event: a.Event, URL: a.URL,
		StatusCode: status, Error: a.Error, DurationMs: int32(a.Duration.Milliseconds()),
	}))
}

// WebhookDeliveries lists the recorded delivery attempts of a hook, oldest first.
func (s *Store) WebhookDeliveries(ctx context.Context, hookID int64) ([]WebhookDelivery, error) {
	rows, err := s.q.ListWebhookDeliveries(ctx, hookID)
	return rows, mapError(err)
}
