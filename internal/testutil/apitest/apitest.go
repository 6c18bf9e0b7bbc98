// Package apitest runs glia's whole HTTP stack for handler tests: a fresh database, the server on
// a loopback port, credentials signed the way GitLab Shell, Gitaly and kas sign them, and every
// response checked against the spec it belongs to — so every handler test is a contract test.
package apitest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/api/billingapi"
	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/api/scimapi"
	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/server"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/contract"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

// The Gitaly the test server hands GitLab Shell for the "default" storage.
const (
	GitalyAddress = "unix:/var/opt/gitlab/gitaly/gitaly.socket"
	GitalyToken   = "test-gitaly-token"
)

// Secrets the test server is configured with. The shell secret carries surrounding whitespace on
// purpose: callers sign with the trimmed value.
const (
	ShellSecretFile = "  test-shell-secret-0123456789abcdef\n"
	// ErrorTrackingToken is the error-tracking service's token (its file's content).
	ErrorTrackingToken = "test-error-tracking-token-0123456789"
	ExternalURL        = "http://gitlab.test"
)

// KASKey is the decoded kas secret; KeyBase is glia's own secret.
var (
	KASKey  = []byte("0123456789abcdef0123456789abcdef")
	KeyBase = []byte("test-key-base-0123456789abcdef0123456789abcdef")
)

// Env is a running glia over its own database.
type Env struct {
	URL      string
	Store    *store.Store
	contract *contract.Checker
}

// Option adjusts the server a test runs.
type Option func(*settings)

// settings are what a test server is configured with beyond its database.
type settings struct {
	internal  internalapi.Options
	groupSAML bool
	kasAPI    bool
}

// WithClock pins the internal API's clock (TOTP windows, token expiry). Credentials in request
// headers are still checked against the real clock.
func WithClock(now func() time.Time) Option {
	return func(s *settings) { s.internal.Now = now }
}

// WithRepositories tells the server where each storage's repositories are on disk.
func WithRepositories(paths map[string]string) Option {
	return func(s *settings) { s.internal.RepositoryPaths = paths }
}

// WithInternalOptions adjusts any other internal API option (rate limit, protocols, 2FA).
func WithInternalOptions(adjust func(*internalapi.Options)) Option {
	return func(s *settings) { adjust(&s.internal) }
}

// WithGroupSAMLOff is an instance with group SAML switched off (glia serve --group-saml=false).
func WithGroupSAMLOff() Option {
	return func(s *settings) { s.groupSAML = false }
}

// WithKASAPIOff is an instance with its kas internal API switched off (glia serve --kas-api=false).
func WithKASAPIOff() Option {
	return func(s *settings) { s.kasAPI = false }
}

// New starts glia over a fresh database holding the world described by worldYAML (may be empty).
func New(t testing.TB, worldYAML string, opts ...Option) *Env {
	t.Helper()
	st := pgtest.Store(t)
	if strings.TrimSpace(worldYAML) != "" {
		w, err := world.Parse([]byte(worldYAML), "test world")
		require.NoError(t, err)
		require.NoError(t, st.ApplyWorld(t.Context(), w))
	}
	checker, err := contract.New()
	require.NoError(t, err)
	return serve(t, st, checker, opts)
}

// Twin starts a second server over e's database, configured by opts instead of e's options: the
// same world seen by an instance configured otherwise.
func (e *Env) Twin(t testing.TB, opts ...Option) *Env {
	t.Helper()
	return serve(t, e.Store, e.contract, opts)
}

// serve starts glia over st on a loopback port for the test's lifetime; checker judges its answers.
func serve(t testing.TB, st *store.Store, checker *contract.Checker, opts []Option) *Env {
	t.Helper()
	ext, err := url.Parse(ExternalURL)
	require.NoError(t, err)
	s := settings{groupSAML: true, kasAPI: true, internal: internalapi.Options{ExternalURL: ext, KeyBase: KeyBase, GitRateLimit: 600,
		Gitaly:                     map[string]internalapi.GitalyEndpoint{"default": {Address: GitalyAddress, Token: GitalyToken}},
		VulnerabilityUUIDNamespace: uuid.MustParse(config.ProductionVulnerabilityUUIDNamespace)}}
	for _, opt := range opts {
		opt(&s)
	}
	authn := auth.NewAuthenticator(auth.NewShellVerifier([]byte(ShellSecretFile), time.Now),
		auth.WithKASAPI(auth.NewKASVerifier(KASKey, time.Now), s.kasAPI),
		auth.NewErrorTrackingVerifier([]byte(ErrorTrackingToken)), customersDotVerifier(t), auth.WithGroupSAML(st, s.groupSAML))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	handler, err := server.New(logger, st, authn.Authenticate, internalapi.New(st, s.internal), billingapi.New(st, billingapi.Options{ExternalURL: ext}), scimapi.New(st, scimapi.Options{ExternalURL: ext}))
	require.NoError(t, err)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &Env{URL: srv.URL, Store: st, contract: checker}
}

