package conformance_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/contract"
)

// envPrism names the Prism CLI (@stoplight/prism-cli, installed by make test under
// conformance/tooling); without it TestConformance_ThroughPrism is skipped.
const envPrism = "GLIA_CONFORMANCE_PRISM"

// TestConformance_ThroughPrism runs every scenario once more with Stoplight Prism in front of
// glia as a validating proxy, one Prism per spec: a second, independent reading of the contract
// (Prism's own validator, not kin-openapi) that must find no response violating it. Prism runs
// without --errors, so it forwards every request and reports what it found in its sl-violations
// header; the scenarios still get glia's statuses.
func TestConformance_ThroughPrism(t *testing.T) {
	prism := prismOrSkip(t)
	tg := startGlia(t, "127.0.0.1:0")
	checker, err := contract.New()
	require.NoError(t, err)
	proxies := map[string]*url.URL{}
	for _, spec := range checker.Specs {
		proxies[spec.Name] = startPrism(t, prism, spec.Name, tg.baseURL)
	}
	// One front door for the suite: each request goes to the Prism of the spec it belongs to.
	front := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		spec, _, _ := checker.Operation(r.In)
		r.SetURL(proxies[spec])
		r.Out.Host = r.In.Host
	}})
	t.Cleanup(front.Close)
	viaPrism := *tg
	viaPrism.baseURL, viaPrism.client = connect(front.URL)

	all := slices.Concat(internalScenarios(), billingScenarios(), scimScenarios(tg.scimGroup))
	for _, s := range firstSuccessOfEachOperation(all) {
		all = append(all, s.withoutCredential()) // the 401s, every operation's
	}
	for _, s := range all {
		t.Run(s.name, func(t *testing.T) {
			if strings.HasSuffix(s.contentType, "json") && !json.Valid([]byte(s.body)) {
				t.Skip("Prism parses JSON bodies itself and answers a malformed one with its own error; glia never sees it")
			}
			req := s.request(t, &viaPrism)
			status, header := exchangeHeaders(t, &viaPrism, checker, req, s.op)
			assert.Equal(t, s.want, status)
			assert.Empty(t, responseViolations(t, header), "Prism found the answer off the contract")
		})
	}
}

// TestPrismCatchesAWrongResponseField proves the Prism run would see drift: with a proxy between
// Prism and glia that breaks one response field, Prism reports a response violation.
func TestPrismCatchesAWrongResponseField(t *testing.T) {
	prism := prismOrSkip(t)
	mutated := behindWrongFieldProxy(t, startGlia(t, "127.0.0.1:0"))
	viaPrism := *mutated
	viaPrism.baseURL, viaPrism.client = connect(startPrism(t, prism, "internal", mutated.baseURL).String())

	resp, err := viaPrism.client.Do(wrongFieldScenario.request(t, &viaPrism))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.NotEmpty(t, responseViolations(t, resp.Header), "Prism must report the string id")
}

func prismOrSkip(t *testing.T) string {
	t.Helper()
	prism := os.Getenv(envPrism)
	if prism == "" {
		t.Skip(envPrism + " is not set (make test sets it)")
	}
	if os.Getenv(envBaseURL) != "" {
		t.Skip("Prism fronts the in-process glia only")
	}
	return prism
}

// violation is one entry of Prism's sl-violations header.
type violation struct {
	Location []string `json:"location"`
	Severity string   `json:"severity"`
	Message  string   `json:"message"`
}

// responseViolations are the entries of Prism's sl-violations header about the answer; those
// about the request are the invalid-input scenarios doing their job.
func responseViolations(t *testing.T, h http.Header) []violation {
	t.Helper()
	raw := h.Get("sl-violations")
	if raw == "" {
		return nil
	}
	var all []violation
	require.NoError(t, json.Unmarshal([]byte(raw), &all), "sl-violations: %s", raw)
	var found []violation
	for _, v := range all {
		if len(v.Location) > 0 && v.Location[0] == "response" {
			found = append(found, v)
		}
	}
	return found
}

// startPrism runs `prism proxy` for one spec in front of upstream on a free loopback port.
func startPrism(t *testing.T, prism, api, upstream string) *url.URL {
	t.Helper()
	spec, err := filepath.Abs(filepath.Join("..", "openapi", api+".yaml"))
	require.NoError(t, err)
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, prism, "proxy", spec, upstream, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--errors=false")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
	})
	listening, output := announced(stdout, "Prism is listening")
	select {
	case <-listening:
	case <-time.After(2 * time.Minute):
		t.Fatalf("prism for %s did not start:\n%s", api, output())
	}
	return &url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(port)}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
