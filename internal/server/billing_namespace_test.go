package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Both path families of the namespace update behave the same.
var namespacePaths = map[string]string{
	"seed":    "/api/v4/namespaces/",
	"current": billingSubscriptionPath,
}

// namespaceEntity is the billing API's namespace body, decoded; optional fields are pointers so
// that a test sees whether they were sent.
type namespaceEntity struct {
	ID                               int64   `json:"id"`
	Kind                             string  `json:"kind"`
	FullPath                         string  `json:"full_path"`
	ParentID                         *int64  `json:"parent_id"`
	WebURL                           string  `json:"web_url"`
	SharedRunnersMinutesLimit        *int    `json:"shared_runners_minutes_limit"`
	ExtraSharedRunnersMinutesLimit   *int    `json:"extra_shared_runners_minutes_limit"`
	AdditionalPurchasedStorageSize   int64   `json:"additional_purchased_storage_size"`
	AdditionalPurchasedStorageEndsOn *string `json:"additional_purchased_storage_ends_on"`
	BillableMembersCount             int64   `json:"billable_members_count"`
	SeatsInUse                       *int    `json:"seats_in_use"`
	MaxSeatsUsed                     *int    `json:"max_seats_used"`
	EndDate                          *string `json:"end_date"`
	Plan                             string  `json:"plan"`
	Trial                            bool    `json:"trial"`
	TrialEndsOn                      *string `json:"trial_ends_on"`
	MembersCountWithDescendants      *int64  `json:"members_count_with_descendants"`
	ProjectsCount                    *int64  `json:"projects_count"`
}

func decodeNamespace(t *testing.T, resp apitest.Response) namespaceEntity {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	var e namespaceEntity
	require.NoError(t, json.Unmarshal(resp.Body, &e), "%s", resp.Body)
	return e
}

func updateNamespace(t *testing.T, env *apitest.Env, family, ref, body string) apitest.Response {
	t.Helper()
	return asCustomersDot(t, env, http.MethodPut, namespacePaths[family]+ref, body)
}

func storedLimits(t *testing.T, env *apitest.Env, namespaceID int64) store.NamespaceLimits {
	t.Helper()
	limits, err := env.Store.NamespaceLimits(t.Context(), namespaceID)
	require.NoError(t, err)
	return limits
}

func TestNamespaceUpdate_StoresTheLimitsAndAnswersTheNamespace(t *testing.T) {
	for family := range namespacePaths {
		t.Run(family, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			e := decodeNamespace(t, updateNamespace(t, env, family, "acme",
				`{"shared_runners_minutes_limit":10000,"extra_shared_runners_minutes_limit":1000,"additional_purchased_storage_size":10240,"additional_purchased_storage_ends_on":"2030-01-01"}`))
			assert.Equal(t, int64(100), e.ID)
			assert.Equal(t, "group", e.Kind)
			assert.Equal(t, apitest.ExternalURL+"/groups/acme", e.WebURL)
			assert.Equal(t, 10000, *e.SharedRunnersMinutesLimit)
			assert.Equal(t, 1000, *e.ExtraSharedRunnersMinutesLimit)
			assert.Equal(t, int64(10240), e.AdditionalPurchasedStorageSize)
			assert.Equal(t, "2030-01-01", *e.AdditionalPurchasedStorageEndsOn)
			assert.Equal(t, "free", e.Plan, "no subscription: the free plan")
			assert.Equal(t, int64(acmeBillable), e.BillableMembersCount)
			assert.Nil(t, e.SeatsInUse, "seat statistics only with a subscription")

			limits := storedLimits(t, env, 100)
			assert.Equal(t, int32(10000), *limits.SharedRunnersMinutesLimit)
			assert.Equal(t, int32(1000), *limits.ExtraSharedRunnersMinutesLimit)
			assert.Equal(t, int64(10240), limits.AdditionalPurchasedStorageSize)

			got := asCustomersDot(t, env, http.MethodGet, billingSubscriptionPath+"100", "")
			assert.JSONEq(t, string(updateNamespace(t, env, family, "100", "").Body), string(got.Body), "GET reads back what PUT answered")
		})
	}
}

func TestNamespaceUpdate_OmittedAttributesKeepTheirValuesAndNullClearsMinutes(t *testing.T) {
	env := apitest.New(t, billingWorld)
	decodeNamespace(t, updateNamespace(t, env, "current", "100", `{"shared_runners_minutes_limit":400,"extra_shared_runners_minutes_limit":50}`))
	e := decodeNamespace(t, updateNamespace(t, env, "current", "100", `{"extra_shared_runners_minutes_limit":null}`))
	assert.Equal(t, 400, *e.SharedRunnersMinutesLimit)
	assert.Nil(t, e.ExtraSharedRunnersMinutesLimit)
}

