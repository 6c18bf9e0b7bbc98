package conformance_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/app"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

// target is the server under test and the credentials its callers hold.
type target struct {
	// baseURL is what request URLs start with; client reaches it (over a Unix socket when the
	// server was named by an http+unix:// URL).
	baseURL     string
	client      *http.Client
	shellSecret []byte // the shell secret file's content, trimmed as GitLab Shell reads it
	kasKey      []byte // the decoded 32-byte kas secret
	adminToken  string
	userToken   string // a valid token of a user who is no administrator
	agentToken  string
	// Agents whose Starboard calls are refused: one a developer created (403), one on the free
	// plan (402). Empty when the environment names none; their scenarios are skipped.
	developersAgentToken, unlicensedAgentToken string
	scimToken                                  string
	scimGroup                                  string
	errorTrackingToken                         string // the error-tracking token file's content, trimmed
	// customersDotKey signs CustomersDot JWTs; nil when the target's JWKS is not ours.
	customersDotKey *rsa.PrivateKey
}

// Environment variables that point the suite at a running server instead.
const (
	envBaseURL              = "GLIA_CONFORMANCE_BASE_URL"
	envShellSecret          = "GLIA_CONFORMANCE_SHELL_SECRET_FILE"
	envKASSecret            = "GLIA_CONFORMANCE_KAS_SECRET_FILE"
	envAdminToken           = "GLIA_CONFORMANCE_ADMIN_TOKEN"
	envUserToken            = "GLIA_CONFORMANCE_USER_TOKEN"
	envAgentToken           = "GLIA_CONFORMANCE_AGENT_TOKEN"
	envDevelopersAgentToken = "GLIA_CONFORMANCE_DEVELOPERS_AGENT_TOKEN"
	envUnlicensedAgentToken = "GLIA_CONFORMANCE_UNLICENSED_AGENT_TOKEN"
	envSCIMToken            = "GLIA_CONFORMANCE_SCIM_TOKEN"
	envSCIMGroup            = "GLIA_CONFORMANCE_SCIM_GROUP"
	envErrorTrackingToken   = "GLIA_CONFORMANCE_ERROR_TRACKING_TOKEN_FILE"
	// envDemoJSON names the demo.json of a `glia serve --demo`: every credential at once.
	envDemoJSON = "GLIA_CONFORMANCE_DEMO_JSON"
	// envSAMLOffBaseURL names a second server, with the same credentials and group SAML off.
	envSAMLOffBaseURL = "GLIA_CONFORMANCE_SAML_OFF_BASE_URL"
	// envGeoSecondaryBaseURL names a server with the same credentials running as a Geo
	// secondary (glia serve --geo-primary-url …).
	envGeoSecondaryBaseURL = "GLIA_CONFORMANCE_GEO_SECONDARY_BASE_URL"
	// envAccessCheckTimeoutBaseURL names a server with the same credentials whose access-check
	// timeout is too short for any decision (glia serve --access-check-timeout 1ns).
	envAccessCheckTimeoutBaseURL = "GLIA_CONFORMANCE_ACCESS_CHECK_TIMEOUT_BASE_URL"
	// envKASAPIOffBaseURL names a server with the same credentials and its kas internal API
	// switched off (glia serve --kas-api=false).
	envKASAPIOffBaseURL = "GLIA_CONFORMANCE_KAS_API_OFF_BASE_URL"
)

const customersDotIssuer = "https://customers.conformance.test"

// demoUserToken is rubi's token in the demo world (internal/world/demo.yaml).
const demoUserToken = "glpat-glia-demo-rubi-token-00000"

// newTarget is the server named by the environment, or a fresh glia serving the demo world.
func newTarget(t *testing.T) *target {
	t.Helper()
	if base := os.Getenv(envBaseURL); base != "" {
		if demo := os.Getenv(envDemoJSON); demo != "" {
			tg := fromDemoJSON(t, demo)
			tg.baseURL, tg.client = connect(base)
			return tg
		}
		requestBase, httpClient := connect(base)
		return &target{
			baseURL: requestBase, client: httpClient,
			shellSecret: []byte(strings.TrimSpace(readFile(t, os.Getenv(envShellSecret)))),
			kasKey:      decodeKAS(t, readFile(t, os.Getenv(envKASSecret))),
			adminToken:  os.Getenv(envAdminToken), userToken: os.Getenv(envUserToken), agentToken: os.Getenv(envAgentToken),
			developersAgentToken: os.Getenv(envDevelopersAgentToken), unlicensedAgentToken: os.Getenv(envUnlicensedAgentToken),
			scimToken: os.Getenv(envSCIMToken), scimGroup: os.Getenv(envSCIMGroup),
			errorTrackingToken: optionalSecret(t, os.Getenv(envErrorTrackingToken)),
		}
	}
	return startGlia(t, "127.0.0.1:0")
}