// ShellJWT signs a Gitlab-Shell-Api-Request token exactly as gitlab-shell and Gitaly do.
func ShellJWT(t testing.TB) string {
	t.Helper()
	now := time.Now()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
	}).SignedString([]byte(strings.TrimSpace(ShellSecretFile)))
	require.NoError(t, err)
	return token
}

// SharedSecretHeader is the seed's legacy Gitlab-Shared-Secret value.
func SharedSecretHeader() string {
	return base64.StdEncoding.EncodeToString([]byte(ShellSecretFile))
}

// KASJWT signs a Gitlab-Kas-Api-Request token as kas 16+ does (audience as an array).
func KASJWT(t testing.TB) string {
	t.Helper()
	now := time.Now()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "gitlab-kas", "aud": []string{"gitlab"}, "iat": now.Unix(),
		"nbf": now.Add(-5 * time.Second).Unix(), "exp": now.Add(30 * time.Second).Unix(),
	}).SignedString(KASKey)
	require.NoError(t, err)
	return token
}

// CustomersDot's test signing key and the issuer the test server expects.
const (
	CustomersDotIssuer = "https://customers.test"
	CustomersDotKeyID  = "glia-test"
)

// customersDotKey is generated once per test binary: RSA generation is slow.
var customersDotKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

// CustomersDotJWKS is the JWKS document publishing the test signing key, as CustomersDot
// publishes its keys.
func CustomersDotJWKS() []byte {
	pub := customersDotKey().PublicKey
	doc, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": CustomersDotKeyID,
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
	return doc
}

func customersDotVerifier(t testing.TB) *auth.CustomersDotVerifier {
	t.Helper()
	keys, err := auth.ParseCustomersDotKeys(CustomersDotJWKS())
	require.NoError(t, err)
	return auth.NewCustomersDotVerifier(keys, CustomersDotIssuer, time.Now)
}

// CustomersDotClaims are the claims CustomersDot signs its internal API token with.
func CustomersDotClaims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": CustomersDotIssuer, "sub": auth.CustomersDotSubject, "aud": auth.CustomersDotAudience,
		"iat": now.Unix(), "nbf": now.Add(-5 * time.Second).Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}
}

// CustomersDotJWT signs an X-Customers-Dot-Internal-Token as CustomersDot does.
func CustomersDotJWT(t testing.TB) string {
	return SignCustomersDotJWT(t, CustomersDotClaims())
}

// SignCustomersDotJWT signs claims with the test key (RS256, the key's kid), for tests of
// wrong claims.
func SignCustomersDotJWT(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	token.Header["kid"] = CustomersDotKeyID
	signed, err := token.SignedString(customersDotKey())
	require.NoError(t, err)
	return signed
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r Response) JSON(t testing.TB) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(r.Body, &v), "body: %s", r.Body)
	return v
}

// NewRequest builds a request to the test server; body may be nil, a string or []byte.
func (e *Env) NewRequest(t testing.TB, method, path string, body any) *http.Request {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		t.Fatalf("unsupported body type %T", body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.URL+path, reader)
	require.NoError(t, err)
	return req
}

// AsShell sends a request the way GitLab Shell and Gitaly send every request: the JWT header, a
// JSON content type (even on GETs) and GitLab Shell's user agent. body may be nil or a string.
func (e *Env) AsShell(t testing.TB, method, path string, body any) Response {
	t.Helper()
	req := e.NewRequest(t, method, path, body)
	req.Header.Set("Gitlab-Shell-Api-Request", ShellJWT(t))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "GitLab-Shell")
	return e.Do(t, req)
}

// AsAgent sends a request the way kas forwards an agent's: the kas JWT, the agent token as a
// bearer token and Accept: application/json; a body (a string) goes as JSON. GETs carry no
// Content-Type, as kas sends them.
func (e *Env) AsAgent(t testing.TB, agentToken, method, path string, body any) Response {
	t.Helper()
	req := e.NewRequest(t, method, path, body)
	req.Header.Set("Gitlab-Kas-Api-Request", KASJWT(t))
	req.Header.Set("Authorization", "Bearer "+agentToken)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return e.Do(t, req)
}

// Do sends the request and checks the response against the spec of the operation it hit.
// Responses to paths no spec knows must still be JSON error bodies.
func (e *Env) Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	var sent []byte
	if req.Body != nil {
		var err error
		sent, err = io.ReadAll(req.Body)
		require.NoError(t, err)
		req.Body = io.NopCloser(bytes.NewReader(sent))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	e.checkContract(t, req, sent, out)
	return out
}

func (e *Env) checkContract(t testing.TB, req *http.Request, sent []byte, resp Response) {
	t.Helper()
	require.NoError(t, e.contract.Check(req, sent, resp.Status, resp.Header, resp.Body))
}