func TestNamespaceUpdate_SubgroupHasNoComputeMinuteQuotaOfItsOwn(t *testing.T) {
	env := apitest.New(t, billingWorld)
	sub := url.PathEscape("acme/sub")
	for family := range namespacePaths {
		resp := updateNamespace(t, env, family, sub, `{"shared_runners_minutes_limit":100}`)
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.JSONEq(t, `{"message":{"shared_runners_minutes_limit":["is not supported for this namespace"]}}`, string(resp.Body))
	}
	// GitLab validates a change only: the quota it has (none) may be sent back.
	decodeNamespace(t, updateNamespace(t, env, "current", sub, `{"shared_runners_minutes_limit":null,"extra_shared_runners_minutes_limit":20}`))
	assert.Nil(t, storedLimits(t, env, 101).SharedRunnersMinutesLimit)
}

func TestNamespaceUpdate_PurchasedStorageOfASubgroupIsRefused(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for _, body := range []string{`{"additional_purchased_storage_size":100}`, `{"additional_purchased_storage_ends_on":"2030-01-01"}`} {
		resp := updateNamespace(t, env, "current", url.PathEscape("acme/sub"), body)
		assert.Equal(t, http.StatusBadRequest, resp.Status, body)
		assert.JSONEq(t, `{"message":{"namespace_limit.namespace":["must be a root namespace"]}}`, string(resp.Body))
	}
	assert.Equal(t, int64(0), storedLimits(t, env, 101).AdditionalPurchasedStorageSize)
}

func TestNamespaceUpdate_SubgroupShowsItsRootsStorageAndPlan(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2026-01-01","plan_code":"ultimate","seats":10}`)
	decodeNamespace(t, updateNamespace(t, env, "current", "100", `{"additional_purchased_storage_size":2048,"additional_purchased_storage_ends_on":"2030-01-01"}`))
	e := decodeNamespace(t, asCustomersDot(t, env, http.MethodGet, billingSubscriptionPath+url.PathEscape("acme/sub"), ""))
	assert.Equal(t, int64(101), e.ID)
	assert.Equal(t, int64(100), *e.ParentID)
	assert.Equal(t, int64(2048), e.AdditionalPurchasedStorageSize)
	assert.Equal(t, "2030-01-01", *e.AdditionalPurchasedStorageEndsOn)
	assert.Equal(t, "ultimate", e.Plan)
	assert.Nil(t, e.SeatsInUse, "the subscription is the root's, not the subgroup's")
	assert.Equal(t, int64(3), e.BillableMembersCount, "dev, subby and projdev; ultimate leaves guests out")
}

func TestNamespaceUpdate_NullStorageIsBlankAndAllFailuresAreReportedTogether(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := updateNamespace(t, env, "current", "100", `{"additional_purchased_storage_size":null}`)
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.JSONEq(t, `{"message":{"namespace_limit.additional_purchased_storage_size":["can't be blank"]}}`, string(resp.Body))

	resp = updateNamespace(t, env, "current", url.PathEscape("acme/sub"),
		`{"shared_runners_minutes_limit":1,"extra_shared_runners_minutes_limit":5,"additional_purchased_storage_size":null,"gitlab_subscription_attributes":{"seats":null}}`)
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.JSONEq(t, `{"message":{
		"shared_runners_minutes_limit":["is not supported for this namespace"],
		"namespace_limit.namespace":["must be a root namespace"],
		"namespace_limit.additional_purchased_storage_size":["can't be blank"],
		"gitlab_subscription.seats":["can't be blank"]}}`, string(resp.Body))
	assert.Nil(t, storedLimits(t, env, 101).ExtraSharedRunnersMinutesLimit, "nothing saved")
	_, err := env.Store.Subscription(t.Context(), 101)
	assert.ErrorIs(t, err, store.ErrNotFound, "nothing saved")
}

func TestNamespaceUpdate_NestedAttributesCreateTheSubscriptionWhenThereIsNone(t *testing.T) {
	env := apitest.New(t, billingWorld)
	e := decodeNamespace(t, updateNamespace(t, env, "current", "200",
		`{"extra_shared_runners_minutes_limit":100,"gitlab_subscription_attributes":{"plan_code":"premium","seats":3,"end_date":"`+dayOffset(365)+`"}}`))
	assert.Equal(t, "premium", e.Plan)
	assert.Equal(t, dayOffset(365), *e.EndDate)
	assert.Equal(t, 1, *e.SeatsInUse, "stored at creation: alice")
	sub, err := env.Store.Subscription(t.Context(), 200)
	require.NoError(t, err)
	assert.Equal(t, int32(3), sub.Seats)
	assert.Equal(t, dayOffset(0), sub.StartDate.Format("2006-01-02"), "start_date defaults to today as on create")
	assert.Equal(t, int32(100), *storedLimits(t, env, 200).ExtraSharedRunnersMinutesLimit)
}

