// Package store is glia's persistence layer: the PostgreSQL pool, transactions, the migration
// runner and the private-cluster launcher. It is the only package that imports gen/db; it maps
// pgx errors to the sentinels below so nobody above it sees a driver error.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/gen/db"
)

// ErrNotFound means the row asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict means a write collided with a uniqueness rule.
var ErrConflict = errors.New("conflict")

// ErrGone means a write referred to a row that was deleted meanwhile (a foreign key refused it).
var ErrGone = errors.New("referenced row is gone")

// ErrUnavailable means the database could not be reached or did not answer in time: a transient
// failure the HTTP layer answers 503 with Retry-After, never a hang or a 500. The driver's error
// stays wrapped for the log.
var ErrUnavailable = errors.New("database unavailable")

// Session limits PoolConfig applies unless the database URL sets its own.
const (
	// ConnectTimeout bounds opening one connection (dial, TLS, start-up and authentication):
	// a local or nearby PostgreSQL connects in milliseconds, and it is below the request
	// timeout (glia serve --request-timeout, 8s by default), so a request waiting for a new
	// connection learns of a dead server in time to answer 503 itself.
	ConnectTimeout = 5 * time.Second
	// StatementTimeout is PostgreSQL's statement_timeout for glia's sessions. glia's statements
	// are index lookups and small writes that take milliseconds; it is below the request timeout,
	// so PostgreSQL cancels a statement that is stuck (a lock wait, an overloaded server) itself,
	// keeping the connection, while the request still has time to answer 503 (SQLSTATE 57014).
	StatementTimeout = 5 * time.Second
)

// Store reads and writes glia's state.
type Store struct {
	pool *pgxpool.Pool
	q    *db.Queries
	// jobs inserts jobs inside the store's transactions. It is insert-only (no pool, no
	// workers): the Queue built by NewQueue works them.
	jobs *river.Client[pgx.Tx]
}

// Open connects to the database at url and checks the connection.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := PoolConfig(url)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return New(pool), nil
}

// PoolConfig reads a database URL into glia's pool configuration. Connecting is bounded by
// ConnectTimeout unless the URL sets connect_timeout, and statements by StatementTimeout unless
// the URL sets statement_timeout (as a parameter or in options=-c…); waiting for a connection of
// the pool is bounded by the caller's context (every request has a deadline). Its sessions plan each
// prepared statement once, generically (plan_cache_mode=force_generic_plan), unless the URL
// says otherwise (an empty plan_cache_mode= sends no setting at all). Every glia query is a
// lookup through indexes whose plan does not depend on the values looked up, and PostgreSQL's
// default plans each of a statement's first five executions on each connection anew, then
// keeps doing so whenever it estimates the generic plan dearer: for /internal/allowed's access
// query that was about 3 ms of planning per call, and under load (make bench) allowed answered
// 400-570 requests/s instead of 1,200-1,400.
func PoolConfig(url string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	switch mode, set := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; {
	case !set:
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	case mode == "":
		// plan_cache_mode= asks for nothing to be sent: PgBouncer refuses startup parameters
		// it does not know unless its ignore_startup_parameters lists them.
		delete(cfg.ConnConfig.RuntimeParams, "plan_cache_mode")
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = ConnectTimeout
	}
	params := cfg.ConnConfig.RuntimeParams
	if _, set := params["statement_timeout"]; !set && !strings.Contains(params["options"], "statement_timeout") {
		params["statement_timeout"] = fmt.Sprint(StatementTimeout.Milliseconds())
	}
	return cfg, nil
}

// New wraps an existing pool.
func New(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, q: db.New(pool), jobs: newJobInserter()}
}

// Close releases every connection.
func (s *Store) Close() { s.pool.Close() }

// Ping reports whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.q.Ping(ctx)
	return mapError(err)
}

// inTx runs fn inside one transaction, committed only when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(q *db.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(s.q.WithTx(tx))
	})
}

// mapError turns driver errors into the store's sentinels and leaves others wrapped as they are.
// A database that is unreachable or too slow is ErrUnavailable wrapping the driver's error (so
// errors.Is still finds context.DeadlineExceeded in it).
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %s", ErrConflict, pgErr.ConstraintName)
		case "23503": // foreign_key_violation
			return fmt.Errorf("%w: %s", ErrGone, pgErr.ConstraintName)
		}
	}
	if unavailable(err) && !errors.Is(err, ErrUnavailable) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}

// IsUnavailable reports whether err means the database could not be reached or did not answer
// in time, whether or not it went through mapError (a transaction's BEGIN or COMMIT does not).
func IsUnavailable(err error) bool {
	return errors.Is(err, ErrUnavailable) || unavailable(err)
}

// unavailable recognises the driver's ways of saying the database is down or too slow: no
// connection could be made, the caller's deadline passed (waiting for a connection of the pool,
// or for an answer), the connection broke, or PostgreSQL cancelled the statement
// (statement_timeout), is shutting down, starting up, or out of connection slots.
func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57014", // query_canceled (statement_timeout)
			"57P01", // admin_shutdown
			"57P02", // crash_shutdown
			"57P03", // cannot_connect_now (starting up, shutting down, in recovery)
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) ||
		errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, pgconn.ErrConnClosed)
}
