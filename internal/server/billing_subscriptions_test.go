package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
	"github.com/glia-dev/glia/internal/world"
)

// Both path families of each subscription operation behave the same.
var subscriptionPaths = map[string]string{
	"seed":    "/api/v4/namespaces/%s/gitlab_subscription",
	"current": "/api/v4/internal/gitlab_subscriptions/namespaces/%s/gitlab_subscription",
}

func subscriptionURL(family, namespace string) string {
	return strings.Replace(subscriptionPaths[family], "%s", namespace, 1)
}

func TestSubscription_UnknownNamespaceIsNotFoundOnEveryOperation(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range subscriptionPaths {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			for _, ref := range []string{"999999", "no-such-group", "acme%2Fnope", "99999999999999999999"} {
				resp := asCustomersDot(t, env, method, subscriptionURL(family, ref), `{"start_date":"2024-01-01"}`)
				assert.Equal(t, http.StatusNotFound, resp.Status, "%s %s %s", family, method, ref)
				assert.JSONEq(t, `{"message":"404 Namespace Not Found"}`, string(resp.Body))
			}
		}
	}
}

func TestSubscription_NamespaceWithoutOneAnswersEveryLeafNull(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range subscriptionPaths {
		resp := asCustomersDot(t, env, http.MethodGet, subscriptionURL(family, "100"), "")
		require.Equal(t, http.StatusOK, resp.Status)
		assert.JSONEq(t, `{
			"plan":{"code":null,"name":null,"trial":null,"auto_renew":null,"upgradable":null,"exclude_guests":null},
			"usage":{"seats_in_subscription":null,"seats_in_use":null,"max_seats_used":null,"seats_owed":null},
			"billing":{"subscription_start_date":null,"subscription_end_date":null,"trial_ends_on":null}}`, string(resp.Body))
	}
}

func TestSubscription_CreateAnswers201WithTheEntityAndGetReadsItBackByIDOrPath(t *testing.T) {
	env := apitest.New(t, billingWorld)
	end := dayOffset(365)
	resp := asCustomersDot(t, env, http.MethodPost, subscriptionURL("current", "acme-two"),
		`{"start_date":"`+dayOffset(0)+`","end_date":"`+end+`","plan_code":"premium","seats":10,"max_seats_used":3,"auto_renew":true}`)
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	assert.JSONEq(t, `{
		"plan":{"code":"premium","name":"Premium","trial":false,"auto_renew":true,"upgradable":true,"exclude_guests":false},
		"usage":{"seats_in_subscription":10,"seats_in_use":1,"max_seats_used":3,"seats_owed":0},
		"billing":{"subscription_start_date":"`+dayOffset(0)+`","subscription_end_date":"`+end+`","trial_ends_on":null}}`, string(resp.Body))

	for _, ref := range []string{"200", "acme-two", "ACME-TWO"} {
		for family := range subscriptionPaths {
			got := asCustomersDot(t, env, http.MethodGet, subscriptionURL(family, ref), "")
			require.Equal(t, http.StatusOK, got.Status)
			assert.JSONEq(t, string(resp.Body), string(got.Body), "%s %s", family, ref)
		}
	}
}

func TestSubscription_SubgroupIsAddressedByItsURLEncodedFullPath(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, url.PathEscape("acme/sub"), `{"start_date":"2024-01-01"}`)
	sub, err := env.Store.Subscription(t.Context(), 101)
	require.NoError(t, err)
	assert.Equal(t, int64(101), sub.NamespaceID)
}

