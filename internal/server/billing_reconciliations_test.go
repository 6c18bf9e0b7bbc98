package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

const bulkReconciliations = "/api/v4/internal/upcoming_reconciliations"

func namespaceReconciliationURL(namespace string) string {
	return "/api/v4/internal/gitlab_subscriptions/namespaces/" + namespace + "/upcoming_reconciliations"
}

// reconciliationOf reads a namespace's stored reconciliation as "next/alert" ("" when none).
func reconciliationOf(t *testing.T, env *apitest.Env, namespaceID int64) string {
	t.Helper()
	r, err := env.Store.UpcomingReconciliation(t.Context(), namespaceID)
	if err == store.ErrNotFound {
		return ""
	}
	require.NoError(t, err)
	return r.NextReconciliationDate.Format(time.DateOnly) + "/" + r.DisplayAlertFrom.Format(time.DateOnly)
}

func TestUpcomingReconciliations_BulkUpsertAnswersTheBareNumber200(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := asCustomersDot(t, env, http.MethodPut, bulkReconciliations,
		`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"13 Jun 2021","display_alert_from":"06 Jun 2021"},{"namespace_id":200,"next_reconciliation_date":"2021-06-12","display_alert_from":"2021-06-05"}]}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "200", string(trimNewline(resp.Body)))
	assert.Equal(t, "2021-06-13/2021-06-06", reconciliationOf(t, env, 100))
	assert.Equal(t, "2021-06-12/2021-06-05", reconciliationOf(t, env, 200))

	resp = asCustomersDot(t, env, http.MethodPut, bulkReconciliations,
		`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"Sep 13 2021","display_alert_from":"2021/09/06"},{"namespace_id":100,"next_reconciliation_date":"13-Dec-2021","display_alert_from":"06 december 2021"}]}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "2021-12-13/2021-12-06", reconciliationOf(t, env, 100), "an upsert, and the later element for a namespace wins")
	assert.Equal(t, "2021-06-12/2021-06-05", reconciliationOf(t, env, 200))
}

func TestUpcomingReconciliations_ARefusedElementLeavesNothingApplied(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := asCustomersDot(t, env, http.MethodPut, bulkReconciliations,
		`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"},{"namespace_id":999999,"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"},{"namespace_id":888888,"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}]}`)
	require.Equal(t, http.StatusBadRequest, resp.Status)
	assert.JSONEq(t, `{"message":{"error":"[{\"999999\":[\"Namespace can't be blank\"]},{\"888888\":[\"Namespace can't be blank\"]}]"}}`, string(resp.Body))
	assert.Empty(t, reconciliationOf(t, env, 100), "the valid element was not applied either")
}

func TestUpcomingReconciliations_ParameterFailures(t *testing.T) {
	env := apitest.New(t, billingWorld)
	cases := []struct{ body, want string }{
		{`{}`, `{"error":"upcoming_reconciliations is missing"}`},
		{`{"upcoming_reconciliations":[{"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}]}`, `{"error":"upcoming_reconciliations[0][namespace_id] is missing"}`},
		{`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"soon","display_alert_from":"2021-06-06"}]}`, `{"error":"upcoming_reconciliations[0][next_reconciliation_date] is invalid"}`},
		{`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"30 Feb 2021","display_alert_from":"2021-06-06"}]}`, `{"error":"upcoming_reconciliations[0][next_reconciliation_date] is invalid"}`},
		{`{"upcoming_reconciliations":[{"namespace_id":"x","next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}]}`, `{"error":"upcoming_reconciliations[0][namespace_id] is invalid"}`},
	}
	for _, tc := range cases {
		resp := asCustomersDot(t, env, http.MethodPut, bulkReconciliations, tc.body)
		assert.Equal(t, http.StatusBadRequest, resp.Status, tc.body)
		assert.JSONEq(t, tc.want, string(resp.Body), tc.body)
	}
}

func TestUpcomingReconciliations_DeleteByQueryParameter(t *testing.T) {
	env := apitest.New(t, billingWorld)
	require.Equal(t, http.StatusOK, asCustomersDot(t, env, http.MethodPut, bulkReconciliations,
		`{"upcoming_reconciliations":[{"namespace_id":100,"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}]}`).Status)

	resp := asCustomersDot(t, env, http.MethodDelete, bulkReconciliations+"?namespace_id=100", "")
	assert.Equal(t, http.StatusNoContent, resp.Status)
	assert.Empty(t, resp.Body)
	assert.Empty(t, reconciliationOf(t, env, 100))

	for query, want := range map[string]string{
		"?namespace_id=100":    `{"message":"404 Not Found"}`,
		"?namespace_id=999999": `{"message":"404 Not Found"}`,
		"":                     `{"error":"namespace_id is missing"}`,
		"?namespace_id=abc":    `{"error":"namespace_id is invalid"}`,
	} {
		resp := asCustomersDot(t, env, http.MethodDelete, bulkReconciliations+query, "")
		assert.JSONEq(t, want, string(resp.Body), query)
	}
}

func TestUpcomingReconciliations_PerNamespaceUpsertAndDelete(t *testing.T) {
	env := apitest.New(t, billingWorld)
	resp := asCustomersDot(t, env, http.MethodPut, namespaceReconciliationURL("100"), `{"next_reconciliation_date":"2021-06-13","display_alert_from":"06 Jun 2021"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "200", string(trimNewline(resp.Body)))
	assert.Equal(t, "2021-06-13/2021-06-06", reconciliationOf(t, env, 100))

	req := env.NewRequest(t, http.MethodPut, namespaceReconciliationURL("100")+"?next_reconciliation_date=2022-01-10&display_alert_from=2022-01-03", nil)
	req.Header.Set("Private-Token", billingAdminToken)
	require.Equal(t, http.StatusOK, env.Do(t, req).Status, "dates in the query string")
	assert.Equal(t, "2022-01-10/2022-01-03", reconciliationOf(t, env, 100))

	for _, tc := range []struct{ path, body, want string }{
		{namespaceReconciliationURL("100"), `{"display_alert_from":"2021-06-06"}`, `{"error":"next_reconciliation_date is missing"}`},
		{namespaceReconciliationURL("100"), `{"next_reconciliation_date":"2021-06-13"}`, `{"error":"display_alert_from is missing"}`},
		{namespaceReconciliationURL("100"), `{"next_reconciliation_date":"2021-13-13","display_alert_from":"2021-06-06"}`, `{"error":"next_reconciliation_date is invalid"}`},
		{namespaceReconciliationURL("abc"), `{"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}`, `{"error":"namespace_id is invalid"}`},
		{namespaceReconciliationURL("999999"), `{"next_reconciliation_date":"2021-06-13","display_alert_from":"2021-06-06"}`, `{"message":"404 Namespace Not Found"}`},
	} {
		resp := asCustomersDot(t, env, http.MethodPut, tc.path, tc.body)
		assert.JSONEq(t, tc.want, string(resp.Body), tc.path+" "+tc.body)
	}

	resp = asCustomersDot(t, env, http.MethodDelete, namespaceReconciliationURL("100"), "")
	assert.Equal(t, http.StatusNoContent, resp.Status)
	for path, want := range map[string]string{
		namespaceReconciliationURL("100"):    `{"message":"404 Not Found"}`,
		namespaceReconciliationURL("999999"): `{"message":"404 Namespace Not Found"}`,
		namespaceReconciliationURL("abc"):    `{"error":"namespace_id is invalid"}`,
	} {
		resp := asCustomersDot(t, env, http.MethodDelete, path, "")
		assert.JSONEq(t, want, string(resp.Body), path)
	}
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
