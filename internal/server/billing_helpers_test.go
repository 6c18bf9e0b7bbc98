package server_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Personal access tokens of billingWorld: an administrator's (what CustomersDot's legacy path
// sends) and a group owner's (valid, but not an administrator).
const (
	billingAdminToken = "glpat-billing-admin-token-000000"
	billingOwnerToken = "glpat-billing-owner-token-000000"
)

// billingWorld: acme (id 100) is owned by alice and has, besides her, a developer, a guest, a
// blocked developer, a bot, a maintainer of its subgroup and a developer of a project in the
// subgroup; so acme's billable users are alice, dev, guesty, subby and projdev (5), 4 without
// the guest. acme-two (200) is alice's too, bobs (300) is bob's. alice's personal namespace
// bills alice and the reporter of her project (2).
const billingWorld = `
users:
  - id: 1
    username: admin
    email: admin@example.com
    admin: true
    personal_access_tokens:
      - name: customersdot
        token: ` + billingAdminToken + `
        scopes: [api, admin_mode]
  - id: 2
    username: alice
    email: alice@example.com
    personal_access_tokens:
      - name: mine
        token: ` + billingOwnerToken + `
        scopes: [api, admin_mode]
  - {id: 3, username: dev, email: dev@example.com}
  - {id: 4, username: guesty, email: guesty@example.com}
  - {id: 5, username: blocky, email: blocky@example.com, state: blocked}
  - {id: 6, username: botty, email: botty@example.com, user_type: bot}
  - {id: 7, username: projdev, email: projdev@example.com}
  - {id: 8, username: bob, email: bob@example.com}
  - {id: 9, username: subby, email: subby@example.com}

groups:
  - id: 100
    full_path: acme
    members:
      - {user: alice, access: owner}
      - {user: dev, access: developer}
      - {user: guesty, access: guest}
      - {user: blocky, access: developer}
      - {user: botty, access: developer}
  - id: 101
    full_path: acme/sub
    members:
      - {user: dev, access: maintainer}
      - {user: subby, access: maintainer}
  - id: 200
    full_path: acme-two
    members:
      - {user: alice, access: owner}
  - id: 300
    full_path: bobs
    members:
      - {user: bob, access: owner}

projects:
  - full_path: acme/sub/app
    members:
      - {user: projdev, access: developer}
  - full_path: alice/notes
    members:
      - {user: dev, access: reporter}
`

// The members billingWorld's acme bills.
const (
	acmeBillable            = 5
	acmeBillableNoGuests    = 4
	alicePersonalBillable   = 2
	billingSubscriptionPath = "/api/v4/internal/gitlab_subscriptions/namespaces/"
)

// asCustomersDot sends a billing request as CustomersDot's legacy path does: the
// administrator's token, and a JSON body when there is one.
func asCustomersDot(t *testing.T, env *apitest.Env, method, path, body string) apitest.Response {
	t.Helper()
	var payload any
	if body != "" {
		payload = body
	}
	req := env.NewRequest(t, method, path, payload)
	req.Header.Set("Private-Token", billingAdminToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return env.Do(t, req)
}

// subscriptionEntity is the billing API's subscription body, decoded.
type subscriptionEntity struct {
	Plan struct {
		Code          *string `json:"code"`
		Name          *string `json:"name"`
		Trial         *bool   `json:"trial"`
		AutoRenew     *bool   `json:"auto_renew"`
		Upgradable    *bool   `json:"upgradable"`
		ExcludeGuests *bool   `json:"exclude_guests"`
	} `json:"plan"`
	Usage struct {
		SeatsInSubscription *int `json:"seats_in_subscription"`
		SeatsInUse          *int `json:"seats_in_use"`
		MaxSeatsUsed        *int `json:"max_seats_used"`
		SeatsOwed           *int `json:"seats_owed"`
	} `json:"usage"`
	Billing struct {
		StartDate   *string `json:"subscription_start_date"`
		EndDate     *string `json:"subscription_end_date"`
		TrialEndsOn *string `json:"trial_ends_on"`
	} `json:"billing"`
}

func decodeSubscription(t *testing.T, resp apitest.Response) subscriptionEntity {
	t.Helper()
	var e subscriptionEntity
	require.NoError(t, json.Unmarshal(resp.Body, &e), "%s", resp.Body)
	return e
}

// mustCreateSubscription creates a subscription and fails the test unless it answers 201.
func mustCreateSubscription(t *testing.T, env *apitest.Env, namespace, body string) subscriptionEntity {
	t.Helper()
	resp := asCustomersDot(t, env, http.MethodPost, billingSubscriptionPath+namespace+"/gitlab_subscription", body)
	require.Equal(t, http.StatusCreated, resp.Status, "%s", resp.Body)
	return decodeSubscription(t, resp)
}

// dayOffset is the date n days from today, as CustomersDot writes dates.
func dayOffset(n int) string {
	return time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly)
}
