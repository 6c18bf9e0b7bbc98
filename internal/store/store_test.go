package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func TestStore_PingAnswersOnAMigratedDatabase(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	require.NoError(t, s.Ping(t.Context()))
}
