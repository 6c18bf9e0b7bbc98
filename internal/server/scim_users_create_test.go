package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Access levels as GitLab numbers them.
const (
	guestAccess      = 10
	reporterAccess   = 20
	developerAccess  = 30
	maintainerAccess = 40
)

func requireCreated(t *testing.T, resp apitest.Response) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	assert.Equal(t, scimContentType, resp.Header.Get("Content-Type"))
	user := resp.JSON(t).(map[string]any)
	assert.Equal(t, user["meta"].(map[string]any)["location"], resp.Header.Get("Location"))
	return user
}

// §13.2 step 1: externalId, an email and userName are required after parsing; GitLab lists the
// missing ones as Ruby symbols. null counts as absent; the email is the first entry of type work
// or marked primary.
func TestSCIMCreate_RequiresExternalIDEmailAndUserName(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	cases := []struct{ body, detail string }{
		{`{}`, "Missing params: [:extern_uid, :email, :username]"},
		{`{"externalId":null,"userName":null,"emails":null,"active":null}`, "Missing params: [:extern_uid, :email, :username]"},
		{`{"externalId":"x","userName":"x"}`, "Missing params: [:email]"},
		{`{"externalId":"x","userName":"x","emails":[{"type":"home","value":"x@example.com"}]}`, "Missing params: [:email]"},
		{`{"externalId":"x","userName":"x","emails":[{"type":"work"}]}`, "Missing params: [:email]"},
		{`{"userName":"x","emails":[{"primary":"True","value":"x@example.com"}]}`, "Missing params: [:extern_uid]"},
		{`{"externalId":"","userName":"","emails":[{"type":"work","value":"x@example.com"}]}`, "Missing params: [:extern_uid, :username]"},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			requireSCIMError(t, acme.do("POST", "/Users", tc.body), http.StatusPreconditionFailed, tc.detail)
		})
	}
	_, err := env.Store.UserWithEmail(t.Context(), "x@example.com")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// §13.2 step 2: an identity that exists and whose user is a member is returned as it is: the
// request's other attributes change nothing, the membership keeps its level.
func TestSCIMCreate_IsIdempotentForAnExistingMember(t *testing.T) {
	env := apitest.New(t, scimWorld)
	other := newSCIMClient(t, env, "other", otherToken)
	for range 2 {
		user := requireCreated(t, other.do("POST", "/Users",
			`{"externalId":"BOB-UID","userName":"robert","emails":[{"type":"work","value":"robert@example.com"}],"name":{"formatted":"Robert"}}`))
		assert.Equal(t, "bob-uid", user["id"])
		assert.Equal(t, "bob", user["userName"])
		assert.Equal(t, "Bob Builder", user["name.formatted"])
		assert.Equal(t, true, user["active"])
	}
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, otherProjectID, "bob"), "other's default role is guest; bob stays developer")
	_, err := env.Store.UserWithEmail(t.Context(), "robert@example.com")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// §13.2 steps 3–4: the user owning the email (ignoring case) gets the identity; a member keeps
// its membership, a non-member becomes one with the SAML provider's default role. The user's
// own username, name and email stay.
func TestSCIMCreate_LinksTheUserOwningTheEmail(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)

	// carol is a reporter of acme without an identity.
	carol := requireCreated(t, acme.do("POST", "/Users",
		`{"externalId":"carol-uid","userName":"cdanvers","emails":[{"primary":true,"value":"CAROL@example.com"}],"name":{"givenName":"C","familyName":"D"}}`))
	assert.Equal(t, "carol-uid", carol["id"])
	assert.Equal(t, "carol", carol["userName"])
	assert.Equal(t, "Carol Danvers", carol["name.formatted"])
	assert.Equal(t, int32(reporterAccess), projectAccess(t, env, acmeAPIProjectID, "carol"))

	// bob is a user of another group only.
	assert.Equal(t, int32(0), projectAccess(t, env, acmeAPIProjectID, "bob"))
	bob := requireCreated(t, acme.do("POST", "/Users",
		`{"externalId":"bob-at-acme","userName":"bob","emails":[{"type":"work","value":"bob@example.com"}],"name":{"formatted":"Bob Builder"}}`))
	assert.Equal(t, "bob-at-acme", bob["id"])
	assert.Equal(t, true, bob["active"])
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, acmeAPIProjectID, "bob"), "acme's default role")
	got := identity(t, env, "acme", "bob-at-acme")
	assert.True(t, got.Active && got.Member)
	assert.True(t, identity(t, env, "other", "bob-uid").Active, "bob's identity in other is another identity")
}

