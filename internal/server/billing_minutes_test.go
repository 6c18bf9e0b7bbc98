package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/minutepacks"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

var packPaths = map[string]string{
	"seed":    "/api/v4/namespaces/%s/minutes",
	"current": "/api/v4/internal/gitlab_subscriptions/namespaces/%s/minutes",
}

func packsURL(family, namespace string) string {
	return strings.Replace(packPaths[family], "%s", namespace, 1)
}

func pack(xid string, minutes int) string {
	return fmt.Sprintf(`{"number_of_minutes":%d,"expires_at":"2030-01-01","purchase_xid":%q}`, minutes, xid)
}

func packs(list ...string) string { return `{"packs":[` + strings.Join(list, ",") + `]}` }

// storedPacks reads the namespace's packs as "xid:minutes".
func storedPacks(t *testing.T, env *apitest.Env, namespaceID int64) []string {
	t.Helper()
	rows, err := env.Store.NamespaceAdditionalPacks(t.Context(), namespaceID)
	require.NoError(t, err)
	out := []string{}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s:%d", r.PurchaseXID, r.NumberOfMinutes))
	}
	return out
}

func TestMinutePacks_CreateSavesAllAndAnswersThemInRequestOrder(t *testing.T) {
	for family := range packPaths {
		t.Run(family, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			resp := asCustomersDot(t, env, http.MethodPost, packsURL(family, "acme"), packs(pack("b-purchase", 500), pack("a-purchase", 1000)))
			require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
			assert.JSONEq(t, `[
				{"namespace_id":100,"expires_at":"2030-01-01","number_of_minutes":500,"purchase_xid":"b-purchase"},
				{"namespace_id":100,"expires_at":"2030-01-01","number_of_minutes":1000,"purchase_xid":"a-purchase"}]`, string(resp.Body))
			assert.ElementsMatch(t, []string{"a-purchase:1000", "b-purchase:500"}, storedPacks(t, env, 100))
		})
	}
}

func TestMinutePacks_APurchaseRecordedBeforeIsAnsweredUnchanged(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack("first", 500)))
	require.Equal(t, http.StatusCreated, resp.Status)
	resp = asCustomersDot(t, env, http.MethodPost, packsURL("seed", "100"), packs(pack("first", 9999), pack("second", 10)))
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	assert.JSONEq(t, `[
		{"namespace_id":100,"expires_at":"2030-01-01","number_of_minutes":500,"purchase_xid":"first"},
		{"namespace_id":100,"expires_at":"2030-01-01","number_of_minutes":10,"purchase_xid":"second"}]`, string(resp.Body))
	assert.ElementsMatch(t, []string{"first:500", "second:10"}, storedPacks(t, env, 100))
}

func TestMinutePacks_AnyInvalidPackSavesNone(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := asCustomersDot(t, env, http.MethodPost, packsURL("current", "200"), packs(pack("someone-elses", 100)))
	require.Equal(t, http.StatusCreated, resp.Status)

	cases := map[string]string{
		"a purchase_xid of 33 characters":         packs(pack("ok-1", 100), pack(strings.Repeat("x", 33), 100)),
		"a purchase_xid of another namespace":     packs(pack("ok-1", 100), pack("someone-elses", 100)),
		"a purchase_xid of 33 multibyte runes":    packs(pack(strings.Repeat("é", 33), 1)),
		"the invalid pack first, the valid after": packs(pack(strings.Repeat("y", 40), 1), pack("ok-2", 1)),
	}
	for name, body := range cases {
		resp := asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), body)
		assert.Equal(t, http.StatusBadRequest, resp.Status, name)
		assert.JSONEq(t, `{"message":"400 Bad request - Unable to save additional packs"}`, string(resp.Body), name)
	}
	assert.Empty(t, storedPacks(t, env, 100))
	assert.Equal(t, []string{"someone-elses:100"}, storedPacks(t, env, 200))

	ok := asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack(strings.Repeat("é", 32), 1)))
	assert.Equal(t, http.StatusCreated, ok.Status, "32 characters is the limit, however many bytes")
}

func TestMinutePacks_ParameterFailures(t *testing.T) {
	env := apitest.New(t, billingWorld)
	cases := []struct{ body, want string }{
		{`{}`, `{"error":"packs is missing"}`},
		{`{"packs":[]}`, `{"error":"packs is invalid"}`},
		{`{"packs":[{"number_of_minutes":1,"expires_at":"2030-01-01"}]}`, `{"error":"packs[0][purchase_xid] is missing"}`},
		{`{"packs":[{"purchase_xid":"x","expires_at":"2030-01-01"}]}`, `{"error":"packs[0][number_of_minutes] is missing"}`},
		{`{"packs":[{"purchase_xid":"x","number_of_minutes":1,"expires_at":"2021-02-30"}]}`, `{"error":"packs[0][expires_at] is invalid"}`},
		{`{"packs":[{"purchase_xid":"x","number_of_minutes":1e12,"expires_at":"2030-01-01"}]}`, `{"error":"packs[0][number_of_minutes] is invalid"}`},
		{`{"packs":[{"purchase_xid":"","number_of_minutes":1,"expires_at":"2030-01-01"}]}`, `{"error":"packs[0][purchase_xid] is invalid"}`},
	}
	for _, tc := range cases {
		resp := asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), tc.body)
		assert.Equal(t, http.StatusBadRequest, resp.Status, tc.body)
		assert.JSONEq(t, tc.want, string(resp.Body), tc.body)
	}
	assert.Empty(t, storedPacks(t, env, 100))
}

