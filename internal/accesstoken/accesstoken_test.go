package accesstoken_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// withWorld applies a world file to a store.
func withWorld(t *testing.T, st *store.Store, yaml string) *store.Store {
	t.Helper()
	w, err := world.Parse([]byte(yaml), "test world")
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))
	return st
}
