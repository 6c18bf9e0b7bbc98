package errortracking_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/errortracking"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

const trackingWorld = `
groups:
  - full_path: acme
projects:
  - id: 111
    full_path: acme/tracked
    error_tracking:
      enabled: true
      client_keys:
        - public_key: live-key
        - public_key: retired-key
          active: false
  - id: 112
    full_path: acme/untracked
    error_tracking:
      enabled: false
      client_keys:
        - public_key: idle-key
  - id: 113
    full_path: acme/plain
`

func TestEnabled_NeedsTrackingOnAndAnActiveKeyOfThatProject(t *testing.T) {
	st := pgtest.Store(t)
	w, err := world.Parse([]byte(trackingWorld), t.Name())
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))

	cases := []struct {
		name      string
		projectID int64
		publicKey string
		want      bool
	}{
		{"active key of a tracking project", 111, "live-key", true},
		{"inactive key", 111, "retired-key", false},
		{"unknown key", 111, "no-such-key", false},
		{"key compared exactly, case included", 111, "LIVE-KEY", false},
		{"key of another project", 113, "live-key", false},
		{"active key, tracking disabled", 112, "idle-key", false},
		{"project without error-tracking settings", 113, "live-key", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := errortracking.Enabled(t.Context(), st, tc.projectID, tc.publicKey)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("unknown project", func(t *testing.T) {
		_, err := errortracking.Enabled(t.Context(), st, 999, "live-key")
		assert.ErrorIs(t, err, errortracking.ErrProjectNotFound)
	})
}