func TestNamespaceUpdate_NestedAttributesUpdateTheSubscriptionWithItsHistory(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2026-01-01","end_date":"2027-01-01","plan_code":"premium","seats":10}`)
	for family := range namespacePaths {
		decodeNamespace(t, updateNamespace(t, env, family, "100", `{"gitlab_subscription_attributes":{"seats":12}}`))
	}
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	assert.Equal(t, int32(12), sub.Seats)
	assert.Equal(t, "premium", *sub.HostedPlan, "omitted nested attributes keep their values")
	history, err := env.Store.SubscriptionHistory(t.Context(), sub.ID)
	require.NoError(t, err)
	assert.Len(t, history, 1, "the first update changed seats; the second changed nothing")
}

func TestNamespaceUpdate_NestedTrialIsNotGivenTheStartDate(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := updateNamespace(t, env, "current", "100",
		`{"extra_shared_runners_minutes_limit":5,"gitlab_subscription_attributes":{"trial":true,"start_date":"2026-01-01","trial_ends_on":"2026-02-01"}}`)
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.JSONEq(t, `{"message":{"gitlab_subscription.trial_starts_on":["can't be blank"]}}`, string(resp.Body))
	assert.Nil(t, storedLimits(t, env, 100).ExtraSharedRunnersMinutesLimit, "the limits are not saved either")
}

func TestNamespaceUpdate_TakesARailsFormBodyWithNestedKeys(t *testing.T) {
	env := apitest.New(t, billingWorld)
	req := env.NewRequest(t, http.MethodPut, "/api/v4/namespaces/200",
		"extra_shared_runners_minutes_limit=500&gitlab_subscription_attributes[seats]=7&gitlab_subscription_attributes[start_date]=2026-02-01")
	req.Header.Set("Private-Token", billingAdminToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	e := decodeNamespace(t, env.Do(t, req))
	assert.Equal(t, 500, *e.ExtraSharedRunnersMinutesLimit)
	sub, err := env.Store.Subscription(t.Context(), 200)
	require.NoError(t, err)
	assert.Equal(t, int32(7), sub.Seats)
	assert.Equal(t, "2026-02-01", sub.StartDate.Format("2006-01-02"))
}

func TestNamespaceUpdate_PersonalNamespaceBillsItsOwnerAlone(t *testing.T) {
	env := apitest.New(t, billingWorld)
	e := decodeNamespace(t, updateNamespace(t, env, "seed", "alice", `{"shared_runners_minutes_limit":2000}`))
	assert.Equal(t, "user", e.Kind)
	assert.Equal(t, apitest.ExternalURL+"/alice", e.WebURL)
	assert.Equal(t, int64(1), e.BillableMembersCount)
	assert.Nil(t, e.ProjectsCount, "group fields are for groups")
	assert.Nil(t, e.MembersCountWithDescendants)
}

func TestNamespaceUpdate_UnknownNamespaceIsNotFound(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range namespacePaths {
		resp := updateNamespace(t, env, family, "999999", `{"extra_shared_runners_minutes_limit":1}`)
		assert.Equal(t, http.StatusNotFound, resp.Status)
		assert.JSONEq(t, `{"message":"404 Namespace Not Found"}`, string(resp.Body))
	}
	resp := asCustomersDot(t, env, http.MethodGet, billingSubscriptionPath+"no-such-group", "")
	assert.Equal(t, http.StatusNotFound, resp.Status)
}

func TestNamespaceUpdate_ParallelNestedCreatesLeaveOneSubscription(t *testing.T) {
	env := apitest.New(t, billingWorld)
	answers := parallel(t, 20, func() apitest.Response {
		return updateNamespace(t, env, "current", "300", `{"extra_shared_runners_minutes_limit":100,"gitlab_subscription_attributes":{"plan_code":"premium","seats":5,"start_date":"2026-01-01"}}`)
	})
	for _, a := range answers {
		assert.Equal(t, http.StatusOK, a.Status, "%s", a.Body)
	}
	sub, err := env.Store.Subscription(t.Context(), 300)
	require.NoError(t, err)
	assert.Equal(t, int32(5), sub.Seats)
	history, err := env.Store.SubscriptionHistory(t.Context(), sub.ID)
	require.NoError(t, err)
	assert.Empty(t, history, "one request created it; the others found it and changed nothing")
}
