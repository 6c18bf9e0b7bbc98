package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func TestStore_PingAnswersOnAMigratedDatabase(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	require.NoError(t, s.Ping(t.Context()))
}

func TestPoolConfig_SessionsPlanGenericallyUnlessTheURLSaysOtherwise(t *testing.T) {
	t.Parallel()
	var mode string
	require.NoError(t, pgtest.Pool(t).QueryRow(t.Context(), "SHOW plan_cache_mode").Scan(&mode))
	require.Equal(t, "force_generic_plan", mode)

	cfg, err := store.PoolConfig("postgres://glia@localhost/glia?plan_cache_mode=auto")
	require.NoError(t, err)
	require.Equal(t, "auto", cfg.ConnConfig.RuntimeParams["plan_cache_mode"])

	cfg, err = store.PoolConfig("postgres://glia@localhost/glia?plan_cache_mode=")
	require.NoError(t, err)
	require.NotContains(t, cfg.ConnConfig.RuntimeParams, "plan_cache_mode", "an empty value sends nothing (PgBouncer)")
}