func TestSubscription_CreateRequiresStartDate(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range subscriptionPaths {
		resp := asCustomersDot(t, env, http.MethodPost, subscriptionURL(family, "100"), `{"seats":5}`)
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.JSONEq(t, `{"error":"start_date is missing"}`, string(resp.Body))

		resp = asCustomersDot(t, env, http.MethodPost, subscriptionURL(family, "100"), "")
		assert.JSONEq(t, `{"error":"start_date is missing"}`, string(resp.Body))

		resp = asCustomersDot(t, env, http.MethodPost, subscriptionURL(family, "100"), `{"start_date":null}`)
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.JSONEq(t, `{"message":{"start_date":["can't be blank"]}}`, string(resp.Body))
	}
	_, err := env.Store.Subscription(t.Context(), 100)
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func TestSubscription_SecondCreateForANamespaceIsTaken(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":5}`)
	for family := range subscriptionPaths {
		resp := asCustomersDot(t, env, http.MethodPost, subscriptionURL(family, "100"), `{"start_date":"2025-01-01","plan_code":"ultimate"}`)
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.JSONEq(t, `{"message":{"namespace_id":["has already been taken"]}}`, string(resp.Body))
	}
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	assert.Equal(t, "premium", *sub.HostedPlan, "the first subscription is untouched")
}

func TestSubscription_CreateTakesTheSeedsQueryStringAndPlanAlias(t *testing.T) {
	env := apitest.New(t, billingWorld)
	req := env.NewRequest(t, http.MethodPost, "/api/v4/namespaces/100/gitlab_subscription?start_date=2020-07-15&plan=premium&seats=10", nil)
	req.Header.Set("Token", billingAdminToken)
	resp := env.Do(t, req)
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	e := decodeSubscription(t, resp)
	assert.Equal(t, "premium", *e.Plan.Code)
	assert.Equal(t, 10, *e.Usage.SeatsInSubscription)
	assert.Equal(t, acmeBillable, *e.Usage.SeatsInUse)
	assert.Equal(t, "2020-07-15", *e.Billing.StartDate)
}

func TestSubscription_PlanCodeRules(t *testing.T) {
	cases := []struct {
		name, body string
		wantCode   *string
		wantName   *string
	}{
		{"a known code", `"plan_code":"ultimate"`, ptr("ultimate"), ptr("Ultimate")},
		{"null is the free plan", `"plan_code":null`, ptr("free"), ptr("Free")},
		{"an unknown code silently leaves no plan", `"plan_code":"platinum"`, nil, nil},
		{"no code leaves no plan", `"seats":1`, nil, nil},
		{"plan_code wins over the plan alias", `"plan_code":"bronze","plan":"gold"`, ptr("bronze"), ptr("Bronze")},
		{"a silver subscription shows GitLab.com's title", `"plan_code":"silver"`, ptr("silver"), ptr("Premium (Formerly Silver)")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			e := mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01",`+tc.body+`}`)
			assert.Equal(t, tc.wantCode, e.Plan.Code)
			assert.Equal(t, tc.wantName, e.Plan.Name)
		})
	}
}

func TestSubscription_TrialRules(t *testing.T) {
	cases := []struct {
		name, body string
		wantStatus int
		wantBody   string
	}{
		{"trial_starts_on defaults to start_date", `{"start_date":"2024-03-01","trial":true,"trial_ends_on":"2024-03-31","plan_code":"ultimate_trial"}`, http.StatusCreated, ""},
		{"the trial must end after it starts", `{"start_date":"2024-03-01","trial":true,"trial_ends_on":"2024-03-01"}`, http.StatusBadRequest,
			`{"message":{"trial_ends_on":["must be greater than 2024-03-01"]}}`},
		{"a trial needs an end", `{"start_date":"2024-03-01","trial":true}`, http.StatusBadRequest,
			`{"message":{"trial_ends_on":["can't be blank"]}}`},
		{"an explicit trial start is kept", `{"start_date":"2024-03-01","trial":true,"trial_starts_on":"2024-03-10","trial_ends_on":"2024-03-05"}`, http.StatusBadRequest,
			`{"message":{"trial_ends_on":["must be greater than 2024-03-10"]}}`},
		{"seats cannot be null", `{"start_date":"2024-03-01","seats":null}`, http.StatusBadRequest, `{"message":{"seats":["can't be blank"]}}`},
		{"several failures are all reported", `{"start_date":"2024-03-01","seats":null,"trial":true}`, http.StatusBadRequest,
			`{"message":{"seats":["can't be blank"],"trial_ends_on":["can't be blank"]}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			resp := asCustomersDot(t, env, http.MethodPost, subscriptionURL("current", "100"), tc.body)
			require.Equal(t, tc.wantStatus, resp.Status, "%s", resp.Body)
			if tc.wantBody != "" {
				assert.JSONEq(t, tc.wantBody, string(resp.Body))
				return
			}
			sub, err := env.Store.Subscription(t.Context(), 100)
			require.NoError(t, err)
			assert.True(t, sub.Trial)
			assert.Equal(t, "2024-03-01", sub.TrialStartsOn.Format(time.DateOnly))
			e := decodeSubscription(t, resp)
			assert.Equal(t, "2024-03-31", *e.Billing.TrialEndsOn)
			assert.True(t, *e.Plan.Trial)
		})
	}
}

func TestSubscription_UpdateOfANamespaceWithoutOneIsNotFound(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for family := range subscriptionPaths {
		resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL(family, "100"), `{"seats":5}`)
		assert.Equal(t, http.StatusNotFound, resp.Status)
		assert.JSONEq(t, `{"message":"404 GitlabSubscription Not Found"}`, string(resp.Body))
	}
}

func TestSubscription_UpdateChangesOnlyWhatIsSentAndRecordsThePreviousValues(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","end_date":"2025-01-01","plan_code":"premium","seats":10,"auto_renew":false}`)
	before, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)

	for i, family := range []string{"seed", "current"} {
		resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL(family, "acme"), `{"seats":`+[]string{"20", "30"}[i]+`}`)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	}
	after, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	assert.Equal(t, int32(30), after.Seats)
	assert.Equal(t, before.HostedPlan, after.HostedPlan)
	assert.Equal(t, before.StartDate, after.StartDate)
	assert.Equal(t, before.EndDate, after.EndDate)
	assert.Equal(t, before.AutoRenew, after.AutoRenew)

	history, err := env.Store.SubscriptionHistory(t.Context(), after.ID)
	require.NoError(t, err)
	require.Len(t, history, 2, "one history row per change")
	assert.Equal(t, int32(10), *history[0].Seats, "the history keeps the previous value")
	assert.Equal(t, int32(20), *history[1].Seats)
	assert.Equal(t, int16(1), history[0].ChangeType)
	assert.Equal(t, "premium", *history[0].HostedPlan)
}

