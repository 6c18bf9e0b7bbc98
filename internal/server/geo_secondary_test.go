package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/geo"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// geoWorld is createOnPushWorld with a project.
const geoWorld = createOnPushWorld + `
projects:
  - {id: 3, full_path: gnuwget/wget2}
`

var geoSecret = []byte("the-secondary-site-secret-access-key")

// geoSecondary is glia running as a Geo secondary of https://primary.example.com.
func geoSecondary(t *testing.T) *apitest.Env {
	t.Helper()
	primary, err := url.Parse("https://primary.example.com")
	require.NoError(t, err)
	return apitest.New(t, geoWorld, apitest.WithInternalOptions(func(o *internalapi.Options) {
		o.Geo = &geo.Secondary{PrimaryURL: primary, AccessKey: "AK-secondary", SecretAccessKey: geoSecret}
	}))
}

// A Geo secondary answers an SSH push with the custom action that sends GitLab Shell to the
// primary, signed so that the primary knows which site asks for whom.
func TestAllowed_GeoSecondaryForwardsAnSSHPushToItsPrimary(t *testing.T) {
	env := geoSecondary(t)
	resp, body := allowedAsShell(t, env, `{"action":"git-receive-pack","project":"/gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"11"}`)
	require.Equal(t, http.StatusMultipleChoices, resp.Status, "%s", resp.Body)

	assert.Equal(t, true, body["status"])
	assert.Equal(t, []any{
		"This request to a Geo secondary node will be forwarded to the", "Geo primary node:", "",
		"  git@primary.example.com:gnuwget/wget2.git",
	}, body["gl_console_messages"])
	payload := body["payload"].(map[string]any)
	assert.Equal(t, "geo_proxy_to_primary", payload["action"])
	data := payload["data"].(map[string]any)
	assert.Equal(t, "https://primary.example.com/gnuwget/wget2.git", data["primary_repo"])
	assert.Equal(t, true, data["geo_proxy_direct_to_primary"])
	assert.Equal(t, false, data["geo_proxy_push_ssh_direct_to_primary"], "plain smart HTTP, which any Git server speaks")
	assert.Equal(t, "user-1", data["gl_id"])
	assert.Equal(t, "root", data["gl_username"])

	signature, ok := strings.CutPrefix(data["request_headers"].(map[string]any)["Authorization"].(string), "GL-Geo AK-secondary:")
	require.True(t, ok, data["request_headers"])
	var claims struct {
		Data string `json:"data"`
		jwt.RegisteredClaims
	}
	_, err := jwt.ParseWithClaims(signature, &claims, func(*jwt.Token) (any, error) { return geoSecret, nil }, jwt.WithValidMethods([]string{"HS256"}))
	require.NoError(t, err)
	assert.JSONEq(t, `{"scope": "gnuwget/wget2", "gl_id": "key-11"}`, claims.Data)
}

// What a secondary forwards, it does not decide: a push to a path it has no project at goes to
// the primary as typed (which may create it), and nothing is created here.
func TestAllowed_GeoSecondaryForwardsPushesToPathsItDoesNotKnow(t *testing.T) {
	env := geoSecondary(t)
	for path, want := range map[string]string{
		"gnuwget/fresh.git":  "https://primary.example.com/gnuwget/fresh.git",
		"gnuwget/wget2.wiki": "https://primary.example.com/gnuwget/wget2.wiki.git",
	} {
		resp, body := allowedAsShell(t, env, `{"action":"git-receive-pack","project":"`+path+`","changes":"_any","protocol":"ssh","key_id":"11"}`)
		require.Equal(t, http.StatusMultipleChoices, resp.Status, "%s", resp.Body)
		assert.Equal(t, want, body["payload"].(map[string]any)["data"].(map[string]any)["primary_repo"])
	}
	_, _, err := env.Store.ProjectByPath(t.Context(), "gnuwget/fresh")
	assert.ErrorIs(t, err, store.ErrNotFound, "create-on-push is the primary's business")
}

// A secondary serves pulls itself, refuses HTTP pushes (its database is read-only; GitLab
// Shell's forwarding is for SSH), and cannot name an anonymous pusher to the primary.
func TestAllowed_GeoSecondaryServesPullsAndRefusesWhatItCannotForward(t *testing.T) {
	env := geoSecondary(t)
	resp, _ := allowedAsShell(t, env, `{"action":"git-upload-pack","project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":"11"}`)
	assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)

	resp, body := allowedAsShell(t, env, `{"action":"git-receive-pack","project":"gnuwget/wget2","changes":"_any","protocol":"http","user_id":"1"}`)
	assert.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"status": false, "message": "You can't push code to a read-only GitLab instance."}, body)

	resp, body = allowedAsShell(t, env, `{"action":"git-receive-pack","project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":"999"}`)
	assert.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"status": false, "message": "Unknown type of actor"}, body)
}

// A secondary sends LFS uploads to its primary, which takes the writes, and serves downloads
// itself.
func TestLFSAuthenticate_GeoSecondarySendsUploadsToThePrimary(t *testing.T) {
	env := geoSecondary(t)
	for operation, want := range map[string]string{
		"upload":   "https://primary.example.com/gnuwget/wget2.git",
		"download": apitest.ExternalURL + "/gnuwget/wget2.git",
	} {
		resp := env.AsShell(t, http.MethodPost, "/api/v4/internal/lfs_authenticate",
			`{"operation":"`+operation+`","project":"gnuwget/wget2","key_id":"11"}`)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, want, resp.JSON(t).(map[string]any)["repository_http_path"], operation)
	}
}
