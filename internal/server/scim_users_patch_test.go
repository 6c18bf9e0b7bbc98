package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

func requireNoContent(t *testing.T, resp apitest.Response) {
	t.Helper()
	require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	assert.Empty(t, resp.Body)
}

// deprovisioned says alice is out of acme — identity inactive, no membership of acme, its
// subgroup or their project — and still in other.
func requireAliceDeprovisioned(t *testing.T, env *apitest.Env) {
	t.Helper()
	alice := identity(t, env, "acme", "alice-uid")
	assert.False(t, alice.Active, "identity active")
	assert.False(t, alice.Member, "still a member of acme")
	assert.Equal(t, int32(0), projectAccess(t, env, acmeAPIProjectID, "alice"), "access below acme (subgroup and project memberships) left")
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, otherProjectID, "alice"), "another group's membership went too")
}

// §13.3: active false deprovisions, however the IdP spells it: Entra's "Replace" and "False",
// Okta's path-less value object, any case of op and path, Entra's objects with several
// attributes (GitLab reads only the first, glia all of them).
func TestSCIMPatch_ActiveFalseDeprovisionsInEveryIdPsSpelling(t *testing.T) {
	for _, ops := range []string{
		`[{"op":"Replace","path":"active","value":"False"}]`,
		`[{"op":"replace","path":"active","value":false}]`,
		`[{"op":"REPLACE","path":"Active","value":"false"}]`,
		`[{"op":"Add","path":"active","value":"FALSE"}]`,
		`[{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:active","value":false}]`,
		`[{"op":"replace","value":{"active":false}}]`,
		`[{"op":"Replace","value":{"displayName":"Alice L.","active":"False"}}]`,
		`[{"op":"replace","path":"active","value":"\"false\""}]`,
	} {
		t.Run(ops, func(t *testing.T) {
			env := apitest.New(t, scimWorld)
			requireNoContent(t, newSCIMClient(t, env, "acme", acmeToken).do("PATCH", "/Users/alice-uid",
				`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":`+ops+`}`))
			requireAliceDeprovisioned(t, env)
		})
	}
}

// Operations other than add and replace are accepted and ignored (Entra's Remove, the Update of
// GitLab's documentation), and so are attributes other than active, id and externalId (GitLab ≥
// 15.0 no longer changes names, emails or usernames): 204, nothing changes.
func TestSCIMPatch_IgnoresOtherOperationsAndAttributes(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for _, ops := range []string{
		`[{"op":"Remove","path":"active"}]`,
		`[{"op":"remove","path":"active","value":false}]`,
		`[{"op":"Update","path":"active","value":"False"}]`,
		`[{"op":"Add","path":"name.formatted","value":"New Name"}]`,
		`[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"new@example.com"}]`,
		`[{"op":"replace","path":"userName","value":"alice2"}]`,
		`[{"op":"replace","value":{"displayName":"X","name.formatted":"Y"}}]`,
		`[{"op":"replace","path":"active","value":true}]`,
		`[{"op":"replace","path":"active","value":null}]`,
		`[]`,
	} {
		requireNoContent(t, acme.do("PATCH", "/Users/alice-uid", `{"Operations":`+ops+`}`))
	}
	resp := acme.do("GET", "/Users/alice-uid", "")
	assert.Equal(t, aliceResource, resp.JSON(t))
	assert.Equal(t, int32(maintainerAccess), projectAccess(t, env, acmeAPIProjectID, "alice"), "maintainer of acme/platform")
}

// Later operations override earlier ones.
func TestSCIMPatch_LaterOperationsWin(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireNoContent(t, acme.do("PATCH", "/Users/alice-uid",
		`{"Operations":[{"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":true}]}`))
	assert.True(t, identity(t, env, "acme", "alice-uid").Active)
	requireNoContent(t, acme.do("PATCH", "/Users/alice-uid",
		`{"Operations":[{"op":"replace","path":"active","value":true},{"op":"replace","path":"active","value":"False"}]}`))
	requireAliceDeprovisioned(t, env)
}

// active true on an inactive identity reprovisions: active again, a member again with the
// default role.
func TestSCIMPatch_ActiveTrueReprovisions(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireNoContent(t, acme.do("PATCH", "/Users/dave-uid", `{"Operations":[{"op":"Replace","path":"active","value":"True"}]}`))
	dave := identity(t, env, "acme", "dave-uid")
	assert.True(t, dave.Active && dave.Member)
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, acmeAPIProjectID, "dave"))

	// A round trip: deprovisioned, then reprovisioned.
	requireNoContent(t, acme.do("PATCH", "/Users/alice-uid", `{"Operations":[{"op":"Replace","path":"active","value":"False"}]}`))
	requireAliceDeprovisioned(t, env)
	requireNoContent(t, acme.do("PATCH", "/Users/alice-uid", `{"Operations":[{"op":"Replace","path":"active","value":"True"}]}`))
	alice := identity(t, env, "acme", "alice-uid")
	assert.True(t, alice.Active && alice.Member)
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, acmeAPIProjectID, "alice"))
}