func TestSubscription_UpdateWithoutChangesTouchesUpdatedAtButWritesNoHistory(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":10}`)
	before, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	for _, body := range []string{"", `{}`, `{"seats":10,"plan_code":"premium"}`} {
		resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), body)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	}
	after, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	assert.True(t, after.UpdatedAt.After(before.UpdatedAt), "updated_at is always touched")
	history, err := env.Store.SubscriptionHistory(t.Context(), after.ID)
	require.NoError(t, err)
	assert.Empty(t, history)
}

func TestSubscription_UpdateTakesFormBodiesAndQueryStrings(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":10,"max_seats_used":4}`)

	req := env.NewRequest(t, http.MethodPut, subscriptionURL("seed", "100")+"?max_seats_used=0", nil)
	req.Header.Set("Private-Token", billingAdminToken)
	resp := env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, 0, *decodeSubscription(t, resp).Usage.MaxSeatsUsed)

	req = env.NewRequest(t, http.MethodPut, subscriptionURL("current", "100"), "seats=12&auto_renew=true&plan_code=ultimate")
	req.Header.Set("Private-Token", billingAdminToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp = env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	e := decodeSubscription(t, resp)
	assert.Equal(t, 12, *e.Usage.SeatsInSubscription)
	assert.True(t, *e.Plan.AutoRenew)
	assert.Equal(t, "ultimate", *e.Plan.Code)
}

func TestSubscription_ANewTermResetsTheSeatStatistics(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","end_date":"2025-01-01","plan_code":"premium","seats":2,"max_seats_used":9}`)
	// A stale maximum and what it owes, as CustomersDot's reports left them.
	resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), `{"max_seats_used":9}`)
	require.Equal(t, http.StatusOK, resp.Status)
	e := decodeSubscription(t, resp)
	assert.Equal(t, 7, *e.Usage.SeatsOwed, "created with max 9 over 2 seats")

	resp = asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), `{"start_date":"2025-01-01","end_date":"2026-01-01"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	e = decodeSubscription(t, resp)
	assert.Equal(t, acmeBillable, *e.Usage.SeatsInUse, "seats in use recounted")
	assert.Equal(t, acmeBillable, *e.Usage.MaxSeatsUsed, "the maximum restarts at what is in use")
	assert.Equal(t, acmeBillable-2, *e.Usage.SeatsOwed)
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	require.NotNil(t, sub.MaxSeatsUsedChangedAt)
}

func TestSubscription_DatesThatAreNotANewTermDoNotReset(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","end_date":"2025-01-01","plan_code":"premium","seats":2,"max_seats_used":9}`)
	// Only the end moves: the same term, prolonged. (A start before the old end is no new term
	// either.)
	for _, body := range []string{`{"end_date":"2025-06-01"}`, `{"start_date":"2024-06-01","end_date":"2025-12-01"}`} {
		resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), body)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, 9, *decodeSubscription(t, resp).Usage.MaxSeatsUsed, body)
	}
}

