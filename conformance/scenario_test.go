package conformance_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// caller is who sends a request, and so which credential it carries.
type caller int

const (
	anonymous            caller = iota // no credential at all
	gitlabShell                        // GitLab Shell / Gitaly: the shell JWT
	kas                                // kas itself: the kas JWT
	agent                              // kas on behalf of an agent: the kas JWT and the agent token
	developersAgent                    // kas on behalf of an agent a developer created (Starboard reports: 403)
	unlicensedAgent                    // kas on behalf of an agent on the free plan (Starboard policies: 402)
	customersDot                       // CustomersDot: its RS256 JWT
	billingAdmin                       // CustomersDot's legacy path: an administrator's token
	identityProvider                   // an IdP: the group's SCIM token
	errorTrackingService               // the error-tracking service (Opstrace): the error-tracking token
)

// kind is what a scenario shows about its operation; the coverage test wants each kind for
// every operation.
type kind string

const (
	success           kind = "success"
	missingCredential kind = "missing credential"
	wrongCredential   kind = "wrong credential"
	invalidInput      kind = "invalid input"
	otherOutcome      kind = "other outcome" // a documented refusal (404, 403, 409 …)
)

// scenario is one request as a real caller sends it, and the status it must get. Every answer
// is also checked against the spec.
type scenario struct {
	name        string // the behaviour, as a sentence
	op          string // operationId
	kind        kind
	as          caller
	method      string
	path        string // with query string
	contentType string
	body        string
	want        int
}

// request builds the scenario's request with its caller's credential.
func (s scenario) request(t *testing.T, tg *target) *http.Request {
	t.Helper()
	var body io.Reader
	if s.body != "" {
		body = strings.NewReader(s.body)
	}
	req, err := http.NewRequest(s.method, tg.baseURL+s.path, body)
	require.NoError(t, err)
	if s.contentType != "" {
		req.Header.Set("Content-Type", s.contentType)
	}
	switch s.as {
	case gitlabShell:
		req.Header.Set("Gitlab-Shell-Api-Request", tg.shellJWT(t))
		req.Header.Set("User-Agent", "GitLab-Shell")
		if s.contentType == "" {
			req.Header.Set("Content-Type", "application/json") // gitlab-shell sends it even on GETs
		}
	case kas:
		req.Header.Set("Gitlab-Kas-Api-Request", tg.kasJWT(t))
	case agent, developersAgent, unlicensedAgent:
		token := map[caller]string{agent: tg.agentToken, developersAgent: tg.developersAgentToken, unlicensedAgent: tg.unlicensedAgentToken}[s.as]
		if token == "" {
			t.Skip("no token for this agent: see " + envDevelopersAgentToken + " and " + envUnlicensedAgentToken)
		}
		req.Header.Set("Gitlab-Kas-Api-Request", tg.kasJWT(t))
		req.Header.Set("Authorization", "Bearer "+token)
	case customersDot:
		if tg.customersDotKey == nil { // another server trusts another key: CustomersDot's legacy credential
			req.Header.Set("Private-Token", tg.adminToken)
			break
		}
		req.Header.Set("X-Customers-Dot-Internal-Token", tg.customersDotJWT(t))
	case billingAdmin:
		req.Header.Set("Private-Token", tg.adminToken)
	case identityProvider:
		req.Header.Set("Authorization", "Bearer "+tg.scimToken)
		req.Header.Set("Accept", "application/scim+json") // as Entra ID and Okta send it
	case errorTrackingService:
		if tg.errorTrackingToken == "" {
			t.Skip("no error-tracking token: see " + envErrorTrackingToken)
		}
		req.Header.Set("Gitlab-Error-Tracking-Token", tg.errorTrackingToken)
	}
	return req
}

// withoutCredential is the scenario sent with no credential: a 401 for every operation that
// requires one.
func (s scenario) withoutCredential() scenario {
	s.name, s.kind, s.as, s.want = s.op+" without a credential is refused", missingCredential, anonymous, http.StatusUnauthorized
	return s
}

// wrongCredentials are the scenario with each of its credentials replaced by a wrong one.
func (s scenario) wrongCredentials() []func(*http.Request) {
	switch s.as {
	case gitlabShell:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("Gitlab-Shell-Api-Request", forged) }}
	case kas:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("Gitlab-Kas-Api-Request", forged) }}
	case agent:
		return []func(*http.Request){
			func(r *http.Request) { r.Header.Set("Gitlab-Kas-Api-Request", forged) },
			func(r *http.Request) { r.Header.Set("Authorization", "Bearer glagent-not-a-real-agent-token-0000000") },
		}
	case customersDot:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("X-Customers-Dot-Internal-Token", forged) }}
	case billingAdmin:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("Private-Token", "glpat-not-a-real-token-000000") }}
	case identityProvider:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("Authorization", "Bearer glsoat-not-a-real-scim-token-000000000") }}
	case errorTrackingService:
		return []func(*http.Request){func(r *http.Request) { r.Header.Set("Gitlab-Error-Tracking-Token", "not-the-error-tracking-token") }}
	}
	return nil
}

// forged is a well-formed JWT signed with a key nobody configured.
const forged = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJnaXRsYWItc2hlbGwiLCJhdWQiOlsiZ2l0bGFiIl0sImV4cCI6NDEwMjQ0NDgwMH0.2dWc0b0sYeD2pV0N3c8XJb6ZfZq2p8aK7q7q7q7q7q8"
