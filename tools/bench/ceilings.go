package main

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// httpCeiling serves discover's answer from a bare Go handler: what this machine's HTTP stack
// and the load generator manage with no work behind the response.
func httpCeiling() (baseURL string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	body := []byte(`{"id":4242,"name":"User 4242","username":"user4242"}` + "\n")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// dbCeiling runs a primary-key lookup (prepared by pgx's statement cache) in a loop on as many
// connections as the HTTP loads use: what the database manages for the smallest query an
// endpoint can make.
func dbCeiling(ctx context.Context, pool *pgxpool.Pool, s loadSettings) (result, error) {
	const query = `SELECT id, username, name FROM users WHERE id = $1`
	run := func(d time.Duration) ([]time.Duration, error) {
		var (
			mu        sync.Mutex
			latencies []time.Duration
			firstErr  error
			wg        sync.WaitGroup
		)
		deadline := time.Now().Add(d)
		for range s.connections {
			wg.Go(func() {
				var own []time.Duration
				var id int64
				var username, name string
				for time.Now().Before(deadline) {
					start := time.Now()
					if err := pool.QueryRow(ctx, query, rand.IntN(users)+1).Scan(&id, &username, &name); err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						return
					}
					own = append(own, time.Since(start))
				}
				mu.Lock()
				latencies = append(latencies, own...)
				mu.Unlock()
			})
		}
		wg.Wait()
		return latencies, firstErr
	}
	if _, err := run(s.warmup); err != nil {
		return result{}, err
	}
	latencies, err := run(s.duration)
	if err != nil {
		return result{}, err
	}
	slices.Sort(latencies)
	return result{
		name: "database ceiling: primary-key lookup", rps: float64(len(latencies)) / s.duration.Seconds(),
		p50: percentile(latencies, 0.50), p99: percentile(latencies, 0.99),
	}, nil
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}
