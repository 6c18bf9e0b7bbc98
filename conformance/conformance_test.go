package conformance_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/contract"
)

// produced is what the scenarios showed: per operation, the kinds and statuses seen.
type produced struct {
	kinds    map[string]map[kind]bool
	statuses map[string]map[int]bool
}

func (p *produced) record(op string, k kind, status int) {
	if p.kinds[op] == nil {
		p.kinds[op], p.statuses[op] = map[kind]bool{}, map[int]bool{}
	}
	p.kinds[op][k] = true
	p.statuses[op][status] = true
}

// TestConformance drives every scenario against the target, checks each status and each answer
// against the spec, then checks that the scenarios cover the contract.
func TestConformance(t *testing.T) {
	tg := newTarget(t)
	checker, err := contract.New()
	require.NoError(t, err)
	seen := &produced{kinds: map[string]map[kind]bool{}, statuses: map[string]map[int]bool{}}

	all := slices.Concat(internalScenarios(), billingScenarios(), scimScenarios(tg.scimGroup))
	for _, s := range all {
		t.Run(s.name, func(t *testing.T) {
			status := exchange(t, tg, checker, s.request(t, tg), s.op)
			seen.record(s.op, s.kind, status)
			assert.Equal(t, s.want, status)
		})
	}
	// Every operation refuses its success scenario without a credential and with a wrong one.
	for _, s := range firstSuccessOfEachOperation(all) {
		t.Run(s.op+" without a credential is refused", func(t *testing.T) {
			status := exchange(t, tg, checker, s.withoutCredential().request(t, tg), s.op)
			seen.record(s.op, missingCredential, status)
			assert.Equal(t, http.StatusUnauthorized, status)
		})
		for i, spoil := range s.wrongCredentials() {
			t.Run(s.op+" with a wrong credential is refused #"+strconv.Itoa(i+1), func(t *testing.T) {
				req := s.request(t, tg)
				spoil(req)
				status := exchange(t, tg, checker, req, s.op)
				seen.record(s.op, wrongCredential, status)
				assert.Equal(t, http.StatusUnauthorized, status)
			})
		}
	}

	// Every billing operation refuses a user who is no administrator; every SCIM operation
	// answers for an unknown group.
	for _, s := range firstSuccessOfEachOperation(all) {
		switch {
		case (s.as == billingAdmin || s.as == customersDot) && tg.userToken != "":
			t.Run(s.op+" refuses a user who is no administrator", func(t *testing.T) {
				req := s.request(t, tg)
				req.Header.Del("X-Customers-Dot-Internal-Token")
				req.Header.Set("Private-Token", tg.userToken)
				status := exchange(t, tg, checker, req, s.op)
				seen.record(s.op, otherOutcome, status)
				assert.Equal(t, http.StatusForbidden, status)
			})
		case s.as == identityProvider:
			t.Run(s.op+" of an unknown group is not found", func(t *testing.T) {
				s.path = strings.Replace(s.path, "/groups/"+tg.scimGroup+"/", "/groups/no-such-group/", 1)
				status := exchange(t, tg, checker, s.request(t, tg), s.op)
				seen.record(s.op, otherOutcome, status)
				assert.Equal(t, http.StatusNotFound, status)
			})
		}
	}

	t.Run("GitLab Shell's calls past 600 a minute for one action, project and actor are rate limited", func(t *testing.T) {
		// The limit counts fixed minutes: 1,201 calls cross at most one boundary, so one of
		// the minutes sees more than 600 of them.
		s := scenario{"", "postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType, floodedPull, http.StatusTooManyRequests}
		status := 0
		for range 1201 {
			if status = exchange(t, tg, checker, s.request(t, tg), s.op); status != http.StatusOK {
				break
			}
		}
		seen.record(s.op, s.kind, status)
		assert.Equal(t, s.want, status)
	})

	// Some answers need the instance configured otherwise: a twin server, with the same
	// credentials, produces them.
	onTwin := func(twin *target, s scenario) {
		t.Run(s.name, func(t *testing.T) {
			status := exchange(t, twin, checker, s.request(t, twin), s.op)
			seen.record(s.op, s.kind, status)
			assert.Equal(t, s.want, status)
		})
	}
	// An API switched off on the instance refuses each of its operations: every first success
	// scenario that belongs to it, sent to the twin, gets want.
	switchedOff := func(twin *target, belongs func(scenario) bool, refusal string, want int) {
		if twin == nil {
			return
		}
		for _, s := range firstSuccessOfEachOperation(all) {
			if belongs(s) {
				s.name, s.kind, s.want = s.op+" "+refusal, otherOutcome, want
				onTwin(twin, s)
			}
		}
	}
	// Group SAML off refuses every SCIM call; the kas internal API off (GitLab's switch before
	// 16.7) answers every kas call 404.
	switchedOff(withGroupSAMLOff(t, tg), func(s scenario) bool { return s.as == identityProvider },
		"is forbidden while the instance has group SAML off", http.StatusForbidden)
	switchedOff(withKASAPIOff(t, tg), func(s scenario) bool { return strings.HasPrefix(s.path, "/api/v4/internal/kubernetes/") },
		"is not found while the instance has its kas API off", http.StatusNotFound)
	// A Geo secondary forwards GitLab Shell's pushes to its primary with a custom action.
	if secondary := asGeoSecondary(t, tg); secondary != nil {
		onTwin(secondary, scenario{"a Geo secondary answers an SSH push with the custom action that forwards it to the primary",
			"postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType, geoForwardedPush, http.StatusMultipleChoices})
	}
	// A decision that outlasts the instance's access-check timeout is unavailable.
	if hurried := withAccessCheckTimeoutTooShort(t, tg); hurried != nil {
		onTwin(hurried, scenario{"a push that cannot be decided within the access-check timeout is unavailable",
			"postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType, undecidablePush, http.StatusServiceUnavailable})
	}

	t.Run("every operation has a success, missing-credential, wrong-credential and invalid-input scenario", func(t *testing.T) {
		for _, spec := range checker.Specs {
			for _, op := range operations(spec) {
				for _, k := range []kind{success, missingCredential, wrongCredential, invalidInput} {
					if k == invalidInput && !takesInput(op) {
						continue
					}
					assert.True(t, seen.kinds[op.id][k], "%s API: %s has no %s scenario", spec.Name, op.id, k)
				}
			}
		}
	})
	t.Run("every documented status code is produced", func(t *testing.T) {
		var gaps []string
		report := &strings.Builder{}
		for _, spec := range checker.Specs {
			ops, covered, documented, hit := operations(spec), 0, 0, 0
			for _, op := range ops {
				if len(seen.kinds[op.id]) > 0 {
					covered++
				}
				for _, status := range documentedStatuses(op.operation) {
					documented++
					if seen.statuses[op.id][status] {
						hit++
					} else {
						gaps = append(gaps, fmt.Sprintf("%s %d", op.id, status))
					}
				}
			}
			fmt.Fprintf(report, "%s API: operations covered %d/%d, status codes produced %d/%d\n", spec.Name, covered, len(ops), hit, documented)
		}
		t.Log("\n" + report.String())
		fmt.Print(report.String())
		if missing := tg.unnamed(); len(missing) > 0 && len(gaps) > 0 {
			// Some statuses need a credential or a twin the suite was not given.
			t.Skip("not produced here: " + strings.Join(gaps, ", ") + " (not given: " + strings.Join(missing, ", ") + ")")
		}
		assert.Empty(t, gaps, "documented statuses no scenario produces: add scenarios that provoke them")
	})
}

// TestConformance_GitLabShellAndGitalyOverAUnixSocket serves glia on a Unix socket, as
// Omnibus wires GitLab Shell and Gitaly to GitLab (gitlab_url http+unix://…), and sends every
// scenario of theirs through it: same statuses, every answer valid against the spec.
func TestConformance_GitLabShellAndGitalyOverAUnixSocket(t *testing.T) {
	if os.Getenv(envBaseURL) != "" {
		t.Skip("the suite targets another server (whose URL may itself be http+unix://)")
	}
	tg := startGlia(t, "unix:")
	require.Equal(t, "http://unix", tg.baseURL, "GitLab Shell's request URL for a socket")
	checker, err := contract.New()
	require.NoError(t, err)
	n := 0
	for _, s := range internalScenarios() {
		if s.as != gitlabShell {
			continue
		}
		n++
		t.Run(s.name, func(t *testing.T) {
			assert.Equal(t, s.want, exchange(t, tg, checker, s.request(t, tg), s.op))
		})
	}
	require.NotZero(t, n, "no GitLab Shell scenarios")
}

// exchange sends req, checks the answer against the spec and says which status came back.
func exchange(t *testing.T, tg *target, checker *contract.Checker, req *http.Request, op string) int {
	t.Helper()
	status, _ := exchangeHeaders(t, tg, checker, req, op)
	return status
}

// exchangeHeaders is exchange that also hands back the answer's header.
func exchangeHeaders(t *testing.T, tg *target, checker *contract.Checker, req *http.Request, op string) (int, http.Header) {
	t.Helper()
	var sent []byte
	if req.Body != nil {
		sent, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(sent))
	}
	_, hit, ok := checker.Operation(withoutBase(req, tg))
	require.True(t, ok, "no spec has %s %s", req.Method, req.URL.Path)
	require.Equal(t, op, hit, "the request hits another operation")
	resp, err := tg.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.NoError(t, checker.Check(withoutBase(req, tg), sent, resp.StatusCode, resp.Header, body))
	return resp.StatusCode, resp.Header
}

// withoutBase is req as the specs route it: relative to the server's root.
func withoutBase(req *http.Request, tg *target) *http.Request {
	probe := req.Clone(req.Context())
	base, _ := url.Parse(tg.baseURL)
	probe.URL.Path = strings.TrimPrefix(probe.URL.Path, strings.TrimSuffix(base.Path, "/"))
	probe.URL.Scheme, probe.URL.Host, probe.Host = "", "", ""
	return probe
}

func firstSuccessOfEachOperation(all []scenario) []scenario {
	var out []scenario
	seen := map[string]bool{}
	for _, s := range all {
		if s.kind == success && !seen[s.op] {
			seen[s.op] = true
			out = append(out, s)
		}
	}
	return out
}

// TestSuiteCatchesAWrongResponseField puts a proxy in front of the target that changes one
// field of discover's answer (id becomes a string) and checks the suite's validation fails.
func TestSuiteCatchesAWrongResponseField(t *testing.T) {
	tg := newTarget(t)
	checker, err := contract.New()
	require.NoError(t, err)
	mutated := behindWrongFieldProxy(t, tg)

	req := wrongFieldScenario.request(t, mutated)
	resp, err := mutated.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Contains(t, string(body), `"id":"1"`, "the proxy changed the field")
	assert.Error(t, checker.Check(withoutBase(req, mutated), nil, resp.StatusCode, resp.Header, body), "a wrong field must fail the contract")
}

// wrongFieldScenario is answered with a user id, the field behindWrongFieldProxy breaks.
var wrongFieldScenario = scenario{"discover", "getDiscover", success, gitlabShell, "GET", "/api/v4/internal/discover?key_id=11", "", "", 200}

// behindWrongFieldProxy is tg seen through a proxy that turns the first `"id":1` of every answer
// into a string: the deliberately wrong response field the suite (and Prism) must catch.
func behindWrongFieldProxy(t *testing.T, tg *target) *target {
	t.Helper()
	base, err := url.Parse(tg.baseURL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(base)
	proxy.Transport = tg.client.Transport // nil: the default; a Unix socket's dialler otherwise
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		body = bytes.Replace(body, []byte(`"id":1,`), []byte(`"id":"1",`), 1)
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		resp.Header.Del("Content-Length")
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	mutated := *tg
	mutated.baseURL, mutated.client = connect(srv.URL)
	return &mutated
}
