package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func TestLoad_AppliesAWorldFileIdempotentlyAndRejectsABadOneWithItsLine(t *testing.T) {
	dbURL := pgtest.URL(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "world.yaml")
	require.NoError(t, os.WriteFile(good, []byte("users:\n  - id: 40\n    username: ada\n    email: ada@example.com\n"), 0o600))
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("users:\n  - username: bob\n    email: bob@example.com\n    favourite_colour: blue\n"), 0o600))

	load := func(file string) (string, error) {
		var out bytes.Buffer
		err := Run(context.Background(), []string{"load", "--database-url", dbURL, file}, noEnv, &out, io.Discard)
		return out.String(), err
	}
	for range 2 {
		out, err := load(good)
		require.NoError(t, err)
		assert.Contains(t, out, "1 users")
	}

	_, err := load(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.yaml:4:")
	assert.NotContains(t, err.Error(), "\n")

	st, err := store.Open(t.Context(), dbURL)
	require.NoError(t, err)
	defer st.Close()
	_, err = st.UserByUsername(t.Context(), "bob")
	assert.ErrorIs(t, err, store.ErrNotFound, "nothing of the bad file was applied")
	ada, err := st.UserByUsername(t.Context(), "ada")
	require.NoError(t, err)
	assert.Equal(t, int64(40), ada.ID)
}
