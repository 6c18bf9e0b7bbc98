package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// The steps Okta's "SCIM 2.0 SPEC Test" and Microsoft's SCIM Validator run against a SCIM base
// URL, in their order, with their media types. Where GitLab's rules differ from
// what a generic validator assumes, the step asserts GitLab's answer and says so.
func TestSCIMValidators_OktaAndMicrosoftSteps(t *testing.T) {
	env := apitest.New(t, scimWorld)
	idp := newSCIMClient(t, env, "acme", acmeToken)
	const okta = "application/json"
	const entra = "application/scim+json; charset=utf-8"
	notEmpty := func(t *testing.T, user map[string]any) {
		t.Helper()
		assert.NotEmpty(t, user["id"])
		assert.NotEmpty(t, user["userName"])
		assert.NotNil(t, user["active"])
		assert.NotEmpty(t, user["name"].(map[string]any)["givenName"])
		assert.NotEmpty(t, user["name"].(map[string]any)["familyName"])
		assert.NotEmpty(t, user["emails"].([]any)[0].(map[string]any)["value"])
	}

	t.Run("list with count=1", func(t *testing.T) {
		resp := idp.do("GET", "/Users?count=1&startIndex=1", "")
		page := readList(t, resp)
		assert.Equal(t, listPage{total: 2, perPage: 1, start: 1, ids: []string{"alice-uid"}}, page)
		notEmpty(t, resp.JSON(t).(map[string]any)["Resources"].([]any)[0].(map[string]any))
	})
	t.Run("get by id", func(t *testing.T) {
		resp := idp.do("GET", "/Users/alice-uid", "")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		notEmpty(t, resp.JSON(t).(map[string]any))
	})
	t.Run("get by filter, unknown user", func(t *testing.T) {
		assert.Equal(t, listPage{0, 20, 1, []string{}}, readList(t, idp.do("GET", filterQuery(`userName eq "nobody-7f3a@example.com"`), "")))
	})
	t.Run("404 for an unknown id", func(t *testing.T) {
		requireSCIMError(t, idp.do("GET", "/Users/010101010101", ""), http.StatusNotFound, "Resource 010101010101 not found")
	})

	var id string
	t.Run("create", func(t *testing.T) {
		user := requireCreated(t, idp.doAs("POST", "/Users",
			`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"00u9okta","userName":"grace@example.com","name":{"givenName":"Grace","familyName":"Hopper"},"emails":[{"primary":true,"value":"grace@example.com","type":"work"}],"displayName":"Grace Hopper","locale":"en-US","groups":[],"password":"1mP@ssw0rd","active":true}`, okta))
		id = user["id"].(string)
		assert.Equal(t, "00u9okta", id)
		assert.Equal(t, true, user["active"])
		assert.Equal(t, "Grace", user["name"].(map[string]any)["givenName"])
		assert.Equal(t, "Hopper", user["name"].(map[string]any)["familyName"])
		assert.Contains(t, user["schemas"], scimUserSchema)
		// GitLab makes the username from the email's local part.
		assert.Equal(t, "grace", user["userName"])
	})
	t.Run("get the created user", func(t *testing.T) {
		resp := idp.do("GET", "/Users/"+id, "")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		notEmpty(t, resp.JSON(t).(map[string]any))
	})
	t.Run("409 for a duplicate", func(t *testing.T) {
		resp := idp.doAs("POST", "/Users",
			`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"00u9okta-again","userName":"grace@example.com","name":{"givenName":"Grace","familyName":"Hopper"},"emails":[{"primary":true,"value":"grace@example.com","type":"work"}],"active":true}`, okta)
		require.Equal(t, http.StatusConflict, resp.Status, "%s", resp.Body)
		assert.Equal(t, "uniqueness", resp.JSON(t).(map[string]any)["scimType"])
	})
	t.Run("get by filter, userName in another case", func(t *testing.T) {
		assert.Equal(t, []string{id}, readList(t, idp.do("GET", filterQuery(`userName eq "GRACE"`), "")).ids)
	})
	t.Run("get by filter, externalId (Entra)", func(t *testing.T) {
		assert.Equal(t, []string{id}, readList(t, idp.do("GET", "/Users?filter="+url.QueryEscape(`externalId eq "00u9okta"`), "")).ids)
	})
	t.Run("replace attributes (Entra)", func(t *testing.T) {
		requireNoContent(t, idp.doAs("PATCH", "/Users/"+id,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"Amazing Grace"},{"op":"Replace","path":"name.familyName","value":"Murray"}]}`, entra))
	})
	t.Run("deactivate", func(t *testing.T) {
		requireNoContent(t, idp.doAs("PATCH", "/Users/"+id,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}`, entra))
		resp := idp.do("GET", "/Users/"+id, "")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, false, resp.JSON(t).(map[string]any)["active"])
		assert.Equal(t, int32(0), projectAccess(t, env, acmeAPIProjectID, "grace"))
	})
	t.Run("delete", func(t *testing.T) {
		requireNoContent(t, idp.do("DELETE", "/Users/"+id, ""))
		// GitLab keeps a deprovisioned identity: it is still found, inactive (validators that
		// expect a 404 after DELETE report this as GitLab's behaviour).
		resp := idp.do("GET", "/Users/"+id, "")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, false, resp.JSON(t).(map[string]any)["active"])
	})
}

