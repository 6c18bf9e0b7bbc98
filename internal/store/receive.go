package store

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/gen/db"
)

// How long push bookkeeping lives (GitLab's Redis TTLs).
const (
	// referenceCounterTTL runs from the counter's last increase (Gitlab::ReferenceCounter).
	referenceCounterTTL = 600 * time.Second
	// pushNoticeTTL is how long a notice from /allowed waits for its post_receive.
	pushNoticeTTL = 5 * time.Minute
)

// IncreaseReferenceCounter counts one more push in progress on the repository and restarts the
// counter's expiry.
func (s *Store) IncreaseReferenceCounter(ctx context.Context, glRepository string) error {
	return mapError(s.q.IncreaseReferenceCounter(ctx, db.IncreaseReferenceCounterParams{
		GlRepository: glRepository, TtlSeconds: int32(referenceCounterTTL / time.Second),
	}))
}

// ReferenceCounter is the number of pushes in progress on the repository (what GitLab checks
// before moving a repository); 0 when the counter is absent or expired.
func (s *Store) ReferenceCounter(ctx context.Context, glRepository string) (int64, error) {
	n, err := s.q.GetReferenceCounter(ctx, glRepository)
	return n, mapError(err)
}

// AddPushNotice leaves a message for the user's next post_receive on the repository (the
// "project moved" and "project created" notices of /allowed). Adding the same text again only
// extends its life.
func (s *Store) AddPushNotice(ctx context.Context, userID int64, glRepository, text string) error {
	return mapError(s.q.AddPushNotice(ctx, db.AddPushNoticeParams{
		UserID: userID, GlRepository: glRepository, Text: text, TtlSeconds: int32(pushNoticeTTL / time.Second),
	}))
}

// FinishPush is what post_receive writes, in one transaction: the reference counter of
// glRepository goes down by one, job (the post-receive job) is enqueued, and when noticesFor is
// set, the notices left for that user on the repository are taken (read and deleted) and
// returned, oldest first. Either all of it happens or none of it does, so the job exists exactly
// when the caller was told the push was recorded.
func (s *Store) FinishPush(ctx context.Context, glRepository string, job river.JobArgs, noticesFor *int64) ([]string, error) {
	var notices []string
	err := s.inJobTx(ctx, func(q *db.Queries, enqueue func(...river.JobArgs) error) error {
		if err := q.DecreaseReferenceCounter(ctx, glRepository); err != nil {
			return err
		}
		if err := enqueue(job); err != nil {
			return err
		}
		if noticesFor == nil {
			return nil
		}
		var err error
		notices, err = q.TakePushNotices(ctx, db.TakePushNoticesParams{UserID: *noticesFor, GlRepository: glRepository})
		return err
	})
	if err != nil {
		return nil, err
	}
	return notices, nil
}
