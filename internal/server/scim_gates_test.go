package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Every SCIM operation, with a body it would accept.
var scimOperations = []struct{ method, path, body string }{
	{"GET", "/Users", ""},
	{"GET", "/Users/alice-uid", ""},
	{"POST", "/Users", `{"externalId":"new-uid","userName":"newbie","emails":[{"type":"work","value":"newbie@example.com"}],"name":{"formatted":"New Bie"}}`},
	{"POST", "/Users/", `{"externalId":"new-uid","userName":"newbie","emails":[{"type":"work","value":"newbie@example.com"}],"name":{"formatted":"New Bie"}}`},
	{"PATCH", "/Users/alice-uid", `{"Operations":[{"op":"replace","path":"active","value":false}]}`},
	{"DELETE", "/Users/alice-uid", ""},
	{"GET", "/ServiceProviderConfig", ""},
	{"GET", "/ResourceTypes", ""},
	{"GET", "/Schemas", ""},
}

// GitLab's gates, in GitLab's order: instance group SAML (403), group (404), SAML provider (404),
// token (401). Each later gate only speaks when the earlier ones pass, so an unknown group answers
// 404 whatever token comes with it.
func TestSCIMGates_AnswerInGitLabsOrder(t *testing.T) {
	env := apitest.New(t, scimWorld)
	cases := []struct {
		name, group, token string
		check              func(t *testing.T, resp apitest.Response)
	}{
		{"unknown group, no token", "nope", "", notFound("Group nope not found")},
		{"unknown group, wrong token", "nope", "glsoat-wrong", notFound("Group nope not found")},
		{"unknown group, another group's valid token", "nope", acmeToken, notFound("Group nope not found")},
		{"unknown group id", "999999", acmeToken, notFound("Group 999999 not found")},
		{"group without SAML provider, no token", "nosaml", "", notFound("Group nosaml does not have SAML SSO configured")},
		{"group without SAML provider, its own token", "nosaml", noSAMLToken, notFound("Group nosaml does not have SAML SSO configured")},
		{"group with SAML, no token", "acme", "", unauthorized},
		{"group with SAML, wrong token", "acme", "glsoat-wrong", unauthorized},
		{"group with SAML, another group's token", "acme", otherToken, unauthorized},
		{"group with SAML, a token without the glsoat- prefix", "acme", acmeToken[len("glsoat-"):], unauthorized},
		{"group with SAML, its own token", "acme", acmeToken, ok},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, op := range scimOperations {
				// Read-only operations only, so that the cases do not change each other's world.
				if op.method != "GET" {
					continue
				}
				tc.check(t, newSCIMClient(t, env, tc.group, tc.token).do(op.method, op.path, op.body))
			}
		})
	}
}

func notFound(detail string) func(t *testing.T, resp apitest.Response) {
	return func(t *testing.T, resp apitest.Response) { requireSCIMError(t, resp, http.StatusNotFound, detail) }
}

func unauthorized(t *testing.T, resp apitest.Response) {
	requireGrapeError(t, resp, http.StatusUnauthorized, "401 Unauthorized")
}

func ok(t *testing.T, resp apitest.Response) {
	assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
}

// The gates run before anything else, for writes too: nothing changes behind a refused request.
func TestSCIMGates_GuardEveryOperation(t *testing.T) {
	env := apitest.New(t, scimWorld)
	for _, op := range scimOperations {
		t.Run(op.method+" "+op.path, func(t *testing.T) {
			requireSCIMError(t, newSCIMClient(t, env, "nope", "glsoat-wrong").do(op.method, op.path, op.body), 404, "Group nope not found")
			requireSCIMError(t, newSCIMClient(t, env, "nosaml", noSAMLToken).do(op.method, op.path, op.body), 404, "Group nosaml does not have SAML SSO configured")
			unauthorized(t, newSCIMClient(t, env, "acme", "").do(op.method, op.path, op.body))
			unauthorized(t, newSCIMClient(t, env, "acme", otherToken).do(op.method, op.path, op.body))
		})
	}
	alice := identity(t, env, "acme", "alice-uid")
	assert.True(t, alice.Active && alice.Member, "refused requests changed alice: %+v", alice)
	_, err := env.Store.UserWithEmail(t.Context(), "newbie@example.com")
	assert.Error(t, err, "a refused POST created a user")
}

