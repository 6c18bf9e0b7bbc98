package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
)

func TestStartCluster_WithoutPostgresBinariesSaysWhatToInstall(t *testing.T) {
	_, err := store.StartCluster(t.Context(), t.TempDir(), store.ClusterOptions{BinDir: t.TempDir()})
	require.ErrorIs(t, err, store.ErrPostgresNotInstalled)
	assert.Contains(t, err.Error(), "apt-get install postgresql")
	assert.NotContains(t, err.Error(), "\n", "one line")
}
