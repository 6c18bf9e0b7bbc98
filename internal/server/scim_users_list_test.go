package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// aliceResource is alice as acme's SCIM API shows her: GitLab's user resource with the name in
// both shapes, plus externalId and meta.location.
var aliceResource = map[string]any{
	"schemas":        []any{scimUserSchema},
	"id":             "alice-uid",
	"externalId":     "alice-uid",
	"active":         true,
	"userName":       "alice",
	"name":           map[string]any{"formatted": "Alice Liddell", "givenName": "Alice", "familyName": "Liddell"},
	"name.formatted": "Alice Liddell",
	"emails":         []any{map[string]any{"type": "work", "value": "alice@example.com", "primary": true}},
	"meta":           map[string]any{"resourceType": "User", "location": "http://gitlab.test/api/scim/v2/groups/acme/Users/alice-uid"},
}

type listPage struct {
	total, perPage, start int
	ids                   []string
}

func readList(t *testing.T, resp apitest.Response) listPage {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, scimContentType, resp.Header.Get("Content-Type"))
	body := resp.JSON(t).(map[string]any)
	assert.Equal(t, []any{scimListSchema}, body["schemas"])
	page := listPage{total: int(body["totalResults"].(float64)), perPage: int(body["itemsPerPage"].(float64)), start: int(body["startIndex"].(float64)), ids: []string{}}
	for _, r := range body["Resources"].([]any) {
		page.ids = append(page.ids, r.(map[string]any)["id"].(string))
	}
	return page
}

func filterQuery(filter string) string { return "/Users?filter=" + url.QueryEscape(filter) }

// GET /Users without a filter lists the group's SCIM identities (deprovisioned ones too) in
// creation order, GitLab's user resource each.
func TestSCIMList_WithoutFilterListsTheGroupsIdentities(t *testing.T) {
	env := apitest.New(t, scimWorld)
	resp := newSCIMClient(t, env, "acme", acmeToken).do("GET", "/Users", "")
	assert.Equal(t, listPage{total: 2, perPage: 20, start: 1, ids: []string{"alice-uid", "dave-uid"}}, readList(t, resp))
	first := resp.JSON(t).(map[string]any)["Resources"].([]any)[0]
	assert.Equal(t, aliceResource, first)
	assert.Equal(t, false, resp.JSON(t).(map[string]any)["Resources"].([]any)[1].(map[string]any)["active"])
}

// startIndex is 1-based, below 1 it is 1; count absent or not positive is 20 and at most 100;
// itemsPerPage reports the effective count (GitLab), totalResults every match.
func TestSCIMList_PaginatesWithGitLabsDefaultsAndCap(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	cases := []struct {
		query string
		want  listPage
	}{
		{"count=1", listPage{2, 1, 1, []string{"alice-uid"}}},
		{"count=1&startIndex=1", listPage{2, 1, 1, []string{"alice-uid"}}},
		{"count=1&startIndex=2", listPage{2, 1, 2, []string{"dave-uid"}}},
		{"startIndex=3", listPage{2, 20, 3, []string{}}},
		{"startIndex=0", listPage{2, 20, 1, []string{"alice-uid", "dave-uid"}}},
		{"startIndex=-5", listPage{2, 20, 1, []string{"alice-uid", "dave-uid"}}},
		{"count=0", listPage{2, 20, 1, []string{"alice-uid", "dave-uid"}}},
		{"count=-3", listPage{2, 20, 1, []string{"alice-uid", "dave-uid"}}},
		{"count=1000000", listPage{2, 100, 1, []string{"alice-uid", "dave-uid"}}},
		{"count=1&startIndex=2&filter=" + url.QueryEscape(`id eq "alice-uid"`), listPage{1, 1, 2, []string{}}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			assert.Equal(t, tc.want, readList(t, acme.do("GET", "/Users?"+tc.query, "")))
		})
	}
}

// Filters GitLab supports — id, externalId and userName with eq — with RFC 7644's leniency:
// attribute names and operator in any case, the schema-qualified name, quoted or bare values;
// values match case-insensitively. userName tries the extern_uid, then the username, then for an
// email the user with that email or whose username is its local part. No match is 200 with
// totalResults 0.
func TestSCIMList_FiltersByIDExternalIDAndUserName(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	cases := []struct {
		filter string
		want   []string
	}{
		{`id eq "alice-uid"`, []string{"alice-uid"}},
		{`externalId eq "alice-uid"`, []string{"alice-uid"}},
		{`id eq "ALICE-UID"`, []string{"alice-uid"}},
		{`ID EQ "alice-uid"`, []string{"alice-uid"}},
		{`externalid Eq "dave-uid"`, []string{"dave-uid"}},
		{`id eq alice-uid`, []string{"alice-uid"}},
		{`  id   eq   "alice-uid"  `, []string{"alice-uid"}},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice"`, []string{"alice-uid"}},
		{`userName eq "alice"`, []string{"alice-uid"}},
		{`userName eq "ALICE"`, []string{"alice-uid"}},
		{`USERNAME eq "dave-uid"`, []string{"dave-uid"}},
		{`userName eq "alice@example.com"`, []string{"alice-uid"}},
		{`userName eq "Alice@Example.COM"`, []string{"alice-uid"}},
		{`userName eq "alice@elsewhere.example"`, []string{"alice-uid"}},
		{`id eq "nonexistent"`, []string{}},
		{`userName eq "carol"`, []string{}},
		{`userName eq "bob"`, []string{}},
		{`userName eq "nobody@example.com"`, []string{}},
		{`id eq "bob-uid"`, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.filter, func(t *testing.T) {
			page := readList(t, acme.do("GET", filterQuery(tc.filter), ""))
			assert.Equal(t, tc.want, page.ids)
			assert.Equal(t, len(tc.want), page.total)
			assert.Equal(t, 20, page.perPage)
		})
	}
}