// withGroupSAMLOff is tg's twin with group SAML switched off on the instance: a second glia
// in-process, or the server envSAMLOffBaseURL names (nil when it names none).
func withGroupSAMLOff(t *testing.T, tg *target) *target {
	t.Helper()
	return twinOf(t, tg, envSAMLOffBaseURL, "--group-saml=false")
}

// asGeoSecondary is tg's twin running as a Geo secondary of a primary at
// https://primary.conformance.test: a second glia in-process, or the server
// envGeoSecondaryBaseURL names (nil when it names none).
func asGeoSecondary(t *testing.T, tg *target) *target {
	t.Helper()
	secret := filepath.Join(t.TempDir(), "geo-secret-access-key")
	require.NoError(t, os.WriteFile(secret, []byte("conformance-geo-secret-access-key\n"), 0o600))
	return twinOf(t, tg, envGeoSecondaryBaseURL, "--geo-primary-url", "https://primary.conformance.test",
		"--geo-access-key", "conformance-site", "--geo-secret-access-key-file", secret)
}

// withAccessCheckTimeoutTooShort is tg's twin with a 1 ns access-check timeout: a second
// glia in-process, or the server envAccessCheckTimeoutBaseURL names (nil when it names none).
func withAccessCheckTimeoutTooShort(t *testing.T, tg *target) *target {
	t.Helper()
	return twinOf(t, tg, envAccessCheckTimeoutBaseURL, "--access-check-timeout", "1ns")
}

// withKASAPIOff is tg's twin with its kas internal API switched off: a second glia in-process,
// or the server envKASAPIOffBaseURL names (nil when it names none).
func withKASAPIOff(t *testing.T, tg *target) *target {
	t.Helper()
	return twinOf(t, tg, envKASAPIOffBaseURL, "--kas-api=false")
}

// unnamed lists what the suite was not given against another server: the optional
// credentials tg lacks and the twins no variable names. Each one skips the scenarios that need
// it, so their statuses cannot be expected. In-process nothing is missing.
func (tg *target) unnamed() []string {
	if os.Getenv(envBaseURL) == "" {
		return nil
	}
	var missing []string
	for variable, value := range map[string]string{
		envUserToken: tg.userToken, envDevelopersAgentToken: tg.developersAgentToken,
		envUnlicensedAgentToken: tg.unlicensedAgentToken, envErrorTrackingToken: tg.errorTrackingToken,
		envSAMLOffBaseURL: os.Getenv(envSAMLOffBaseURL), envGeoSecondaryBaseURL: os.Getenv(envGeoSecondaryBaseURL),
		envAccessCheckTimeoutBaseURL: os.Getenv(envAccessCheckTimeoutBaseURL), envKASAPIOffBaseURL: os.Getenv(envKASAPIOffBaseURL),
	} {
		if value == "" {
			missing = append(missing, variable)
		}
	}
	slices.Sort(missing)
	return missing
}

// twinOf is a second glia started in-process with flags, or, against a running server, tg's
// credentials at the base URL the environment variable names (nil when it names none).
func twinOf(t *testing.T, tg *target, baseURLVariable string, flags ...string) *target {
	t.Helper()
	if os.Getenv(envBaseURL) == "" {
		return startGlia(t, "127.0.0.1:0", flags...)
	}
	base := os.Getenv(baseURLVariable)
	if base == "" {
		return nil
	}
	twin := *tg
	twin.baseURL, twin.client = connect(base)
	return &twin
}

// announced reads r to its end in the background (so its writer never blocks) and closes ready
// at the first line containing want; output is what was read so far.
func announced(r io.Reader, want string) (ready <-chan struct{}, output func() string) {
	closed := make(chan struct{})
	var (
		mu   sync.Mutex
		seen strings.Builder
		once sync.Once
	)
	go func() {
		scanner := bufio.NewScanner(r)
		for scanner.Scan() {
			mu.Lock()
			seen.WriteString(scanner.Text() + "\n")
			mu.Unlock()
			if strings.Contains(scanner.Text(), want) {
				once.Do(func() { close(closed) })
			}
		}
	}()
	return closed, func() string {
		mu.Lock()
		defer mu.Unlock()
		return seen.String()
	}
}