func TestMinutePacks_UnknownNamespaceIsNotFound(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range packPaths {
		resp := asCustomersDot(t, env, http.MethodPost, packsURL(family, "nowhere"), packs(pack("x", 1)))
		assert.Equal(t, http.StatusNotFound, resp.Status)
		assert.JSONEq(t, `{"message":"404 Namespace Not Found"}`, string(resp.Body))
	}
}

func TestMinutePacks_RailsFormBodies(t *testing.T) {
	env := apitest.New(t, billingWorld)
	req := env.NewRequest(t, http.MethodPost, packsURL("seed", "100"),
		"packs[0][number_of_minutes]=10000&packs[0][expires_at]=2022-01-01&packs[0][purchase_xid]=46952fe69bebc1a4de10b2b4ff439d0c")
	req.Header.Set("Private-Token", billingAdminToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := env.Do(t, req)
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	assert.Equal(t, []string{"46952fe69bebc1a4de10b2b4ff439d0c:10000"}, storedPacks(t, env, 100))
}

func TestMinutePacks_TenThousandPacksAreOneTransaction(t *testing.T) {
	env := apitest.New(t, billingWorld)
	list := make([]string, 10000)
	for i := range list {
		list[i] = pack(fmt.Sprintf("bulk-%05d", i), 100)
	}
	resp := asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(list...))
	require.Equal(t, http.StatusCreated, resp.Status)
	assert.Len(t, resp.JSON(t), 10000)
	assert.Len(t, storedPacks(t, env, 100), 10000)

	list[9999] = pack(strings.Repeat("z", 33), 1)
	list[0] = pack("bulk-new-first", 1)
	resp = asCustomersDot(t, env, http.MethodPost, packsURL("current", "200"), packs(list...))
	require.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Empty(t, storedPacks(t, env, 200))
}

func TestMinutePacks_PurchasedMinutesCountOnlyPacksNotExpired(t *testing.T) {
	env := apitest.New(t, billingWorld)
	body := fmt.Sprintf(`{"packs":[{"number_of_minutes":1000,"expires_at":%q,"purchase_xid":"live"},{"number_of_minutes":50,"expires_at":"2020-01-01","purchase_xid":"old"}]}`,
		time.Now().UTC().Format(time.DateOnly))
	require.Equal(t, http.StatusCreated, asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), body).Status)
	total, err := minutePacksPurchased(t, env, 100)
	require.NoError(t, err)
	assert.Equal(t, int64(1000), total.ActiveMinutes)
	assert.Equal(t, int64(1050), total.Minutes)
}

var movePaths = map[string]string{
	"seed":    "/api/v4/namespaces/%s/minutes/move/%s",
	"current": "/api/v4/internal/gitlab_subscriptions/namespaces/%s/minutes/move/%s",
}

func moveURL(family, from, to string) string {
	return fmt.Sprintf(movePaths[family], from, to)
}

func TestMinutePacks_MoveRepointsEveryPackToTheTarget(t *testing.T) {
	for family := range movePaths {
		t.Run(family, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			require.Equal(t, http.StatusCreated, asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack("p1", 10), pack("p2", 20))).Status)
			resp := asCustomersDot(t, env, http.MethodPatch, moveURL(family, "acme", "200"), "")
			require.Equal(t, http.StatusAccepted, resp.Status, "%s", resp.Body)
			assert.JSONEq(t, `{"message":"202 Accepted"}`, string(resp.Body))
			assert.Empty(t, storedPacks(t, env, 100))
			assert.ElementsMatch(t, []string{"p1:10", "p2:20"}, storedPacks(t, env, 200))

			resp = asCustomersDot(t, env, http.MethodPatch, moveURL(family, "acme", "200"), "")
			assert.Equal(t, http.StatusAccepted, resp.Status, "a namespace without packs moves nothing and is accepted")
		})
	}
}

func TestMinutePacks_MoveRules(t *testing.T) {
	env := apitest.New(t, billingWorld)
	require.Equal(t, http.StatusCreated, asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack("p1", 10))).Status)
	cases := []struct {
		name, from, to string
		status         int
		message        string
	}{
		{"unknown source", "nowhere", "200", 404, "404 Namespace Not Found"},
		{"unknown target", "100", "nowhere", 404, "404 Target namespace Not Found"},
		{"source checked first", "nowhere", "nowhere-else", 404, "404 Namespace Not Found"},
		{"a subgroup source", "101", "200", 400, "400 Bad request - Namespace must be a top-level namespace"},
		{"a subgroup target", "100", "acme%2Fsub", 400, "400 Bad request - Target namespace must be a top-level namespace"},
		{"no common owner", "100", "bobs", 400, "400 Bad request - Both namespaces must share the same owner"},
		{"to the owner's personal namespace", "100", "alice", 202, "202 Accepted"},
	}
	for _, tc := range cases {
		resp := asCustomersDot(t, env, http.MethodPatch, moveURL("current", tc.from, tc.to), "")
		assert.Equal(t, tc.status, resp.Status, tc.name)
		assert.JSONEq(t, `{"message":"`+tc.message+`"}`, string(resp.Body), tc.name)
		if tc.status != http.StatusAccepted {
			assert.Len(t, storedPacks(t, env, 100), 1, "%s: a refused move moves nothing", tc.name)
		}
	}
	assert.Empty(t, storedPacks(t, env, 100))
}

func minutePacksPurchased(t *testing.T, env *apitest.Env, namespaceID int64) (minutepacks.Total, error) {
	t.Helper()
	y, m, d := time.Now().UTC().Date()
	return minutepacks.Purchased(t.Context(), env.Store, namespaceID, time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}
