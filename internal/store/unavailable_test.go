package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func TestPoolConfig_BoundsConnectingAndStatementsUnlessTheURLSaysOtherwise(t *testing.T) {
	t.Parallel()
	var timeout string
	require.NoError(t, pgtest.Pool(t).QueryRow(t.Context(), "SHOW statement_timeout").Scan(&timeout))
	assert.Equal(t, "5s", timeout)

	cfg, err := store.PoolConfig("postgres://glia@localhost/glia")
	require.NoError(t, err)
	assert.Equal(t, store.ConnectTimeout, cfg.ConnConfig.ConnectTimeout)
	assert.Equal(t, "5000", cfg.ConnConfig.RuntimeParams["statement_timeout"])

	cfg, err = store.PoolConfig("postgres://glia@localhost/glia?connect_timeout=2&statement_timeout=30s")
	require.NoError(t, err)
	assert.Equal(t, 2*time.Second, cfg.ConnConfig.ConnectTimeout)
	assert.Equal(t, "30s", cfg.ConnConfig.RuntimeParams["statement_timeout"])

	cfg, err = store.PoolConfig("postgres://glia@localhost/glia?options=-c%20statement_timeout%3D0")
	require.NoError(t, err)
	assert.NotContains(t, cfg.ConnConfig.RuntimeParams, "statement_timeout", "options= sets it already")
}

func TestIsUnavailable_RecognisesADatabaseThatIsDownOrTooSlow(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	pool := pgtest.Pool(t)
	// PostgreSQL cancelling a statement that outlasts statement_timeout.
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	_, err = conn.Exec(ctx, "SET statement_timeout = '50ms'")
	require.NoError(t, err)
	_, slow := conn.Exec(ctx, "SELECT pg_sleep(2)")
	require.Error(t, slow)
	_, err = conn.Exec(ctx, "RESET statement_timeout")
	require.NoError(t, err)

	// Nobody listening.
	_, refused := pgx.Connect(ctx, "postgres://glia@127.0.0.1:1/glia?sslmode=disable&connect_timeout=2")
	require.Error(t, refused)

	// A caller's deadline passing while the query runs.
	deadline, cancelQuery := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelQuery()
	_, late := pool.Exec(deadline, "SELECT pg_sleep(2)")
	require.Error(t, late)

	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"statement timeout (57014)":      {slow, true},
		"connection refused":             {refused, true},
		"deadline passed during a query": {late, true},
		"the store's sentinel":           {fmt.Errorf("look up key: %w", store.ErrUnavailable), true},
		"administrator shutdown (57P01)": {&pgconn.PgError{Code: "57P01"}, true},
		"starting up (57P03)":            {&pgconn.PgError{Code: "57P03"}, true},
		"connection failure (08006)":     {&pgconn.PgError{Code: "08006"}, true},
		"too many connections (53300)":   {&pgconn.PgError{Code: "53300"}, true},
		"unique violation":               {&pgconn.PgError{Code: "23505"}, false},
		"invalid text (22021)":           {&pgconn.PgError{Code: "22021"}, false},
		"no rows":                        {pgx.ErrNoRows, false},
		"the caller went away":           {context.Canceled, false},
		"anything else":                  {errors.New("boom"), false},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, store.IsUnavailable(tc.err), "%v", tc.err)
		})
	}
}
