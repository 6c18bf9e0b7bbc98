package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

func TestBilling_Credentials(t *testing.T) {
	env := apitest.New(t, billingWorld)
	expired := apitest.CustomersDotClaims()
	expired["exp"] = time.Now().Add(-time.Hour).Unix()
	wrongSubject := apitest.CustomersDotClaims()
	wrongSubject["sub"] = "someone-else"
	wrongAudience := apitest.CustomersDotClaims()
	wrongAudience["aud"] = []string{"gitlab"}
	wrongIssuer := apitest.CustomersDotClaims()
	wrongIssuer["iss"] = "https://customers.gitlab.com"
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, apitest.CustomersDotClaims()).SignedString(jwt.UnsafeAllowNoneSignatureType)

	cases := []struct {
		name    string
		headers map[string]string
		status  int
		message string
	}{
		{"CustomersDot's JWT", map[string]string{"X-Customers-Dot-Internal-Token": apitest.CustomersDotJWT(t)}, 200, ""},
		{"an administrator's PRIVATE-TOKEN", map[string]string{"Private-Token": billingAdminToken}, 200, ""},
		{"an administrator's bearer token", map[string]string{"Authorization": "Bearer " + billingAdminToken}, 200, ""},
		{"the seed's TOKEN header", map[string]string{"Token": billingAdminToken}, 200, ""},
		{"nothing", nil, 401, "401 Unauthorized"},
		{"an unknown token", map[string]string{"Private-Token": "glpat-unknown-token-000000000000"}, 401, "401 Unauthorized"},
		{"a group owner who is no administrator", map[string]string{"Private-Token": billingOwnerToken}, 403, "403 Forbidden"},
		{"an expired JWT", map[string]string{"X-Customers-Dot-Internal-Token": apitest.SignCustomersDotJWT(t, expired)}, 401, "401 Unauthorized"},
		{"a JWT for another subject", map[string]string{"X-Customers-Dot-Internal-Token": apitest.SignCustomersDotJWT(t, wrongSubject)}, 401, "401 Unauthorized"},
		{"a JWT for another audience", map[string]string{"X-Customers-Dot-Internal-Token": apitest.SignCustomersDotJWT(t, wrongAudience)}, 401, "401 Unauthorized"},
		{"a JWT from another issuer", map[string]string{"X-Customers-Dot-Internal-Token": apitest.SignCustomersDotJWT(t, wrongIssuer)}, 401, "401 Unauthorized"},
		{"an unsigned JWT", map[string]string{"X-Customers-Dot-Internal-Token": none}, 401, "401 Unauthorized"},
		{"a bad JWT beside an administrator's token: only the JWT counts",
			map[string]string{"X-Customers-Dot-Internal-Token": "not-a-jwt", "Private-Token": billingAdminToken}, 401, "401 Unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := env.NewRequest(t, http.MethodGet, subscriptionURL("current", "100"), nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp := env.Do(t, req)
			assert.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			if tc.message != "" {
				assert.JSONEq(t, `{"message":"`+tc.message+`"}`, string(resp.Body))
			}
		})
	}
}

func TestBilling_CustomersDotJWTWorksOnEveryFamily(t *testing.T) {
	env := apitest.New(t, billingWorld)
	for _, path := range []string{subscriptionURL("seed", "100"), subscriptionURL("current", "100")} {
		req := env.NewRequest(t, http.MethodGet, path, nil)
		req.Header.Set("X-Customers-Dot-Internal-Token", apitest.CustomersDotJWT(t))
		assert.Equal(t, http.StatusOK, env.Do(t, req).Status, path)
	}
	req := env.NewRequest(t, http.MethodDelete, "/api/v4/internal/upcoming_reconciliations?namespace_id=100", nil)
	req.Header.Set("X-Customers-Dot-Internal-Token", apitest.CustomersDotJWT(t))
	assert.Equal(t, http.StatusNotFound, env.Do(t, req).Status)
}
