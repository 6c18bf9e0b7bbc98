package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// RFC 7644 §4 discovery, behind the same gates: the service provider configuration tells the
// truth (filter with maxResults 100 and PATCH supported; bulk, sort, ETags and password changes
// not), one resource type, the User schema; other query parameters are ignored, a filter is 403.
func TestSCIMDiscovery_DescribesWhatGliaSupports(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)

	resp := acme.do("GET", "/ServiceProviderConfig?attributes=patch", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, scimContentType, resp.Header.Get("Content-Type"))
	assert.Equal(t, map[string]any{
		"schemas":          []any{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"},
		"documentationUri": "https://docs.gitlab.com/development/internal_api/#group-scim-api",
		"patch":            map[string]any{"supported": true},
		"bulk":             map[string]any{"supported": false, "maxOperations": float64(0), "maxPayloadSize": float64(0)},
		"filter":           map[string]any{"supported": true, "maxResults": float64(100)},
		"changePassword":   map[string]any{"supported": false},
		"sort":             map[string]any{"supported": false},
		"etag":             map[string]any{"supported": false},
		"authenticationSchemes": []any{map[string]any{
			"type": "oauthbearertoken", "name": "OAuth Bearer Token", "primary": true,
			"description": "The group's SCIM token (glsoat- prefix) in an Authorization Bearer header.",
		}},
		"meta": map[string]any{"resourceType": "ServiceProviderConfig"},
	}, resp.JSON(t))

	resp = acme.do("GET", "/ResourceTypes", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{
		"schemas": []any{scimListSchema}, "totalResults": float64(1), "itemsPerPage": float64(1), "startIndex": float64(1),
		"Resources": []any{map[string]any{
			"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"},
			"id":      "User", "name": "User", "endpoint": "/Users", "description": "User Account",
			"schema": scimUserSchema, "meta": map[string]any{"resourceType": "ResourceType"},
		}},
	}, resp.JSON(t))

	resp = acme.do("GET", "/Schemas", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	schemas := resp.JSON(t).(map[string]any)
	assert.InDelta(t, 1, schemas["totalResults"], 0)
	user := schemas["Resources"].([]any)[0].(map[string]any)
	assert.Equal(t, scimUserSchema, user["id"])
	var names []string
	for _, a := range user["attributes"].([]any) {
		names = append(names, a.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"userName", "name", "displayName", "emails", "active"}, names)
	active := user["attributes"].([]any)[4].(map[string]any)
	assert.Equal(t, map[string]any{"name": "active", "type": "boolean", "multiValued": false, "required": false,
		"mutability": "readWrite", "returned": "default",
		"description": "Whether the group SCIM identity is active; false deprovisions the user from the group."}, active)

	for _, path := range []string{"/ServiceProviderConfig", "/ResourceTypes", "/Schemas"} {
		requireSCIMError(t, acme.do("GET", path+`?filter=id%20eq%20%22User%22`, ""), http.StatusForbidden,
			"Filtering is not supported on discovery endpoints.")
	}
}
