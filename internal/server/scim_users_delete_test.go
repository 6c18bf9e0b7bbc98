package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// §13.4: DELETE deprovisions: the identity is kept but inactive, the user leaves the group, its
// subgroups and their projects, in one transaction; the user and other groups' memberships stay.
// Deleting again changes nothing and still answers 204.
func TestSCIMDelete_DeprovisionsKeepingTheIdentity(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireNoContent(t, acme.do("DELETE", "/Users/ALICE-UID", ""))
	requireAliceDeprovisioned(t, env)

	resp := acme.do("GET", "/Users/alice-uid", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, false, resp.JSON(t).(map[string]any)["active"])
	assert.Equal(t, []string{"alice-uid", "dave-uid"}, readList(t, acme.do("GET", "/Users", "")).ids)
	_, err := env.Store.UserByUsername(t.Context(), "alice")
	assert.NoError(t, err, "the user account stays")

	requireNoContent(t, acme.do("DELETE", "/Users/alice-uid", ""))
	requireAliceDeprovisioned(t, env)
	requireSCIMError(t, acme.do("DELETE", "/Users/nobody", ""), 404, "Resource nobody not found")
}

// The group's last owner is not deprovisioned: 412 with GitLab's message, nothing changes. Owners
// of ancestor groups count, as in GitLab.
func TestSCIMDelete_RefusesTheLastOwner(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	requireCreated(t, acme.do("POST", "/Users", `{"externalId":"olga-uid","userName":"olga","emails":[{"type":"work","value":"olga@example.com"}],"name":{"formatted":"Olga Owner"}}`))
	requireSCIMError(t, acme.do("DELETE", "/Users/olga-uid", ""), http.StatusPreconditionFailed,
		"Could not remove Olga Owner from Acme Corp. Cannot remove last group owner.")
	olga := identity(t, env, "acme", "olga-uid")
	assert.True(t, olga.Active && olga.Member)

	t.Run("with a second owner", func(t *testing.T) {
		env := apitest.New(t, strings.Replace(scimWorld, "      - user: carol\n        access: reporter", "      - user: carol\n        access: owner", 1))
		acme := newSCIMClient(t, env, "acme", acmeToken)
		requireCreated(t, acme.do("POST", "/Users", `{"externalId":"olga-uid","userName":"olga","emails":[{"type":"work","value":"olga@example.com"}],"name":{"formatted":"Olga Owner"}}`))
		requireNoContent(t, acme.do("DELETE", "/Users/olga-uid", ""))
		assert.False(t, identity(t, env, "acme", "olga-uid").Active)
	})
	t.Run("with an owner of the parent group", func(t *testing.T) {
		env := apitest.New(t, `
users:
  - {username: olga, name: Olga Owner, email: olga@example.com}
  - {username: pat, name: Pat Parent, email: pat@example.com}
groups:
  - full_path: parent
    members: [{user: pat, access: owner}]
  - full_path: parent/child
    name: Child
    members: [{user: olga, access: owner}]
    saml:
      identities: [{user: olga, extern_uid: olga-uid}]
    scim_token: `+acmeToken+`
`)
		child := newSCIMClient(t, env, "parent%2Fchild", acmeToken)
		requireNoContent(t, child.do("DELETE", "/Users/olga-uid", ""))
		assert.False(t, identity(t, env, "parent/child", "olga-uid").Member)
	})
}
