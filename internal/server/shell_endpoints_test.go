package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
	"github.com/glia-dev/glia/internal/version"
)

// get sends a GET the way gitlab-shell does: JWT header and a JSON content type even on GETs.
func get(t *testing.T, env *apitest.Env, path string) apitest.Response {
	t.Helper()
	return env.AsShell(t, http.MethodGet, path, nil)
}

func TestCheck_ReportsVersionBothRevisionNamesAndStoreHealth(t *testing.T) {
	env := apitest.New(t, "")
	resp := get(t, env, "/api/v4/internal/check")
	require.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, map[string]any{
		"api_version":     "v4",
		"gitlab_version":  version.GitLabVersion,
		"gitlab_rev":      version.Revision,
		"gitlab_revision": version.Revision,
		"redis":           true,
	}, resp.JSON(t))
}

func TestDiscover_FindsTheUserBehindAKeyOrNameAndAnswersNullForStrangers(t *testing.T) {
	env := apitest.New(t, testWorld)
	rubi := map[string]any{"id": float64(7), "name": "Dede Eichmann", "username": "rubi"}
	cases := []struct {
		name  string
		query string
		want  any
	}{
		{"by key id, as gitlab-shell asks", "key_id=7", rubi},
		{"by username (SSH certificate)", "username=rubi", rubi},
		{"by username in another case", "username=RUBI", rubi},
		{"by user id", "user_id=7", rubi},
		{"by deploy key: its creator", "key_id=20", rubi},
		{"unknown key", "key_id=999", nil},
		{"signing-only key is invisible", "key_id=8", nil},
		{"unknown username", "username=nobody", nil},
		{"no parameter at all", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := get(t, env, "/api/v4/internal/discover?"+tc.query)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.want, resp.JSON(t))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
}

func TestAuthorizedKeys_MatchesKeysWithOrWithoutPaddingAnd404sOtherwise(t *testing.T) {
	env := apitest.New(t, testWorld)
	found := func(t *testing.T, resp apitest.Response, id float64, line string) {
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		body := resp.JSON(t).(map[string]any)
		assert.Equal(t, id, body["id"])
		assert.Equal(t, line, body["key"])
	}
	rubiLine := "ecdsa-sha2-nistp256 " + rubiKeyBlob + " Dede Eichmann (gitlab.test)"

	t.Run("padded, as sshd passes it to gitlab-shell-authorized-keys-check", func(t *testing.T) {
		found(t, get(t, env, "/api/v4/internal/authorized_keys?"+url.Values{"key": {rubiKeyBlob}}.Encode()), 7, rubiLine)
	})
	t.Run("unpadded, as gitlab-sshd sends it", func(t *testing.T) {
		found(t, get(t, env, "/api/v4/internal/authorized_keys?"+url.Values{"key": {strings.TrimRight(rubiKeyBlob, "=")}}.Encode()), 7, rubiLine)
	})
	t.Run("pasted unencoded into the query string, as the seed's curl example invites", func(t *testing.T) {
		require.Contains(t, rubiKeyBlob, "+")
		found(t, get(t, env, "/api/v4/internal/authorized_keys?key="+rubiKeyBlob), 7, rubiLine)
	})
	t.Run("deploy keys authenticate too", func(t *testing.T) {
		found(t, get(t, env, "/api/v4/internal/authorized_keys?key="+url.QueryEscape(deployKeyBlob)), 20,
			"ssh-ed25519 "+deployKeyBlob+" Dede Eichmann (gitlab.test)")
	})
	for name, key := range map[string]string{
		"unknown key":        "AAAAC3NzaC1lZDI1NTE5AAAAIA5Kj72waA+ktB2f5aXiQEui3hTsyk01DeLVQx132zMZ",
		"signing-only key":   signingKeyBlob,
		"partial key":        rubiKeyBlob[:40],
		"not base64":         "!!!not-base64!!!",
		"no key of its type": "AAAAC3NzaC1lZDI1NTE5AAAAHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	} {
		t.Run(name, func(t *testing.T) {
			resp := get(t, env, "/api/v4/internal/authorized_keys?key="+url.QueryEscape(key))
			require.Equal(t, http.StatusNotFound, resp.Status)
			assert.Equal(t, map[string]any{"message": "404 Key Not Found"}, resp.JSON(t))
		})
	}
}
