package server_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// race sends the requests at the same time and returns their statuses in order.
func race(t *testing.T, client scimClient, requests ...[3]string) []int {
	t.Helper()
	statuses := make([]int, len(requests))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, r := range requests {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			statuses[i] = client.do(r[0], r[1], r[2]).Status
		}()
	}
	start.Done()
	done.Wait()
	return statuses
}

// A deprovisioning (PATCH active=false, or DELETE) racing a provisioning (POST) of the same user
// ends, every time, in one of the two states the requests can leave in some order — identity
// active and the user a member, or identity inactive and the user no member — never in between.
func TestSCIMConcurrency_DeprovisioningRacingProvisioningEndsConsistent(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	post := [3]string{"POST", "/Users", `{"externalId":"alice-uid","userName":"alice","emails":[{"type":"work","value":"alice@example.com"}],"name":{"formatted":"Alice Liddell"}}`}
	deprovisions := [][3]string{
		{"PATCH", "/Users/alice-uid", `{"Operations":[{"op":"Replace","path":"active","value":"False"}]}`},
		{"DELETE", "/Users/alice-uid", ""},
	}
	outcomes := map[string]int{}
	for i := range 50 {
		deprovision := deprovisions[i%2]
		statuses := race(t, acme, deprovision, post)
		require.Equal(t, []int{http.StatusNoContent, http.StatusCreated}, statuses, "iteration %d", i)
		alice := identity(t, env, "acme", "alice-uid")
		require.Equal(t, alice.Active, alice.Member, "iteration %d: identity active %t but member %t", i, alice.Active, alice.Member)
		if alice.Member {
			assert.Equal(t, int32(developerAccess), projectAccess(t, env, acmeAPIProjectID, "alice"), "iteration %d", i)
		} else {
			assert.Equal(t, int32(0), projectAccess(t, env, acmeAPIProjectID, "alice"), "iteration %d", i)
		}
		outcomes[fmt.Sprintf("active=%t", alice.Active)]++
	}
	t.Logf("outcomes: %v", outcomes)
}

// Two identical provisioning requests at once create one user, one identity, one membership;
// both answer 201 with the same user (the second finds what the first made).
func TestSCIMConcurrency_ConcurrentCreatesOfOneUserCreateItOnce(t *testing.T) {
	env := apitest.New(t, scimWorld)
	acme := newSCIMClient(t, env, "acme", acmeToken)
	for i := range 20 {
		body := fmt.Sprintf(`{"externalId":"twin-%d","userName":"twin%d","emails":[{"type":"work","value":"twin%d@example.com"}],"name":{"formatted":"Twin %d"}}`, i, i, i, i)
		post := [3]string{"POST", "/Users", body}
		require.Equal(t, []int{http.StatusCreated, http.StatusCreated}, race(t, acme, post, post), "iteration %d", i)
		twin := identity(t, env, "acme", fmt.Sprintf("twin-%d", i))
		assert.True(t, twin.Active && twin.Member)
		assert.Equal(t, fmt.Sprintf("twin%d", i), twin.Username, "a second user would be twin%d1", i)
	}
}