func TestSubscription_ChangingTheMaximumRecordsWhenButKeepsTheStoredDebt(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":80,"max_seats_used":82}`)
	resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("seed", "100"), `{"max_seats_used":0}`)
	require.Equal(t, http.StatusOK, resp.Status)
	e := decodeSubscription(t, resp)
	// As the seed's PUT example shows: seats_owed is stored and recomputed only when the seat
	// statistics are refreshed, not when CustomersDot sends a new maximum.
	assert.Equal(t, 0, *e.Usage.MaxSeatsUsed)
	assert.Equal(t, 2, *e.Usage.SeatsOwed)
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	require.NotNil(t, sub.MaxSeatsUsedChangedAt)
	assert.WithinDuration(t, time.Now(), *sub.MaxSeatsUsedChangedAt, time.Minute)
}

func TestSubscription_ATrialTurningPaidResetsTheSeatStatistics(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":3,"max_seats_used":50,"trial":true,"trial_ends_on":"2024-02-01"}`)
	resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), `{"trial":false}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	e := decodeSubscription(t, resp)
	assert.Equal(t, acmeBillable, *e.Usage.MaxSeatsUsed)
	assert.Equal(t, acmeBillable-3, *e.Usage.SeatsOwed)
}

func TestSubscription_UltimateTrialForPremiumCustomersSwitches(t *testing.T) {
	cases := []struct {
		name      string
		to        string
		wantReset bool
	}{
		{"back to the same premium term: no reset", `{"plan_code":"premium"}`, false},
		{"to premium renewed meanwhile: reset", `{"plan_code":"premium","end_date":"2026-06-01"}`, true},
		{"up to ultimate: reset", `{"plan_code":"ultimate"}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			mustCreateSubscription(t, env, "100", `{"start_date":"2025-01-01","end_date":"2026-01-01","plan_code":"premium","seats":2,"max_seats_used":40}`)
			resp := asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), `{"plan_code":"ultimate_trial_paid_customer"}`)
			require.Equal(t, http.StatusOK, resp.Status)
			assert.Equal(t, 40, *decodeSubscription(t, resp).Usage.MaxSeatsUsed, "switching to the trial never resets")

			resp = asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), tc.to)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			want := 40
			if tc.wantReset {
				want = acmeBillableNoGuests
				if strings.Contains(tc.to, "premium") {
					want = acmeBillable
				}
			}
			assert.Equal(t, want, *decodeSubscription(t, resp).Usage.MaxSeatsUsed)
		})
	}
}

func TestSubscription_SeatsInUseIsLiveForFreeAndTrialPlansAndStoredForPaidOnes(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"free"}`)
	mustCreateSubscription(t, env, "200", `{"start_date":"2024-01-01","plan_code":"premium","seats":5}`)
	mustCreateSubscription(t, env, "alice", `{"start_date":"2024-01-01","plan_code":"ultimate_trial","trial":true,"trial_ends_on":"2030-01-01"}`)

	e := decodeSubscription(t, asCustomersDot(t, env, http.MethodGet, subscriptionURL("current", "100"), ""))
	assert.Equal(t, acmeBillable, *e.Usage.SeatsInUse, "free: counted now")
	e = decodeSubscription(t, asCustomersDot(t, env, http.MethodGet, subscriptionURL("current", "alice"), ""))
	assert.Equal(t, alicePersonalBillable, *e.Usage.SeatsInUse, "trial of a personal namespace: its owner and project members")
	assert.False(t, *e.Plan.ExcludeGuests, "personal namespaces never exclude guests")

	// A new member is counted at once on the free plan; a paid plan keeps its stored count
	// until the seat statistics refresh.
	w, err := world.Parse([]byte(billingWorld+`
  - full_path: acme/extra
    members:
      - {user: bob, access: developer}
  - full_path: acme-two/extra
    members:
      - {user: bob, access: developer}