// id or externalId re-keys the identity; an empty one or one another identity has is GitLab's
// 412 "Error updating <name> with <params>".
func TestSCIMPatch_ChangesTheExternUID(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)

	requireNoContent(t, acme.do("PATCH", "/Users/alice-uid", `{"Operations":[{"op":"Replace","path":"externalId","value":"alice-2"}]}`))
	requireSCIMError(t, acme.do("GET", "/Users/alice-uid", ""), 404, "Resource alice-uid not found")
	requireNoContent(t, acme.do("PATCH", "/Users/alice-2", `{"Operations":[{"op":"replace","path":"id","value":"alice-3"}]}`))
	requireNoContent(t, acme.do("PATCH", "/Users/ALICE-3", `{"Operations":[{"op":"replace","value":{"externalId":"alice-4"}}]}`))
	resp := acme.do("GET", "/Users/alice-4", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "alice", resp.JSON(t).(map[string]any)["userName"])
	assert.True(t, identity(t, env, "acme", "alice-4").Member)

	requireSCIMError(t, acme.do("PATCH", "/Users/alice-4", `{"Operations":[{"op":"Replace","path":"externalId","value":"DAVE-UID"}]}`),
		http.StatusPreconditionFailed, `Error updating Alice Liddell with {"Operations" => [{"op" => "Replace", "path" => "externalId", "value" => "DAVE-UID"}], "group" => "acme", "id" => "alice-4"}`)
	requireSCIMError(t, acme.do("PATCH", "/Users/alice-4", `{"Operations":[{"op":"Replace","path":"id","value":""}]}`),
		http.StatusPreconditionFailed, `Error updating Alice Liddell with {"Operations" => [{"op" => "Replace", "path" => "id", "value" => ""}], "group" => "acme", "id" => "alice-4"}`)
	assert.True(t, identity(t, env, "acme", "alice-4").Active)
}

// §13.4 through PATCH: the group's last owner is not deprovisioned; GitLab answers 412 with its
// update error and the identity stays active.
func TestSCIMPatch_RefusesToDeprovisionTheLastOwner(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireCreated(t, acme.do("POST", "/Users", `{"externalId":"olga-uid","userName":"olga","emails":[{"type":"work","value":"olga@example.com"}],"name":{"formatted":"Olga Owner"}}`))
	requireSCIMError(t, acme.do("PATCH", "/Users/olga-uid", `{"Operations":[{"op":"replace","path":"active","value":false}]}`),
		http.StatusPreconditionFailed, `Error updating Olga Owner with {"Operations" => [{"op" => "replace", "path" => "active", "value" => false}], "group" => "acme", "id" => "olga-uid"}`)
	olga := identity(t, env, "acme", "olga-uid")
	assert.True(t, olga.Active && olga.Member)
}

// Unknown ids are 404; values an attribute cannot take are 400 invalidValue (after the 404);
// malformed requests are the contract's 400s.
func TestSCIMPatch_RefusesBadRequests(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireSCIMError(t, acme.do("PATCH", "/Users/nobody", `{"Operations":[{"op":"replace","path":"active","value":false}]}`), 404, "Resource nobody not found")
	requireSCIMError(t, acme.do("PATCH", "/Users/nobody", `{"Operations":[{"op":"replace","path":"active","value":"maybe"}]}`), 404, "Resource nobody not found")

	for _, tc := range []struct{ ops, detail string }{
		{`[{"op":"replace","path":"active","value":"maybe"}]`, `active must be a boolean or "true"/"false", got "maybe"`},
		{`[{"op":"replace","path":"active","value":1}]`, `active must be a boolean or "true"/"false", got a number`},
		{`[{"op":"replace","path":"externalId","value":5}]`, `externalId must be a string, got a number`},
		{`[{"op":"replace","value":"False"}]`, `Operations[0]: an operation without path needs an object value`},
	} {
		resp := acme.do("PATCH", "/Users/alice-uid", `{"Operations":`+tc.ops+`}`)
		require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"schemas": []any{scimErrorSchema}, "detail": tc.detail, "status": float64(400), "scimType": "invalidValue"}, resp.JSON(t))
	}

	tooMany := `{"Operations":[` + strings.Repeat(`{"op":"replace","path":"active","value":false},`, 9999) + `{"op":"replace","path":"active","value":false}]}`
	requireSCIMError(t, acme.do("PATCH", "/Users/alice-uid", tooMany), http.StatusBadRequest, "Operations is invalid")
	requireSCIMError(t, acme.do("PATCH", "/Users/alice-uid", `{"schemas":[]}`), http.StatusBadRequest, "Operations is missing")
	requireSCIMError(t, acme.do("PATCH", "/Users/alice-uid", `{"Operations":[{"path":"active"}]}`), http.StatusBadRequest, "Operations[0][op] is missing")
	requireSCIMError(t, acme.do("PATCH", "/Users/alice-uid", `not json`), http.StatusBadRequest, "body is not valid JSON")
	assert.True(t, identity(t, env, "acme", "alice-uid").Active)
}
