package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/version"
)

// webhookAttempts is how often a delivery is tried: once and 4 retries, as GitLab's
// WebHookWorker (Sidekiq retry: 4), with River's backoff between them.
const webhookAttempts = 5

// WebhookDelivery is one event for one hook: the delivery job's arguments. The payload is built
// when the push is recorded and kept as text, so that its key order survives storage.
type WebhookDelivery struct {
	HookID int64  `json:"hook_id"`
	Event  string `json:"event"` // X-Gitlab-Event
	// EventUUID is shared by every hook's delivery of the same event (X-Gitlab-Event-UUID).
	EventUUID string `json:"event_uuid"`
	// IdempotencyKey stays the same across the delivery's retries (Idempotency-Key).
	IdempotencyKey string `json:"idempotency_key"`
	Payload        string `json:"payload"`
}

// Kind names the delivery job.
func (WebhookDelivery) Kind() string { return "webhook_delivery" }

// InsertOpts puts deliveries on their own queue with GitLab's number of attempts.
func (WebhookDelivery) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueWebhooks, MaxAttempts: webhookAttempts}
}

// webhookWorker posts a delivery to its hook. A transport error or a status other than 2xx
// fails the attempt, and River retries it later; every attempt is recorded. A hook deleted in
// the meantime gets nothing.
type webhookWorker struct {
	river.WorkerDefaults[WebhookDelivery]
	db     Store
	cfg    Config
	client *http.Client
}

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookDelivery]) error {
	d := job.Args
	hook, err := w.db.ProjectHook(ctx, d.HookID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	attempt := store.WebhookAttempt{HookID: hook.ID, JobID: job.ID, Attempt: job.Attempt, Event: d.Event, URL: hook.URL}
	start := time.Now()
	status, deliveryErr := w.post(ctx, hook, d)
	attempt.Duration = time.Since(start)
	attempt.StatusCode = status
	if deliveryErr != nil {
		attempt.Error = deliveryErr.Error()
	}
	if err := w.db.RecordWebhookAttempt(ctx, attempt); err != nil {
		// The delivery's outcome decides the job: failing a delivered webhook over its log
		// entry would send it again.
		w.cfg.Logger.WarnContext(ctx, "webhook attempt not recorded", slog.Int64("hook_id", hook.ID), slog.Any("err", err))
	}
	return deliveryErr
}

// post sends the delivery and returns the response status (0 when there was none) and why the
// attempt failed, if it did.
func (w *webhookWorker) post(ctx context.Context, hook store.ProjectHook, d WebhookDelivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, strings.NewReader(d.Payload))
	if err != nil {
		return 0, fmt.Errorf("webhook %d: %w", hook.ID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "GitLab/"+version.GitLabVersion)
	req.Header.Set("X-Gitlab-Event", d.Event)
	req.Header.Set("X-Gitlab-Event-UUID", d.EventUUID)
	req.Header.Set("X-Gitlab-Webhook-UUID", uuid.NewString())
	req.Header.Set("X-Gitlab-Instance", strings.TrimSuffix(w.cfg.ExternalURL.String(), "/"))
	req.Header.Set("Idempotency-Key", d.IdempotencyKey)
	if hook.Token != "" {
		req.Header.Set("X-Gitlab-Token", hook.Token)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("webhook %d: %w", hook.ID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The status code only: the reason phrase is the hook's text and could be anything.
		return resp.StatusCode, fmt.Errorf("webhook %d answered %d", hook.ID, resp.StatusCode)
	}
	return resp.StatusCode, nil
}
