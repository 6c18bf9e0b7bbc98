package httpmw

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	genbilling "github.com/glia-dev/glia/gen/billingapi"
	geninternal "github.com/glia-dev/glia/gen/internalapi"
	genscim "github.com/glia-dev/glia/gen/scimapi"
)

// fuzzRoutes are operations whose bodies the seed's examples and GitLab's request specs send as
// Rails forms: lists, lists of hashes, nested hashes, integers and booleans to coerce.
var fuzzRoutes = []struct {
	load         func() (*openapi3.T, error)
	method, path string
}{
	{geninternal.GetSwagger, "POST", "/api/v4/internal/allowed"},
	{geninternal.GetSwagger, "POST", "/api/v4/internal/personal_access_token"},
	{geninternal.GetSwagger, "POST", "/api/v4/internal/kubernetes/usage_metrics"},
	{genbilling.GetSwagger, "POST", "/api/v4/namespaces/100/minutes"},
	{genbilling.GetSwagger, "POST", "/api/v4/namespaces/100/gitlab_subscription"},
	{genscim.GetSwagger, "POST", "/api/scim/v2/groups/acme/Users"},
}

// findFuzzRoutes routes each of fuzzRoutes once.
func findFuzzRoutes(f *testing.F) []*routers.Route {
	var out []*routers.Route
	for _, fr := range fuzzRoutes {
		doc, err := fr.load()
		if err != nil {
			f.Fatal(err)
		}
		doc.Servers = nil
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			f.Fatal(err)
		}
		req, err := http.NewRequest(fr.method, fr.path, nil)
		if err != nil {
			f.Fatal(err)
		}
		route, _, err := router.FindRoute(req)
		if err != nil {
			f.Fatal(fr.path, err)
		}
		out = append(out, route)
	}
	return out
}

// FuzzFoldRailsParams feeds the Rails folding any query string and form body for operations of
// all three APIs. Properties: it never panics; a refusal is a *paramError naming the parameter;
// what it folds is a JSON object, sent on as application/json, with only declared and credential
// parameters left in the query string; and it makes no unstorable text (NUL, invalid UTF-8) of
// parameters that had none, so the edge's check of the sent form holds for the folded body.
func FuzzFoldRailsParams(f *testing.F) {
	routes := findFuzzRoutes(f)
	for _, seed := range []struct {
		route       uint8
		query, body string
	}{
		{0, "", "key_id=11&project=gnuwget/wget2&action=git-upload-pack&protocol=ssh&secret_token=s3cret"},
		{0, "action=git-upload-pack&protocol=ssh&key_id=1&project=%00", ""},
		{0, "", "push_options[]=ci.skip&push_options[]=mr.create&changes=_any"},
		{1, "", "user_id=29&name=mytokenname&scopes[]=read_user&scopes[]=read_repository&expires_at=2020-07-24"},
		{2, "", "counters[gitops_sync]=4&unique_counters[agent_users_using_ci_tunnel][]=7&gitops_sync_count=1"},
		{3, "", "packs[0][number_of_minutes]=10000&packs[0][expires_at]=2022-01-01&packs[0][purchase_xid]=46952fe69bebc1a4de10b2b4ff439d0c"},
		{3, "", "packs[][purchase_xid]=a&packs[][number_of_minutes]=1&packs[][purchase_xid]=b&packs[][number_of_minutes]=2"},
		{3, "", "packs=x&packs[0]=y"},
		{4, "plan_code=premium&seats=10&start_date=2020-07-15&trial=false", ""},
		{4, "", "seats=&trial=TRUE&max_seats_used=1e3"},
		{5, "", "externalId=uid&userName=newbie&emails[0][type]=work&emails[0][value]=newbie%40example.com&name[formatted]=New+Bie"},
		{5, "", "emails[][value]=a&emails[][value]=b&active=False&a[b][c][d][e]=deep"},
		{5, "", "%ff=1&x=%C0&y[%00]=1&[]=1&a[=1&a]=1"},
	} {
		f.Add(seed.route, seed.query, seed.body)
	}
	f.Fuzz(func(t *testing.T, which uint8, query, body string) {
		route := routes[int(which)%len(routes)]
		r := &http.Request{
			Method: route.Method, URL: &url.URL{Path: route.Path, RawQuery: query}, Header: http.Header{},
			Body: http.NoBody,
		}
		if body != "" {
			r.Header.Set("Content-Type", mediaForm)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
		}
		sentStorable := checkPairs(query, "request") == nil && checkPairs(body, "body") == nil
		if err := foldRailsParams(r, route); err != nil {
			var param *paramError
			if !errors.As(err, &param) || param.name == "" {
				t.Fatalf("fold(%q, %q) failed with %T %v, not a named *paramError", query, body, err, err)
			}
			return
		}
		folded, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		if r.Header.Get("Content-Type") == mediaJSON {
			var doc map[string]any
			if err := json.Unmarshal(folded, &doc); err != nil || doc == nil {
				t.Fatalf("fold(%q, %q) sends %q: %v", query, body, folded, err)
			}
			if int64(len(folded)) != r.ContentLength {
				t.Fatalf("fold(%q, %q): Content-Length %d for %d bytes", query, body, r.ContentLength, len(folded))
			}
			declared := declaredQueryParams(route)
			for _, pair := range splitPairs(r.URL.RawQuery) {
				if !declared[baseName(pair[0])] && !credentialParams[pair[0]] {
					t.Fatalf("fold(%q, %q) left %q in the query string", query, body, pair[0])
				}
			}
		} else if !bytes.Equal(folded, []byte(body)) {
			t.Fatalf("fold(%q, %q) changed the body without folding it: %q", query, body, folded)
		}
		if sentStorable {
			if err := checkJSON(folded); err != nil && r.Header.Get("Content-Type") == mediaJSON {
				t.Fatalf("fold(%q, %q) made unstorable text: %q (%v)", query, body, folded, err)
			}
		}
	})
}
