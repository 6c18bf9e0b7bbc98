package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/kasmetrics"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// asKAS sends a request the way kas sends its own (not agent-scoped) calls: the JWT and a JSON
// body.
func asKAS(t *testing.T, env *apitest.Env, method, path, body string) apitest.Response {
	t.Helper()
	req := env.NewRequest(t, method, path, body)
	req.Header.Set("Gitlab-Kas-Api-Request", apitest.KASJWT(t))
	req.Header.Set("Content-Type", "application/json")
	return env.Do(t, req)
}

// todaysCounters reads back what the usage reports added up to today.
func todaysCounters(t *testing.T, env *apitest.Env) map[string]int64 {
	t.Helper()
	days, err := kasmetrics.Since(t.Context(), env.Store, time.Now().UTC().Add(-24*time.Hour))
	require.NoError(t, err)
	out := map[string]int64{}
	for _, d := range days {
		out[d.Name] += d.Value
	}
	return out
}

func TestUsageMetrics_AddsCountersAndCountsDistinctIDs(t *testing.T) {
	env := apitest.New(t, "")
	send := func(body string) {
		resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics", body)
		require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	}
	// As kas v16 sends it (encoding/json numbers), then with protojson's int64 strings.
	send(`{"counters":{"k8s_api_proxy_request":12,"flux_git_push_notifications_total":3,"gitops_sync":2},"unique_counters":{"agent_users_using_ci_tunnel":[1,29,29],"k8s_api_proxy_requests_unique_agents_via_ci_access":[5]}}`)
	send(`{"counters":{"k8s_api_proxy_request":"8"},"unique_counters":{"agent_users_using_ci_tunnel":[29,30]}}`)
	assert.Equal(t, map[string]int64{
		"k8s_api_proxy_request":                              20,
		"flux_git_push_notifications_total":                  3,
		"gitops_sync":                                        2,
		"agent_users_using_ci_tunnel":                        3, // 1, 29, 30
		"k8s_api_proxy_requests_unique_agents_via_ci_access": 1,
	}, todaysCounters(t, env))
}

func TestUsageMetrics_IgnoresUnknownNamesAndNonPositiveCounts(t *testing.T) {
	env := apitest.New(t, "")
	resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics",
		`{"counters":{"k8s_api_proxy_request":-4,"flux_git_push_notifications_total":0,"no_such_counter":7},"unique_counters":{"no_such_unique":[1]}}`)
	require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	assert.Empty(t, todaysCounters(t, env))
}

// The seed's example: GitLab 13–15's top-level counts.
func TestUsageMetrics_CountsTheDeprecatedTopLevelCounts(t *testing.T) {
	env := apitest.New(t, "")
	resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics", `{"gitops_sync_count":1,"k8s_api_proxy_request_count":"2","counters":{"gitops_sync":4}}`)
	require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]int64{"gitops_sync": 5, "k8s_api_proxy_request": 2}, todaysCounters(t, env))
}

func TestUsageMetrics_NothingToReportIsFine(t *testing.T) {
	env := apitest.New(t, "")
	for _, body := range []string{`{}`, `{"counters":{}}`} {
		resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics", body)
		assert.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	}
}

func TestUsageMetrics_CountsThatAreNotIntegersAreRefusedAndNothingIsCounted(t *testing.T) {
	env := apitest.New(t, "")
	for name, tc := range map[string]struct{ body, param string }{
		"2^63 as a number":   {`{"counters":{"k8s_api_proxy_request":9223372036854775808,"gitops_sync":1}}`, "counters[k8s_api_proxy_request]"},
		"2^63 as a string":   {`{"counters":{"k8s_api_proxy_request":"9223372036854775808"}}`, "counters[k8s_api_proxy_request]"},
		"a fraction":         {`{"counters":{"gitops_sync":1.5}}`, "counters[gitops_sync]"},
		"a word":             {`{"counters":{"gitops_sync":"many"}}`, "counters[gitops_sync]"},
		"a deprecated count": {`{"gitops_sync_count":"x"}`, "gitops_sync_count"},
		// Named by its array, as Grape names an array's elements.
		"a unique id of 2^63":     {`{"unique_counters":{"agent_users_using_ci_tunnel":[9223372036854775808]}}`, "unique_counters[agent_users_using_ci_tunnel]"},
		"unique ids not an array": {`{"unique_counters":{"agent_users_using_ci_tunnel":7}}`, "unique_counters[agent_users_using_ci_tunnel]"},
	} {
		t.Run(name, func(t *testing.T) {
			resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics", tc.body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"error": tc.param + " is invalid"}, resp.JSON(t))
		})
	}
	assert.Empty(t, todaysCounters(t, env))
}

func TestUsageMetrics_CountersSaturateInsteadOfOverflowing(t *testing.T) {
	env := apitest.New(t, "")
	for range 2 {
		resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/usage_metrics", `{"counters":{"gitops_sync":"9223372036854775807"}}`)
		require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	}
	assert.Equal(t, map[string]int64{"gitops_sync": 9223372036854775807}, todaysCounters(t, env))
}
