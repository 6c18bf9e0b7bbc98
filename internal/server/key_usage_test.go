package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// GitLab records when a key was last used by the endpoints GitLab Shell calls with key_id, at
// most once a day (docs/gitlab-rules.md §0.3, §2 step 3, §6 and §7 step 0).
func TestKeyID_EndpointsRecordTheKeysLastUseOnceADay(t *testing.T) {
	world := testWorld + `
projects:
  - full_path: rubi/notes
    lfs_enabled: true
`
	for _, tc := range []struct {
		name, path, body string
		status           int
	}{
		{"lfs_authenticate", "/api/v4/internal/lfs_authenticate", `{"operation":"download","project":"rubi/notes","key_id":"7"}`, http.StatusOK},
		{"personal_access_token", "/api/v4/internal/personal_access_token", `{"name":"ci","scopes":["read_api"],"key_id":"7"}`, http.StatusOK},
		{"two_factor_recovery_codes", "/api/v4/internal/two_factor_recovery_codes", `{"key_id":"7"}`, http.StatusOK},
		{"two_factor_manual_otp_check", "/api/v4/internal/two_factor_manual_otp_check", `{"key_id":"7","otp_attempt":"000000"}`, http.StatusOK},
		{"two_factor_push_otp_check", "/api/v4/internal/two_factor_push_otp_check", `{"key_id":"7"}`, http.StatusOK},
		{"allowed", "/api/v4/internal/allowed", `{"action":"git-upload-pack","project":"rubi/notes","changes":"_any","protocol":"ssh","key_id":"7"}`, http.StatusOK},
		// GitLab records the use before it decides (check_allowed), so a refused command counts.
		{"allowed_denied", "/api/v4/internal/allowed", `{"action":"git-upload-pack","project":"rubi/missing","changes":"_any","protocol":"ssh","key_id":"7"}`, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, world)
			lastUsed := func() *time.Time {
				key, _, err := env.Store.AuthKeyWithOwner(t.Context(), 7)
				require.NoError(t, err)
				return key.LastUsedAt
			}
			require.Nil(t, lastUsed())
			send := func() {
				resp := env.AsShell(t, http.MethodPost, tc.path, tc.body)
				require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			}
			send()
			first := lastUsed()
			require.NotNil(t, first)
			assert.WithinDuration(t, time.Now(), *first, time.Minute)
			send()
			assert.Equal(t, first, lastUsed(), "a second use the same day writes nothing")
		})
	}
}