// A quoted value may hold spaces and escaped quotes (RFC 7644); GitLab splits the filter at
// spaces and finds nothing there.
func TestSCIMList_FilterValuesMayHoldSpacesAndQuotes(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for _, uid := range []string{`CN=Jane Doe,OU=People`, `say "hi"`} {
		body := `{"externalId":` + jsonString(uid) + `,"userName":"jane","emails":[{"type":"work","value":"jane` + strconv.Itoa(len(uid)) + `@example.com"}],"name":{"formatted":"Jane Doe"}}`
		require.Equal(t, http.StatusCreated, acme.do("POST", "/Users", body).Status)
		page := readList(t, acme.do("GET", filterQuery(`externalId eq `+jsonString(uid)), ""))
		assert.Equal(t, []string{uid}, page.ids)
	}
}

// Anything else is GitLab's 412 "Unsupported Filter" (RFC 7644 would say 400 invalidFilter; IdPs
// cope with GitLab's answer): other operators, logical expressions, value paths, other
// attributes, broken quoting, no value. A filter over 1024 characters is refused by the contract.
func TestSCIMList_RefusesUnsupportedFilters(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for _, filter := range []string{
		`id ne "alice-uid"`,
		`userName co "ali"`,
		`userName sw "a"`,
		`id pr`,
		`id eq "alice-uid" and userName eq "alice"`,
		`id eq "alice-uid" or id eq "dave-uid"`,
		`not (id eq "alice-uid")`,
		`(id eq "alice-uid")`,
		`emails[type eq "work"].value eq "alice@example.com"`,
		`emails.value eq "alice@example.com"`,
		`displayName eq "Alice Liddell"`,
		`id eq "alice-uid`,
		`id eq alice"uid`,
		`id eq ""`,
		`id eq`,
		`id`,
		`eq "alice-uid"`,
	} {
		t.Run(filter, func(t *testing.T) {
			requireSCIMError(t, acme.do("GET", filterQuery(filter), ""), http.StatusPreconditionFailed, "Unsupported Filter")
		})
	}
	requireSCIMError(t, acme.do("GET", filterQuery(`id eq "`+strings.Repeat("a", 10*1024)+`"`), ""), http.StatusBadRequest, "filter is invalid")
	requireSCIMError(t, acme.do("GET", "/Users?startIndex=abc", ""), http.StatusBadRequest, "startIndex is invalid")
	requireSCIMError(t, acme.do("GET", "/Users?count=99999999999999999999", ""), http.StatusBadRequest, "count is invalid")
}

// A group whose SAML provider is switched off lists nobody, filter or not (GitLab's ScimFinder),
// while its users stay reachable by id.
func TestSCIMList_IsEmptyWhileTheSAMLProviderIsDisabled(t *testing.T) {
	env := apitest.New(t, scimWorld)
	require.NoError(t, env.Store.DisableSAML(t.Context(), 300))
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for _, query := range []string{"/Users", filterQuery(`id eq "alice-uid"`), filterQuery(`id ne "x"`)} {
		assert.Equal(t, listPage{0, 20, 1, []string{}}, readList(t, acme.do("GET", query, "")), query)
	}
	assert.Equal(t, http.StatusOK, acme.do("GET", "/Users/alice-uid", "").Status)
}

// GET /Users/{id} finds the identity by extern_uid ignoring case; the id may hold any character.
func TestSCIMGet_FindsTheIdentityByExternUIDAnyCase(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	resp := acme.do("GET", "/Users/ALICE-uid", "")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, aliceResource, resp.JSON(t))

	requireSCIMError(t, acme.do("GET", "/Users/nobody", ""), 404, "Resource nobody not found")
	for _, uid := range []string{"a/b c", "x+y@z.example", "100%", "ünïcödé", "semi;colon?q=1#frag"} {
		body := `{"externalId":` + jsonString(uid) + `,"userName":"odd","emails":[{"type":"work","value":"odd` + strconv.Itoa(len(uid)) + `@example.com"}],"name":{"formatted":"Odd Id"}}`
		require.Equal(t, http.StatusCreated, acme.do("POST", "/Users", body).Status, uid)
		resp := acme.do("GET", "/Users/"+url.PathEscape(uid), "")
		require.Equal(t, http.StatusOK, resp.Status, "%s: %s", uid, resp.Body)
		assert.Equal(t, uid, resp.JSON(t).(map[string]any)["id"])
		assert.Equal(t, "http://gitlab.test/api/scim/v2/groups/acme/Users/"+url.PathEscape(uid),
			resp.JSON(t).(map[string]any)["meta"].(map[string]any)["location"])
	}
}