`), "more members")
	require.NoError(t, err)
	require.NoError(t, env.Store.ApplyWorld(t.Context(), w))
	e = decodeSubscription(t, asCustomersDot(t, env, http.MethodGet, subscriptionURL("current", "100"), ""))
	assert.Equal(t, acmeBillable+1, *e.Usage.SeatsInUse, "free: counted now")
	e = decodeSubscription(t, asCustomersDot(t, env, http.MethodGet, subscriptionURL("current", "200"), ""))
	assert.Equal(t, 1, *e.Usage.SeatsInUse, "paid: as stored when it was created (alice)")
}

func TestSubscription_UltimateExcludesGuestsFromBillableSeats(t *testing.T) {
	env := apitest.New(t, billingWorld)
	e := mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"ultimate_trial","trial":true,"trial_ends_on":"2030-01-01"}`)
	assert.True(t, *e.Plan.ExcludeGuests)
	assert.Equal(t, acmeBillableNoGuests, *e.Usage.SeatsInUse)
}

func TestSubscription_Upgradable(t *testing.T) {
	cases := []struct {
		name, body string
		want       bool
	}{
		{"paid premium", `"plan_code":"premium","seats":5,"end_date":"` + dayOffset(30) + `"`, true},
		{"paid premium without an end", `"plan_code":"premium","seats":5`, true},
		{"expired premium", `"plan_code":"premium","seats":5,"end_date":"` + dayOffset(-1) + `"`, false},
		{"premium ending today is not expired", `"plan_code":"premium","seats":5,"end_date":"` + dayOffset(0) + `"`, true},
		{"premium without seats is not paid", `"plan_code":"premium","seats":0`, false},
		{"a premium trial", `"plan_code":"premium_trial","seats":5,"trial":true,"trial_ends_on":"2030-01-01"`, false},
		{"ultimate is a top plan", `"plan_code":"ultimate","seats":5`, false},
		{"gold is a top plan", `"plan_code":"gold","seats":5`, false},
		{"open source is a top plan", `"plan_code":"opensource","seats":5`, false},
		{"free", `"plan_code":"free","seats":5`, false},
		{"no plan", `"seats":5`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t, billingWorld)
			e := mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01",`+tc.body+`}`)
			assert.Equal(t, tc.want, *e.Plan.Upgradable)
		})
	}
}

func TestSubscription_BadInputIsAClear400(t *testing.T) {
	env := apitest.New(t, billingWorld)
	cases := []struct{ body, want string }{
		{`{"start_date":"2024-01-01","seats":-1}`, `{"error":"seats is invalid"}`},
		{`{"start_date":"2024-01-01","max_seats_used":-5}`, `{"error":"max_seats_used is invalid"}`},
		{`{"start_date":"2024-01-01","seats":4294967296}`, `{"error":"seats is invalid"}`},
		{`{"start_date":"2021-02-30"}`, `{"error":"start_date is invalid"}`},
		{`{"start_date":"tomorrow"}`, `{"error":"start_date is invalid"}`},
		{`{"start_date":"2024-01-01","seats":"many"}`, `{"error":"seats is invalid"}`},
		{`{"start_date":"2024-01-01","trial_extension_type":3}`, `{"error":"trial_extension_type does not have a valid value"}`},
		{`{"start_date":"2024-01-01","auto_renew":"perhaps"}`, `{"error":"auto_renew is invalid"}`},
		{`{"start_date":`, `{"error":"body is not valid JSON"}`},
	}
	for _, tc := range cases {
		resp := asCustomersDot(t, env, http.MethodPost, subscriptionURL("current", "100"), tc.body)
		assert.Equal(t, http.StatusBadRequest, resp.Status, tc.body)
		assert.JSONEq(t, tc.want, string(resp.Body), tc.body)
	}
	_, err := env.Store.Subscription(t.Context(), 100)
	assert.ErrorIs(t, err, store.ErrNotFound, "nothing was written")
}

func TestSubscription_EndBeforeStartIsAcceptedAsGitLabDoes(t *testing.T) {
	env := apitest.New(t, billingWorld)
	e := mustCreateSubscription(t, env, "100", `{"start_date":"2024-06-01","end_date":"2024-01-01","plan_code":"premium","seats":3}`)
	assert.Equal(t, "2024-01-01", *e.Billing.EndDate)
	assert.False(t, *e.Plan.Upgradable, "it is simply expired")
}

func ptr[T any](v T) *T { return &v }
