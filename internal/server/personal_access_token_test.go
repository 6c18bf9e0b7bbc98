package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// patWorld holds a user for every answer of /internal/personal_access_token: rubi with an SSH key
// (7), a signing-only key (8), a deploy key (20), the seed's user 29, and users who may not create
// tokens, two of them reachable through a key as GitLab Shell sends it.
const patWorld = `
users:
  - id: 7
    username: rubi
    email: rubi@example.com
    ssh_keys:
      - id: 7
        key: ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIdTmdjaIVh51pqMO6ZRGQtsFOccwDnWkZ0biZAMiPjkDPMClji/Iy/1qQbMB9+Wymjw5WkanXqEDqz6VyEuM4Q= rubi@test
      - id: 8
        usage_type: signing
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHw43SxMPPmTJZxgsDu/eI8lC4/8XNOsrq6MapxNpV2x signing8@test
  - id: 29
    username: aquila
    email: aquila@example.com
  - id: 40
    username: blocked
    email: blocked@example.com
    state: blocked
    ssh_keys:
      - id: 40
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKCuhsOzkJElPIxOKYjZy6F6VLhNtg7dSlyV6+sbZamn k1@test
  - id: 41
    username: deactivated
    email: deactivated@example.com
    state: deactivated
  - id: 42
    username: banned
    email: banned@example.com
    state: banned
  - id: 43
    username: pending
    email: pending@example.com
    state: blocked_pending_approval
  - id: 44
    username: a-bot
    email: bot@example.com
    user_type: bot
    ssh_keys:
      - id: 44
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICwIxk1UmT+QH2BNM84VFOtq82Q1KHrz/sSTnAEMY5LP k2@test
  - id: 45
    username: support-bot
    email: support-bot@example.com
    user_type: internal
deploy_keys:
  - id: 20
    title: deployer
    user: rubi
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfzSN1VLxXUshm4nxypPyNfpcbkQBmZB6oaf1XGzgJn deploy20@test
`

// patNow is the pinned clock; tokens made then may live until patLatest.
var patNow = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

const (
	patLatest      = "2027-11-25"
	patPath        = "/api/v4/internal/personal_access_token"
	patValidScopes = `["api", "create_runner", "k8s_proxy", "manage_runner", "read_api", "read_registry", "read_repository", "read_user", "self_rotate", "write_registry", "write_repository"]`
)

// postPersonalAccessToken sends a body exactly as gitlab-shell does: JSON, with the JWT header.
func postPersonalAccessToken(t *testing.T, env *apitest.Env, body string) apitest.Response {
	t.Helper()
	return env.AsShell(t, http.MethodPost, patPath, body)
}

