package httpmw

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	genbilling "github.com/glia-dev/glia/gen/billingapi"
	geninternal "github.com/glia-dev/glia/gen/internalapi"
)

// fold runs foldRailsParams on a request against the given spec and returns the JSON body the
// validator and handler will see, and the query string left over.
func fold(t *testing.T, load func() (*openapi3.T, error), method, target, contentType, body string) (map[string]any, string) {
	t.Helper()
	doc, err := load()
	require.NoError(t, err)
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	route, _, err := router.FindRoute(req)
	require.NoError(t, err)
	require.NoError(t, foldRailsParams(req, route))
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	raw, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	var doc2 map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc2), "%s", raw)
	return doc2, req.URL.RawQuery
}

func TestFoldRailsParams_ReadsTheSeedsFormBodies(t *testing.T) {
	t.Run("personal access token with scopes[]", func(t *testing.T) {
		got, _ := fold(t, geninternal.GetSwagger, "POST", "/api/v4/internal/personal_access_token", "application/x-www-form-urlencoded",
			"user_id=29&name=mytokenname&scopes[]=read_user&scopes[]=read_repository&expires_at=2020-07-24")
		assert.Equal(t, map[string]any{
			"user_id": "29", "name": "mytokenname", "expires_at": "2020-07-24",
			"scopes": []any{"read_user", "read_repository"},
		}, got)
	})
	t.Run("allowed: key_id stays a digit string, the secret moves to the query", func(t *testing.T) {
		got, query := fold(t, geninternal.GetSwagger, "POST", "/api/v4/internal/allowed", "application/x-www-form-urlencoded",
			"key_id=11&project=gnuwget/wget2&action=git-upload-pack&protocol=ssh&secret_token=s3cret")
		assert.Equal(t, map[string]any{"key_id": "11", "project": "gnuwget/wget2", "action": "git-upload-pack", "protocol": "ssh"}, got)
		assert.Equal(t, "secret_token=s3cret", query)
	})
	t.Run("push options as repeated plain names", func(t *testing.T) {
		got, _ := fold(t, geninternal.GetSwagger, "POST", "/api/v4/internal/post_receive", "application/x-www-form-urlencoded",
			"gl_repository=project-7&identifier=user-1&push_options[]=ci.skip&push_options[]=mr.create")
		assert.Equal(t, []any{"ci.skip", "mr.create"}, got["push_options"])
	})
}

func TestFoldRailsParams_ReadsParametersFromTheQueryStringOfAPost(t *testing.T) {
	got, query := fold(t, genbilling.GetSwagger, "POST",
		"/api/v4/namespaces/1234/gitlab_subscription?start_date=2020-07-15&plan_code=premium&seats=10&trial=false", "", "")
	assert.Equal(t, map[string]any{"start_date": "2020-07-15", "plan_code": "premium", "seats": float64(10), "trial": false}, got)
	assert.Empty(t, query)
}

func TestFoldRailsParams_BuildsListsOfHashesFromIndexedNames(t *testing.T) {
	got, _ := fold(t, genbilling.GetSwagger, "POST", "/api/v4/namespaces/123/minutes", "application/x-www-form-urlencoded",
		"packs[1][number_of_minutes]=20&packs[0][number_of_minutes]=10000&packs[0][expires_at]=2022-01-01&packs[0][purchase_xid]=abc&packs[1][purchase_xid]=def")
	assert.Equal(t, []any{
		map[string]any{"number_of_minutes": float64(10000), "expires_at": "2022-01-01", "purchase_xid": "abc"},
		map[string]any{"number_of_minutes": float64(20), "purchase_xid": "def"},
	}, got["packs"])
}

func TestFoldRailsParams_LeavesJSONBodiesAlone(t *testing.T) {
	doc, err := geninternal.GetSwagger()
	require.NoError(t, err)
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	body := `{"key_id":"11","action":"git-upload-pack","protocol":"ssh"}`
	req := httptest.NewRequest("POST", "/api/v4/internal/allowed?check_ip=1.2.3.4", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	route, _, err := router.FindRoute(req)
	require.NoError(t, err)
	require.NoError(t, foldRailsParams(req, route))
	raw, _ := io.ReadAll(req.Body)
	assert.Equal(t, body, string(raw))
}

func TestRailsSegments_SplitsBracketedNames(t *testing.T) {
	assert.Equal(t, []string{"a"}, railsSegments("a"))
	assert.Equal(t, []string{"scopes", ""}, railsSegments("scopes[]"))
	assert.Equal(t, []string{"packs", "0", "purchase_xid"}, railsSegments("packs[0][purchase_xid]"))
	assert.Equal(t, []string{"a", "", "b"}, railsSegments("a[][b]"))
}

func TestAssign_RejectsConflictingShapes(t *testing.T) {
	m := map[string]any{}
	require.NoError(t, assign(m, railsSegments("a"), "1"))
	var pe *paramError
	assert.ErrorAs(t, assign(m, railsSegments("a[b]"), "2"), &pe)
	assert.ErrorAs(t, assign(m, railsSegments("a[]"), "2"), &pe)
}
