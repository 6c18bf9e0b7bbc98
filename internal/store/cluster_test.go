package store_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

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

// The process that starts a cluster owns its directory until it stops it: a second start there
// is refused, naming the owner's pid, and a start after the stop succeeds.
func TestStartCluster_OneOwnerPerDirectory(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("", "glia-cluster-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // the cluster may run as another user, who must enter it
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	first, err := store.StartCluster(ctx, dir, store.ClusterOptions{Ephemeral: true})
	require.NoError(t, err)
	_, err = store.StartCluster(ctx, dir, store.ClusterOptions{Ephemeral: true})
	var inUse *store.ClusterInUseError
	require.ErrorAs(t, err, &inUse)
	assert.Equal(t, os.Getpid(), inUse.PID)
	assert.Equal(t, "data directory "+dir+" is in use by glia process "+strconv.Itoa(os.Getpid()), err.Error())
	assert.Equal(t, first.URL(), store.ClusterURL(dir), "others can still reach it")

	first.Stop()
	first.Stop() // stopping twice is harmless
	again, err := store.StartCluster(ctx, dir, store.ClusterOptions{Ephemeral: true})
	require.NoError(t, err)
	again.Stop()
}