// Requests are JSON under either media type (with or without charset); other bodies are refused
// in SCIM's error shape, and every answer is application/scim+json.
func TestSCIMMediaTypes_AcceptSCIMAndPlainJSON(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for i, contentType := range []string{"application/scim+json", "application/scim+json; charset=utf-8", "application/json", "application/json; charset=utf-8"} {
		resp := acme.doAs("POST", "/Users", `{"externalId":"m`+string(rune('a'+i))+`","userName":"media","emails":[{"type":"work","value":"media`+string(rune('a'+i))+`@example.com"}],"name":{"formatted":"Media Type"}}`, contentType)
		requireCreated(t, resp)
		requireNoContent(t, acme.doAs("PATCH", "/Users/m"+string(rune('a'+i)), `{"Operations":[{"op":"replace","path":"active","value":false}]}`, contentType))
	}
	requireSCIMError(t, acme.doAs("POST", "/Users", `{"externalId":`, scimContentType), http.StatusBadRequest, "body is not valid JSON")
	requireSCIMError(t, acme.doAs("POST", "/Users", `[1,2,3]`, scimContentType), http.StatusBadRequest, "body is invalid")
	requireSCIMError(t, acme.doAs("POST", "/Users", `{"externalId":5}`, "application/json"), http.StatusBadRequest, "externalId is invalid")
	requireSCIMError(t, acme.doAs("POST", "/Users", `{"externalId":"x","active":"maybe"}`, "application/json"), http.StatusBadRequest, "active is invalid")
	requireSCIMError(t, acme.doAs("POST", "/Users", `externalId=x`, "text/plain"), http.StatusUnsupportedMediaType, "415 Unsupported Media Type")
	requireSCIMError(t, acme.doAs("PATCH", "/Users/alice-uid", `Operations`, "text/plain"), http.StatusUnsupportedMediaType, "415 Unsupported Media Type")
	requireSCIMError(t, acme.do("PUT", "/Users/alice-uid", `{}`), http.StatusMethodNotAllowed, "405 Not Allowed")
	requireSCIMError(t, acme.do("GET", "/Groups", ""), http.StatusNotFound, "404 Not Found")
}

// Like Grape, glia's front door also reads Rails-style form bodies (GitLab's own request specs
// provision users that way); IdPs send JSON.
func TestSCIMMediaTypes_AcceptRailsStyleFormBodies(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	user := requireCreated(t, acme.doAs("POST", "/Users",
		"externalId=form-uid&userName=former&emails[0][type]=work&emails[0][value]=former%40example.com&name[formatted]=Form+Er",
		"application/x-www-form-urlencoded"))
	assert.Equal(t, "former", user["userName"])
	assert.Equal(t, "Form Er", user["name.formatted"])
}