// Every row of GitLab's decision table (docs/gitlab-rules.md §7), in its order, as GitLab Shell
// sends the request: key_id as a string, user_id as a number. Always 200.
func TestPersonalAccessToken_RefusesWithGitLabsMessageInGitLabsOrder(t *testing.T) {
	env := apitest.New(t, patWorld, apitest.WithClock(func() time.Time { return patNow }))
	cases := []struct {
		name, body, message string
	}{
		{"a deploy key, before anything else", `{"key_id":"20","name":"laptop","scopes":["api"]}`,
			"Deploy keys cannot be used to create personal access tokens"},
		{"a deploy key even with an unknown user_id", `{"key_id":"20","user_id":999,"name":"","scopes":[]}`,
			"Deploy keys cannot be used to create personal access tokens"},
		{"an unknown user_id", `{"user_id":999,"name":"laptop","scopes":["api"]}`,
			"Could not find the given user"},
		{"an unknown key_id with a user_id: the key decides, so no user", `{"key_id":"999","user_id":7,"name":"laptop","scopes":["api"]}`,
			"Could not find the given user"},
		{"an unknown key_id", `{"key_id":"999","name":"laptop","scopes":["api"]}`,
			"Could not find the given key"},
		{"a key_id too large for any key", `{"key_id":"99999999999999999999","name":"laptop","scopes":["api"]}`,
			"Could not find the given key"},
		{"a signing-only key, which cannot authenticate", `{"key_id":"8","name":"laptop","scopes":["api"]}`,
			"Could not find the given key"},
		{"neither key_id nor user_id", `{"name":"laptop","scopes":["api"]}`,
			"Could not find the given key"},
		{"no body at all", ``, "Could not find the given key"},
		{"no name", `{"key_id":"7","scopes":["api"]}`, "No token name specified"},
		{"an empty name", `{"key_id":"7","name":"","scopes":["api"]}`, "No token name specified"},
		{"a blank name", `{"key_id":"7","name":"  \t","scopes":["api"]}`, "No token name specified"},
		{"no scopes", `{"key_id":"7","name":"laptop"}`, "No token scopes specified"},
		{"an empty scope list", `{"key_id":"7","name":"laptop","scopes":[]}`, "No token scopes specified"},
		{"the first scope not allowed is named", `{"key_id":"7","name":"laptop","scopes":["read_api","sudo","admin_mode"]}`,
			"Invalid scope: 'sudo'. Valid scopes are: " + patValidScopes},
		{"admin_mode is never granted here", `{"key_id":"7","name":"laptop","scopes":["admin_mode"]}`,
			"Invalid scope: 'admin_mode'. Valid scopes are: " + patValidScopes},
		{"an empty scope", `{"key_id":"7","name":"laptop","scopes":[""]}`,
			"Invalid scope: ''. Valid scopes are: " + patValidScopes},
		{"scopes are checked before the date", `{"key_id":"7","name":"laptop","scopes":["nope"],"expires_at":"soon"}`,
			"Invalid scope: 'nope'. Valid scopes are: " + patValidScopes},
		{"an unparsable date, echoed raw", `{"key_id":"7","name":"laptop","scopes":["api"],"expires_at":"next friday"}`,
			"Invalid token expiry date: 'next friday'"},
		{"a date that does not exist", `{"key_id":"7","name":"laptop","scopes":["api"],"expires_at":"2027-02-29"}`,
			"Invalid token expiry date: '2027-02-29'"},
		{"a day-first numeric date", `{"key_id":"7","name":"laptop","scopes":["api"],"expires_at":"24/07/2027"}`,
			"Invalid token expiry date: '24/07/2027'"},
		{"a blocked user, through their key", `{"key_id":"40","name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"a bot, through its key", `{"key_id":"44","name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"a deactivated user", `{"user_id":41,"name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"a banned user", `{"user_id":42,"name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"a user pending approval", `{"user_id":43,"name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"an internal user", `{"user_id":45,"name":"laptop","scopes":["api"]}`,
			"Failed to create token: Not permitted to create"},
		{"not permitted comes before the token's own problems", `{"key_id":"40","name":"laptop","scopes":["api"],"expires_at":"2099-01-01"}`,
			"Failed to create token: Not permitted to create"},
		{"an expiry past the limit names the latest date allowed", `{"key_id":"7","name":"laptop","scopes":["api"],"expires_at":"2027-11-26"}`,
			"Failed to create token: Expires at must be before " + patLatest},
		{"a name over 255 characters", `{"key_id":"7","name":"` + strings.Repeat("é", 256) + `","scopes":["api"]}`,
			"Failed to create token: Name is too long (maximum is 255 characters)"},
		{"both of the token's problems, joined as a sentence", `{"key_id":"7","name":"` + strings.Repeat("n", 256) + `","scopes":["api"],"expires_at":"2030-01-01"}`,
			"Failed to create token: Name is too long (maximum is 255 characters) and Expires at must be before " + patLatest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postPersonalAccessToken(t, env, tc.body)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			assert.Equal(t, refused(tc.message), resp.JSON(t))
		})
	}
}

func TestPersonalAccessToken_CreatesAGlpatTokenShownOnceThatVerifies(t *testing.T) {
	env := apitest.New(t, patWorld, apitest.WithClock(func() time.Time { return patNow }))
	cases := []struct {
		name, body string
		scopes     []any
		expiresAt  string
	}{
		{"for the owner of the key, as GitLab Shell asks", `{"key_id":"7","name":"laptop","scopes":["read_repository","write_repository"],"expires_at":"2027-01-31"}`,
			[]any{"read_repository", "write_repository"}, "2027-01-31"},
		{"for a user_id alone (SSH certificates)", `{"user_id":29,"name":"cert","scopes":["read_user"],"expires_at":"2027-01-31"}`,
			[]any{"read_user"}, "2027-01-31"},
		{"without expiry: a year from today", `{"key_id":"7","name":"default","scopes":["api"]}`,
			[]any{"api"}, patLatest},
		{"with a blank expiry: a year from today", `{"key_id":"7","name":"blank","scopes":["api"],"expires_at":" "}`,
			[]any{"api"}, patLatest},
		{"expiring on the latest date allowed", `{"key_id":"7","name":"max","scopes":["api"],"expires_at":"` + patLatest + `"}`,
			[]any{"api"}, patLatest},
		{"with a date written in words", `{"key_id":"7","name":"words","scopes":["api"],"expires_at":"Fri, 24 Jul 2027"}`,
			[]any{"api"}, "2027-07-24"},
		{"with a date and a time", `{"key_id":"7","name":"time","scopes":["api"],"expires_at":"2027-07-24T23:59:59Z"}`,
			[]any{"api"}, "2027-07-24"},
		{"with a date in the past, as GitLab allows", `{"key_id":"7","name":"past","scopes":["api"],"expires_at":"2020-01-01"}`,
			[]any{"api"}, "2020-01-01"},
		{"with repeated scopes, each kept once in order", `{"key_id":"7","name":"dup","scopes":["read_api","api","read_api","api"]}`,
			[]any{"read_api", "api"}, patLatest},
		{"with a name of exactly 255 characters", `{"key_id":"7","name":"` + strings.Repeat("é", 255) + `","scopes":["api"]}`,
			[]any{"api"}, patLatest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postPersonalAccessToken(t, env, tc.body)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			body := resp.JSON(t).(map[string]any)
			token, _ := body["token"].(string)
			assert.Regexp(t, `^glpat-[0-9a-f]{40}$`, token)
			assert.Equal(t, map[string]any{"success": true, "token": token, "scopes": tc.scopes, "expires_at": tc.expiresAt}, body)

			owner, err := accesstoken.Verify(t.Context(), env.Store, token, patNow)
			if tc.expiresAt <= patNow.Format(time.DateOnly) {
				assert.ErrorIs(t, err, accesstoken.ErrExpired)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.scopes, patAnyList(owner.Scopes))
		})
	}
	t.Run("every token is new", func(t *testing.T) {
		first := postPersonalAccessToken(t, env, `{"key_id":"7","name":"twice","scopes":["api"]}`).JSON(t).(map[string]any)
		second := postPersonalAccessToken(t, env, `{"key_id":"7","name":"twice","scopes":["api"]}`).JSON(t).(map[string]any)
		assert.NotEqual(t, first["token"], second["token"])
	})
}