// §13.2 steps 3–4: without a user owning the email, a new user is created — username cleaned and
// made unique the way GitLab does it, a personal namespace like every user's — and made a member
// with the default role.
func TestSCIMCreate_CreatesANewUserWithTheDefaultRole(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	cases := []struct {
		name, body         string
		wantUser, wantName string
		wantAccess         int32
		client             scimClient
		projectID          int64
	}{
		{"Okta's request (plain JSON elsewhere, same rules)", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"new.user@idp.example","name":{"givenName":"New","familyName":"User"},"emails":[{"primary":true,"value":"new.user@example.com","type":"work"}],"displayName":"New User","locale":"en-US","externalId":"00u1abcd","groups":[],"password":"s3cret","active":true}`,
			"new.user", "New User", developerAccess, acme, acmeAPIProjectID},
		{"a taken username gets a number", `{"externalId":"alice-two","userName":"alice","emails":[{"type":"work","value":"alice.two@example.com"}],"name":{"formatted":"Alice Two"}}`,
			"alice1", "Alice Two", developerAccess, acme, acmeAPIProjectID},
		{"the next number when that is taken too, in the requested case", `{"externalId":"alice-three","userName":"Alice","emails":[{"type":"work","value":"alice.three@example.com"}],"displayName":"Alice Three"}`,
			"Alice2", "Alice Three", developerAccess, acme, acmeAPIProjectID},
		{"invalid characters dropped", `{"externalId":"weird","userName":"-.wéird name.git","emails":[{"type":"work","value":"weird@example.com"}],"name":{"formatted":"W"}}`,
			"wirdname", "W", developerAccess, acme, acmeAPIProjectID},
		{"nothing left is blank", `{"externalId":"blank","userName":"@@@","emails":[{"type":"work","value":"blank@example.com"}],"name":{"formatted":"B"}}`,
			"blank", "B", developerAccess, acme, acmeAPIProjectID},
		{"another group's default role (guest)", `{"externalId":"guest-uid","userName":"gus","emails":[{"type":"work","value":"gus@example.com"}],"name":{"formatted":"Gus Guest"}}`,
			"gus", "Gus Guest", guestAccess, newSCIMClient(t, env, "other", otherToken), otherProjectID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			user := requireCreated(t, tc.client.do("POST", "/Users", tc.body))
			assert.Equal(t, tc.wantUser, user["userName"])
			assert.Equal(t, tc.wantName, user["name.formatted"])
			assert.Equal(t, true, user["active"])
			assert.Equal(t, tc.wantAccess, projectAccess(t, env, tc.projectID, tc.wantUser))
			created, err := env.Store.UserByUsername(t.Context(), tc.wantUser)
			require.NoError(t, err)
			assert.Equal(t, "active", created.State)
			assert.False(t, created.Admin)
			personal, err := env.Store.NamespaceForNewProject(t.Context(), tc.wantUser, created.ID)
			require.NoError(t, err, "every user has a personal namespace")
			assert.True(t, personal.MayCreate)
		})
	}
}

// A deprovisioned identity is provisioned again by POST with its externalId: reactivated and its
// user a member again, so identity and membership agree (RFC 7644 §3.6; GitLab re-adds the
// membership but leaves the identity inactive).
func TestSCIMCreate_ReprovisionsADeprovisionedIdentity(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	assert.Equal(t, int32(0), projectAccess(t, env, acmeAPIProjectID, "dave"))
	dave := requireCreated(t, acme.do("POST", "/Users",
		`{"externalId":"dave-uid","userName":"dave","emails":[{"type":"work","value":"dave@example.com"}],"name":{"formatted":"Dave Dormant"}}`))
	assert.Equal(t, true, dave["active"])
	got := identity(t, env, "acme", "dave-uid")
	assert.True(t, got.Active && got.Member)
	assert.Equal(t, int32(developerAccess), projectAccess(t, env, acmeAPIProjectID, "dave"))
}

// §13.2 step 5: "has already been taken" is 409 (with scimType uniqueness), other failures 412,
// both quoting the request GitLab's way with secrets filtered. The duplicate: a user recreated
// under a new externalId (Okta's and Microsoft's validators; Entra, gitlab#263846).
func TestSCIMCreate_AnswersConflictsAndFailuresWithGitLabsMessages(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)

	resp := acme.do("POST", "/Users", `{"externalId":"alice-new","userName":"alice","emails":[{"type":"work","value":"alice@example.com"}],"name":{"formatted":"Alice"},"password":"hunter2","access_token":"abc"}`)
	require.Equal(t, http.StatusConflict, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{
		"schemas":  []any{scimErrorSchema},
		"detail":   `Error saving user with {"access_token" => "[FILTERED]", "emails" => [{"type" => "work", "value" => "alice@example.com"}], "externalId" => "alice-new", "name" => {"formatted" => "Alice"}, "password" => "[FILTERED]", "userName" => "alice", "group" => "acme"}: User has already been taken`,
		"status":   float64(409),
		"scimType": "uniqueness",
	}, resp.JSON(t))

	requireSCIMError(t, acme.do("POST", "/Users", `{"externalId":"nameless","userName":"nameless","emails":[{"type":"work","value":"nameless@example.com"}]}`),
		http.StatusPreconditionFailed, `Error saving user with {"emails" => [{"type" => "work", "value" => "nameless@example.com"}], "externalId" => "nameless", "userName" => "nameless", "group" => "acme"}: Name can't be blank`)
	requireSCIMError(t, acme.do("POST", "/Users", `{"externalId":"bad-mail","userName":"bad","emails":[{"type":"work","value":"not an email"}],"name":{"formatted":"Bad Mail"}}`),
		http.StatusPreconditionFailed, `Error saving user with {"emails" => [{"type" => "work", "value" => "not an email"}], "externalId" => "bad-mail", "name" => {"formatted" => "Bad Mail"}, "userName" => "bad", "group" => "acme"}: Email is invalid`)

	for _, uid := range []string{"alice-new", "nameless", "bad-mail"} {
		requireSCIMError(t, acme.do("GET", "/Users/"+uid, ""), 404, "Resource "+uid+" not found")
	}
}

// The seed writes POST .../Users/ with a trailing slash: the same operation.
func TestSCIMCreate_AcceptsTheSeedsTrailingSlash(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	user := requireCreated(t, acme.do("POST", "/Users/",
		`{"externalId":"test_uid","active":null,"userName":"username","emails":[{"primary":true,"type":"work","value":"name@example.com"}],"name":{"formatted":"Test User","familyName":"User","givenName":"Test"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"meta":{"resourceType":"User"}}`))
	assert.Equal(t, "test_uid", user["id"])
	requireSCIMError(t, acme.do("POST", "/Users/", `{}`), http.StatusPreconditionFailed, "Missing params: [:extern_uid, :email, :username]")
}