// startGlia runs `glia serve --demo` in this process on listen (a free loopback port, or
// "unix:" for a socket of its own), over a fresh database, with CustomersDot's keys being a key
// this suite holds, and any further flags.
func startGlia(t *testing.T, listen string, flags ...string) *target {
	t.Helper()
	dir := t.TempDir()
	if listen == "unix:" {
		listen += filepath.Join(dir, "glia.socket")
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	jwks := filepath.Join(dir, "customers-dot-jwks.json")
	require.NoError(t, os.WriteFile(jwks, jwksOf(&key.PublicKey), 0o600))

	// The database first: its cleanup (dropping it) must run after glia's, which stops glia.
	database := pgtest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		args := append([]string{"serve", "--demo", "--listen", listen, "--data-dir", dir,
			"--database-url", database, "--customers-dot-jwks", jwks, "--customers-dot-issuer", customersDotIssuer}, flags...)
		done <- app.Run(ctx, args, func(string) string { return "" }, stdoutW, io.Discard)
		stdoutW.Close()
	}()
	ready, output := announced(stdoutR, "glia is ready at ")
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(time.Minute):
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("glia stopped before it was ready: %v\n%s", err, output())
	case <-time.After(90 * time.Second):
		t.Fatalf("glia did not become ready:\n%s", output())
	}

	tg := fromDemoJSON(t, filepath.Join(dir, "demo.json"))
	tg.customersDotKey = key
	return tg
}

// fromDemoJSON is the target a demo.json describes: `glia serve --demo` writes one in its data
// directory with its address, secret files and tokens (internal/world/demo.yaml has the users).
func fromDemoJSON(t *testing.T, path string) *target {
	t.Helper()
	var demo struct {
		BaseURL                string            `json:"base_url"`
		ShellSecretFile        string            `json:"shell_secret_file"`
		KASSecretFile          string            `json:"kas_secret_file"`
		ErrorTrackingTokenFile string            `json:"error_tracking_token_file"`
		AdminToken             string            `json:"admin_token"`
		AgentToken             string            `json:"agent_token"`
		AgentTokens            map[string]string `json:"agent_tokens"`
		SCIMTokens             map[string]string `json:"scim_tokens"`
	}
	require.NoError(t, json.Unmarshal([]byte(readFile(t, path)), &demo))
	requestBase, httpClient := connect(demo.BaseURL)
	return &target{
		baseURL: requestBase, client: httpClient,
		shellSecret: []byte(strings.TrimSpace(readFile(t, demo.ShellSecretFile))),
		kasKey:      decodeKAS(t, readFile(t, demo.KASSecretFile)),
		adminToken:  demo.AdminToken, userToken: demoUserToken, agentToken: demo.AgentToken,
		developersAgentToken: demo.AgentTokens["gnuwget/wget:wget-agent"], unlicensedAgentToken: demo.AgentTokens["rubi/notes:notes-agent"],
		scimToken: demo.SCIMTokens["test_group"], scimGroup: "test_group",
		errorTrackingToken: strings.TrimSpace(readFile(t, demo.ErrorTrackingTokenFile)),
	}
}

// optionalSecret is the trimmed content of a secret file the environment may leave unnamed
// ("" then: the scenarios needing it are skipped).
func optionalSecret(t *testing.T, path string) string {
	t.Helper()
	if path == "" {
		return ""
	}
	return strings.TrimSpace(readFile(t, path))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	require.NotEmpty(t, path, "a secret file's path is missing from the environment")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func decodeKAS(t *testing.T, content string) []byte {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(content))
	require.NoError(t, err)
	return key
}

func jwksOf(pub *rsa.PublicKey) []byte {
	doc, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "conformance",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
	return doc
}

// Credentials, minted the way each caller mints them.

func (tg *target) shellJWT(t *testing.T) string {
	now := time.Now()
	return signHS256(t, tg.shellSecret, jwt.MapClaims{"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()})
}

func (tg *target) kasJWT(t *testing.T) string {
	now := time.Now()
	return signHS256(t, tg.kasKey, jwt.MapClaims{"iss": "gitlab-kas", "aud": []string{"gitlab"}, "iat": now.Unix(),
		"nbf": now.Add(-5 * time.Second).Unix(), "exp": now.Add(30 * time.Second).Unix()})
}

func (tg *target) customersDotJWT(t *testing.T) string {
	t.Helper()
	if tg.customersDotKey == nil {
		return ""
	}
	now := time.Now()
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": customersDotIssuer,
		"sub": "customers-dot-internal-api", "aud": "gitlab-subscriptions", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()})
	token.Header["kid"] = "conformance"
	signed, err := token.SignedString(tg.customersDotKey)
	require.NoError(t, err)
	return signed
}

func signHS256(t *testing.T, key []byte, claims jwt.MapClaims) string {
	t.Helper()
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	require.NoError(t, err)
	return signed
}

// connect is how GitLab Shell and Gitaly reach a configured GitLab URL: http(s) as it is (a
// path prefix kept), and http+unix://<socket path> — the path URL-unescaped once, as they do —
// by dialling the socket and asking for http://unix/…. The client never follows redirects
// (glia never sends one, and GitLab Shell treats one as an error).
func connect(base string) (requestBase string, c *http.Client) {
	c = &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	socket, ok := strings.CutPrefix(base, "http+unix://")
	if !ok {
		return strings.TrimSuffix(base, "/"), c
	}
	if unescaped, err := url.PathUnescape(socket); err == nil {
		socket = unescaped
	}
	c.Transport = &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", socket)
	}}
	return "http://unix", c
}
