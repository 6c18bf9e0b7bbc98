package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/glia-dev/glia/gen/db"
)

// Jobs run on River (github.com/riverqueue/river) in glia's own database, so a job is enqueued
// in the same transaction as the state change it follows from: it exists exactly when that
// change was committed. River's pgx driver makes this the store's business.

// Queue works the jobs: River's client with workers, over the store's pool.
type Queue struct {
	client *river.Client[pgx.Tx]
}

// NewQueue builds the job runner from River's configuration (workers, queues, retry policy …);
// it works nothing until Start.
func (s *Store) NewQueue(cfg *river.Config) (*Queue, error) {
	client, err := river.NewClient(riverpgxv5.New(s.pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("create job queue: %w", err)
	}
	return &Queue{client: client}, nil
}

// Start begins working jobs in the background. Cancelling ctx stops the queue without waiting
// for running jobs; Stop lets them finish.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for the running ones until ctx is done. Jobs it leaves
// unfinished are worked again by the next queue started on the database: those still marked
// running once River's rescuer takes them for abandoned (the configuration's
// RescueStuckJobsAfter), as are those of a glia that died.
func (q *Queue) Stop(ctx context.Context) error {
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("stop job queue: %w", err)
	}
	return nil
}

// inJobTx runs fn in one transaction whose jobs, handed to enqueue, are inserted in it.
func (s *Store) inJobTx(ctx context.Context, fn func(q *db.Queries, enqueue func(...river.JobArgs) error) error) error {
	return mapError(pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		enqueue := func(jobs ...river.JobArgs) error {
			if len(jobs) == 0 {
				return nil
			}
			return s.insertJobsTx(ctx, tx, jobs)
		}
		return fn(s.q.WithTx(tx), enqueue)
	}))
}

// newJobInserter builds the insert-only River client. With an empty configuration River has
// nothing to reject, so an error here is a programming error.
func newJobInserter() *river.Client[pgx.Tx] {
	client, err := river.NewClient(riverpgxv5.New(nil), &river.Config{})
	if err != nil {
		panic(fmt.Sprintf("create job inserter: %v", err))
	}
	return client
}

// insertJobsTx inserts jobs in tx.
func (s *Store) insertJobsTx(ctx context.Context, tx pgx.Tx, jobs []river.JobArgs) error {
	params := make([]river.InsertManyParams, len(jobs))
	for i, job := range jobs {
		params[i] = river.InsertManyParams{Args: job}
	}
	if _, err := s.jobs.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue jobs: %w", err)
	}
	return nil
}