func patAnyList(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// The seed's curl example, as written: a form body with Rails arrays, the legacy shared-secret
// header and user_id alone. Its expiry is in the past today, so the clock is set to before it.
func TestPersonalAccessToken_SeedExampleSucceedsAsDocumented(t *testing.T) {
	env := apitest.New(t, patWorld, apitest.WithClock(func() time.Time { return time.Date(2020, 7, 1, 12, 0, 0, 0, time.UTC) }))
	req := env.NewRequest(t, http.MethodPost, patPath,
		"user_id=29&name=mytokenname&scopes[]=read_user&scopes[]=read_repository&expires_at=2020-07-24")
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	body := resp.JSON(t).(map[string]any)
	assert.Equal(t, true, body["success"])
	assert.Equal(t, []any{"read_user", "read_repository"}, body["scopes"])
	assert.Equal(t, "2020-07-24", body["expires_at"])
	assert.Regexp(t, `^glpat-`, body["token"])
}

// Bad input is a 400 in Grape's shape or GitLab's success:false body; never a 500.
func TestPersonalAccessToken_BadInputGetsA400OrARefusalNeverA500(t *testing.T) {
	env := apitest.New(t, patWorld, apitest.WithClock(func() time.Time { return patNow }))
	manyScopes := func(scope func(i int) string) string {
		list := make([]string, 10_000)
		for i := range list {
			list[i] = scope(i)
		}
		raw, err := json.Marshal(list)
		require.NoError(t, err)
		return string(raw)
	}
	cases := []struct {
		name, body string
		status     int
		want       map[string]any
	}{
		{"scopes as a string", `{"key_id":"7","name":"laptop","scopes":"api"}`,
			400, map[string]any{"error": "scopes is invalid"}},
		{"a scope that is not a string", `{"key_id":"7","name":"laptop","scopes":["api",5]}`,
			400, map[string]any{"error": "scopes[1] is invalid"}},
		{"key_id as an object", `{"key_id":{"id":7},"name":"laptop","scopes":["api"]}`,
			400, map[string]any{"error": "key_id is invalid"}},
		{"user_id as a negative number", `{"user_id":-7,"name":"laptop","scopes":["api"]}`,
			400, map[string]any{"error": "user_id is invalid"}},
		{"name as a number", `{"key_id":"7","name":42,"scopes":["api"]}`,
			400, map[string]any{"error": "name is invalid"}},
		{"a NUL in the name, which GitLab refuses before routing", `{"key_id":"7","name":"lap\u0000top","scopes":["api"]}`,
			400, map[string]any{"error": "name is invalid"}},
		{"a NUL in a scope", `{"key_id":"7","name":"laptop","scopes":["api\u0000"]}`,
			400, map[string]any{"error": "scopes is invalid"}},
		{"a 10 MB name", `{"key_id":"7","name":"` + strings.Repeat("n", 10<<20) + `","scopes":["api"]}`,
			200, refused("Failed to create token: Name is too long (maximum is 255 characters)")},
		{"10,000 distinct invalid scopes: the first is named", `{"key_id":"7","name":"laptop","scopes":` + manyScopes(func(i int) string { return fmt.Sprintf("bad%d", i) }) + `}`,
			200, refused("Invalid scope: 'bad0'. Valid scopes are: " + patValidScopes)},
		{"10,000 copies of one scope: stored once", `{"key_id":"7","name":"laptop","scopes":` + manyScopes(func(int) string { return "read_api" }) + `,"expires_at":"2027-01-01"}`,
			200, nil},
		{"an invalid date", `{"key_id":"7","name":"laptop","scopes":["api"],"expires_at":"2027-13-45"}`,
			200, refused("Invalid token expiry date: '2027-13-45'")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postPersonalAccessToken(t, env, tc.body)
			require.Equal(t, tc.status, resp.Status, "%.300s", resp.Body)
			body := resp.JSON(t).(map[string]any)
			if tc.want == nil {
				assert.Equal(t, []any{"read_api"}, body["scopes"])
				assert.Equal(t, true, body["success"])
				return
			}
			assert.Equal(t, tc.want, body)
		})
	}
}

