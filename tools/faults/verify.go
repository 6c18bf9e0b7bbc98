package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// recordedPushes counts the push events of the load's branches in the private cluster:
// branch → rows.
func recordedPushes(ctx context.Context, dbURL string) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT ref, count(*) FROM push_events
		WHERE project_id = $1 AND ref LIKE 'refs/heads/load-%' GROUP BY ref`, pushProject)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for rows.Next() {
		var ref string
		var n int
		if err := rows.Scan(&ref, &n); err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(ref, "refs/heads/")] = n
	}
	return out, rows.Err()
}

// missingOf returns the acknowledged branches without a push event.
func missingOf(acked []string, recorded map[string]int) []string {
	var missing []string
	for _, b := range acked {
		if recorded[b] == 0 {
			missing = append(missing, b)
		}
	}
	return missing
}

// awaitRecorded polls until every acknowledged branch has its push event, for up to limit. It
// returns how long that took, the last counts and the branches still missing.
func awaitRecorded(ctx context.Context, dbURL string, acked []string, limit time.Duration) (time.Duration, map[string]int, []string, error) {
	start := time.Now()
	for {
		recorded, err := recordedPushes(ctx, dbURL)
		if err == nil {
			missing := missingOf(acked, recorded)
			if len(missing) == 0 || time.Since(start) >= limit {
				return time.Since(start), recorded, missing, nil
			}
		} else if time.Since(start) >= limit {
			return time.Since(start), nil, nil, fmt.Errorf("count push events: %w", err)
		}
		if err := sleep(ctx, time.Second); err != nil {
			return time.Since(start), nil, nil, err
		}
	}
}

// awaitQueueEmpty polls until no post-receive job is left to run (available, running,
// retryable, scheduled), for up to limit: then jobs run again (retried, or rescued from a glia
// that died) have had their chance to record something twice. It returns how long that took
// and the jobs still pending.
func awaitQueueEmpty(ctx context.Context, dbURL string, limit time.Duration) (time.Duration, int, error) {
	start := time.Now()
	for {
		n, err := pendingJobs(ctx, dbURL)
		if err == nil && (n == 0 || time.Since(start) >= limit) {
			return time.Since(start), n, nil
		}
		if err != nil && time.Since(start) >= limit {
			return time.Since(start), 0, fmt.Errorf("count pending jobs: %w", err)
		}
		if err := sleep(ctx, time.Second); err != nil {
			return time.Since(start), 0, err
		}
	}
}

func pendingJobs(ctx context.Context, dbURL string) (int, error) {
	return count(ctx, dbURL, `SELECT count(*) FROM river_job
		WHERE kind = 'post_receive' AND state NOT IN ('completed', 'cancelled', 'discarded')`)
}

// count runs a counting query on a connection of its own (the database may just have come
// back), bounded to 15 s.
func count(ctx context.Context, dbURL, query string, args ...any) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// jobsOf describes the post-receive jobs of some branches (at most ten) and the state of every
// post-receive job, to tell where a missing push is: never enqueued, waiting, retrying or
// discarded.
func jobsOf(ctx context.Context, dbURL string, branches []string) []string {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return []string{"cannot connect: " + err.Error()}
	}
	defer conn.Close(context.Background())
	var out []string
	rows, err := conn.Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind = 'post_receive' GROUP BY state ORDER BY state`)
	if err == nil {
		var parts []string
		for rows.Next() {
			var state string
			var n int
			if rows.Scan(&state, &n) == nil {
				parts = append(parts, fmt.Sprintf("%s ×%d", state, n))
			}
		}
		out = append(out, "post-receive jobs by state: "+strings.Join(parts, ", "))
	} else {
		out = append(out, "river_job: "+err.Error())
	}
	for i, b := range branches {
		if i == 10 {
			out = append(out, fmt.Sprintf("… and %d more", len(branches)-10))
			break
		}
		var id int64
		var state string
		var attempt int
		var errs string
		err := conn.QueryRow(ctx, `SELECT id, state::text, attempt, coalesce(errors::text, '') FROM river_job
			WHERE kind = 'post_receive' AND args::text LIKE '%' || $1 || '%' ORDER BY id LIMIT 1`, `refs/heads/`+b+`"`).Scan(&id, &state, &attempt, &errs)
		switch {
		case err == pgx.ErrNoRows:
			out = append(out, fmt.Sprintf("%s: no post-receive job (never enqueued, or finished and deleted)", b))
		case err != nil:
			out = append(out, fmt.Sprintf("%s: %v", b, err))
		default:
			out = append(out, fmt.Sprintf("%s: job %d %s after %d attempts %s", b, id, state, attempt, oneLine(errs, 300)))
		}
	}
	return out
}

// jobsLeftRunning counts the post-receive jobs still running that began before a time: those a
// glia killed then was working on.
func jobsLeftRunning(ctx context.Context, dbURL string, before time.Time) (int, error) {
	return count(ctx, dbURL, `SELECT count(*) FROM river_job
		WHERE kind = 'post_receive' AND state = 'running' AND attempted_at < $1`, before)
}

// jobSummary says how the post-receive jobs ended and how many ran more than once (retried
// after an error, or rescued from a glia or database that died): those are where a push could
// have been recorded twice.
func jobSummary(ctx context.Context, dbURL string) []string {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return []string{"post-receive jobs: cannot connect: " + err.Error()}
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, `SELECT state::text, count(*), count(*) FILTER (WHERE attempt > 1)
		FROM river_job WHERE kind = 'post_receive' GROUP BY state ORDER BY state`)
	if err != nil {
		return []string{"post-receive jobs: " + err.Error()}
	}
	var parts []string
	again := 0
	for rows.Next() {
		var state string
		var n, more int
		if err := rows.Scan(&state, &n, &more); err != nil {
			return []string{"post-receive jobs: " + err.Error()}
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", state, n))
		again += more
	}
	if err := rows.Err(); err != nil {
		return []string{"post-receive jobs: " + err.Error()}
	}
	return []string{fmt.Sprintf("Post-receive jobs: %s; %d of them ran more than once (retried or rescued).",
		strings.Join(parts, ", "), again)}
}
