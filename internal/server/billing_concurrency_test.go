package server_test

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// parallel sends n copies of a request at once and returns the answers.
func parallel(t *testing.T, n int, send func() apitest.Response) []apitest.Response {
	t.Helper()
	out := make([]apitest.Response, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			<-start
			out[i] = send()
		})
	}
	close(start)
	wg.Wait()
	return out
}

func TestMinutePacks_ParallelPurchasesOfOnePackRecordItOnce(t *testing.T) {
	env := apitest.New(t, billingWorld)
	answers := parallel(t, 20, func() apitest.Response {
		return asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack("46952fe69bebc1a4de10b2b4ff439d0c", 10000)))
	})
	for _, a := range answers {
		require.Equal(t, http.StatusCreated, a.Status, "%s", a.Body)
		assert.JSONEq(t, `[{"namespace_id":100,"expires_at":"2030-01-01","number_of_minutes":10000,"purchase_xid":"46952fe69bebc1a4de10b2b4ff439d0c"}]`, string(a.Body))
	}
	assert.Equal(t, []string{"46952fe69bebc1a4de10b2b4ff439d0c:10000"}, storedPacks(t, env, 100))
}

func TestMinutePacks_ParallelPurchasesForTwoNamespacesGiveThePackToOne(t *testing.T) {
	env := apitest.New(t, billingWorld)
	answers := parallel(t, 20, func() apitest.Response {
		return asCustomersDot(t, env, http.MethodPost, packsURL("current", "100"), packs(pack("shared", 1), pack("only-acme", 1)))
	})
	answers = append(answers, parallel(t, 20, func() apitest.Response {
		return asCustomersDot(t, env, http.MethodPost, packsURL("current", "200"), packs(pack("shared", 1)))
	})...)
	acmeSaved := false
	for i, a := range answers {
		assert.Contains(t, []int{http.StatusCreated, http.StatusBadRequest}, a.Status, "%s", a.Body)
		acmeSaved = acmeSaved || (i < 20 && a.Status == http.StatusCreated)
	}
	acme := storedPacks(t, env, 100)
	assert.Equal(t, acmeSaved, slices.Contains(acme, "only-acme:1"), "acme's request saved all its packs or none")
	var shared int
	for _, p := range append(acme, storedPacks(t, env, 200)...) {
		if p == "shared:1" {
			shared++
		}
	}
	assert.Equal(t, 1, shared, "the purchase exists once")
}

func TestSubscription_ParallelCreatesLeaveOneAndCleanRefusals(t *testing.T) {
	env := apitest.New(t, billingWorld)
	answers := parallel(t, 20, func() apitest.Response {
		return asCustomersDot(t, env, http.MethodPost, subscriptionURL("current", "100"), `{"start_date":"2024-01-01","plan_code":"premium","seats":10}`)
	})
	created := 0
	for _, a := range answers {
		switch a.Status {
		case http.StatusCreated:
			created++
		default:
			assert.Equal(t, http.StatusBadRequest, a.Status, "%s", a.Body)
			assert.JSONEq(t, `{"message":{"namespace_id":["has already been taken"]}}`, string(a.Body))
		}
	}
	assert.Equal(t, 1, created)
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	assert.Equal(t, int32(10), sub.Seats)
}

func TestSubscription_ParallelUpdatesApplyOneAfterAnother(t *testing.T) {
	env := apitest.New(t, billingWorld)
	mustCreateSubscription(t, env, "100", `{"start_date":"2024-01-01","plan_code":"premium","seats":1}`)
	var next sync.Mutex
	seats := 1
	answers := parallel(t, 20, func() apitest.Response {
		next.Lock()
		seats++
		body := `{"seats":` + strconv.Itoa(seats) + `}`
		next.Unlock()
		return asCustomersDot(t, env, http.MethodPut, subscriptionURL("current", "100"), body)
	})
	for _, a := range answers {
		require.Equal(t, http.StatusOK, a.Status, "%s", a.Body)
	}
	sub, err := env.Store.Subscription(t.Context(), 100)
	require.NoError(t, err)
	history, err := env.Store.SubscriptionHistory(t.Context(), sub.ID)
	require.NoError(t, err)
	require.Len(t, history, 20, "every update saw the one before it: twenty changes, twenty previous states")
	previous := map[int32]bool{}
	for _, h := range history {
		previous[*h.Seats] = true
	}
	assert.Len(t, previous, 20, "no two updates recorded the same previous state")
	assert.False(t, previous[sub.Seats], "the last value written is the current one, never a previous one")
}