// The billing API's legacy credential is an administrator's personal access token, checked by
// accesstoken.Verify. Getting through answers the subscription (200).
func TestBillingAdminToken_RevokedOrExpiredIs401AndANonAdminsIs403(t *testing.T) {
	env := apitest.New(t, `
users:
  - id: 1
    username: root
    email: root@example.com
    admin: true
    personal_access_tokens:
      - {name: valid, token: glpat-admin-valid, scopes: [api, admin_mode]}
      - {name: future, token: glpat-admin-future, scopes: [api], expires_at: 2999-01-01}
      - {name: expired, token: glpat-admin-expired, scopes: [api], expires_at: 2020-01-01}
      - {name: revoked, token: glpat-admin-revoked, scopes: [api], revoked: true}
      - {name: read only, token: glpat-admin-read-api, scopes: [read_api]}
  - id: 2
    username: blocked-admin
    email: blocked-admin@example.com
    admin: true
    state: blocked
    personal_access_tokens:
      - {name: valid, token: glpat-blocked-admin, scopes: [api]}
  - id: 7
    username: rubi
    email: rubi@example.com
    personal_access_tokens:
      - {name: valid, token: glpat-rubi-valid, scopes: [api]}
    ssh_keys:
      - id: 7
        key: ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIdTmdjaIVh51pqMO6ZRGQtsFOccwDnWkZ0biZAMiPjkDPMClji/Iy/1qQbMB9+Wymjw5WkanXqEDqz6VyEuM4Q= rubi@test
`)
	getSubscription := func(t *testing.T, token string) apitest.Response {
		req := env.NewRequest(t, http.MethodGet, "/api/v4/namespaces/1/gitlab_subscription", nil)
		req.Header.Set("Private-Token", token)
		return env.Do(t, req)
	}
	cases := []struct {
		name, token string
		status      int
	}{
		{"an administrator's valid token", "glpat-admin-valid", 200},
		{"an administrator's token expiring in the future", "glpat-admin-future", 200},
		{"an expired token", "glpat-admin-expired", 401},
		{"a revoked token", "glpat-admin-revoked", 401},
		{"an unknown token", "glpat-nobody", 401},
		{"a token without the api scope", "glpat-admin-read-api", 401},
		{"a blocked administrator's token", "glpat-blocked-admin", 401},
		{"a non-administrator's token", "glpat-rubi-valid", 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := getSubscription(t, tc.token)
			assert.Equal(t, tc.status, resp.Status, "%s", resp.Body)
		})
	}
	t.Run("a token GitLab Shell just created authenticates its owner", func(t *testing.T) {
		resp := postPersonalAccessToken(t, env, `{"key_id":"7","name":"billing","scopes":["api"]}`)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		token := resp.JSON(t).(map[string]any)["token"].(string)
		assert.Equal(t, http.StatusForbidden, getSubscription(t, token).Status)
	})
}