// A group's token reads and changes that group only: with acme's token, other's users can be
// neither listed, read, created, changed nor removed — and acme's own answers never show them.
func TestSCIMGates_AGroupsTokenNeverReachesAnotherGroup(t *testing.T) {
	env := apitest.New(t, scimWorld)
	intruder := newSCIMClient(t, env, "other", acmeToken)
	for _, op := range scimOperations {
		unauthorized(t, intruder.do(op.method, op.path, op.body))
	}
	for _, op := range []struct{ method, path, body string }{
		{"GET", "/Users/bob-uid", ""},
		{"PATCH", "/Users/bob-uid", `{"Operations":[{"op":"replace","path":"active","value":false}]}`},
		{"DELETE", "/Users/bob-uid", ""},
	} {
		unauthorized(t, intruder.do(op.method, op.path, op.body))
	}
	// Through its own URL, acme does not see other's identity either.
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireSCIMError(t, acme.do("GET", "/Users/bob-uid", ""), 404, "Resource bob-uid not found")
	requireSCIMError(t, acme.do("DELETE", "/Users/bob-uid", ""), 404, "Resource bob-uid not found")
	requireSCIMError(t, acme.do("PATCH", "/Users/bob-uid", `{"Operations":[{"op":"replace","path":"active","value":"False"}]}`), 404, "Resource bob-uid not found")
	list := acme.do("GET", `/Users?filter=id%20eq%20%22bob-uid%22`, "")
	require.Equal(t, http.StatusOK, list.Status, "%s", list.Body)
	assert.InDelta(t, 0, list.JSON(t).(map[string]any)["totalResults"], 0)

	bob := identity(t, env, "other", "bob-uid")
	assert.True(t, bob.Active && bob.Member, "acme's token changed other's bob: %+v", bob)
	assert.Equal(t, int32(30), projectAccess(t, env, otherProjectID, "bob"))
}

// The group in the URL is its numeric id or its full path in any case; a nested group's path
// arrives URL-encoded.
func TestSCIMGates_FindTheGroupByIDOrFullPath(t *testing.T) {
	env := apitest.New(t, scimWorld)
	for _, group := range []string{"acme", "ACME", "300"} {
		resp := newSCIMClient(t, env, group, acmeToken).do("GET", "/Users/alice-uid", "")
		assert.Equal(t, http.StatusOK, resp.Status, "%s: %s", group, resp.Body)
	}
	requireSCIMError(t, newSCIMClient(t, env, "acme%2Fplatform", acmeToken).do("GET", "/Users", ""),
		404, "Group acme/platform does not have SAML SSO configured")
}

// Group SAML switched off on the instance (glia serve --group-saml=false) is the first gate:
// 403 in Grape's shape for every operation, before the group or the token is looked at.
func TestSCIMGates_GroupSAMLDisabledOnTheInstanceAnswers403First(t *testing.T) {
	env := apitest.New(t, scimWorld)
	base := env.Twin(t, apitest.WithGroupSAMLOff()).URL
	for _, c := range []struct{ group, token string }{{"acme", acmeToken}, {"acme", ""}, {"nope", "glsoat-wrong"}, {"nosaml", noSAMLToken}} {
		client := newSCIMClient(t, env, c.group, c.token)
		client.base = base
		for _, op := range scimOperations {
			requireGrapeError(t, client.do(op.method, op.path, op.body), http.StatusForbidden, "403 Forbidden - Group SAML not enabled.")
		}
	}
	alice := identity(t, env, "acme", "alice-uid")
	assert.True(t, alice.Active && alice.Member)
}

// The bearer scheme's name is case-insensitive (RFC 7235), as Doorkeeper reads it.
func TestSCIMGates_AcceptTheBearerSchemeInAnyCase(t *testing.T) {
	env := apitest.New(t, scimWorld)
	req := env.NewRequest(t, "GET", "/api/scim/v2/groups/acme/Users", nil)
	req.Header.Set("Authorization", "bearer "+acmeToken)
	resp := env.Do(t, req)
	assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
}
