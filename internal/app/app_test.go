package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func noEnv(string) string { return "" }

// syncBuffer collects a stream written from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs `glia serve args…` until the test ends and returns the base URL it announces.
func startServe(t *testing.T, args ...string) (baseURL string, logs *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, append([]string{"serve"}, args...), noEnv, stdoutW, logs)
		stdoutW.Close()
	}()
	ready := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdoutR)
		for scanner.Scan() {
			if rest, ok := strings.CutPrefix(scanner.Text(), "glia is ready at "); ok {
				ready <- strings.Fields(rest)[0]
			}
		}
	}()
	var once sync.Once
	var stopErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(60 * time.Second):
				stopErr = context.DeadlineExceeded
			}
		})
		return stopErr
	}
	t.Cleanup(func() { _ = stop() })
	select {
	case baseURL = <-ready:
	case err := <-done:
		t.Fatalf("serve ended before it was ready: %v\nlogs: %s", err, logs)
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not become ready")
	}
	return baseURL, logs, stop
}

// privateDataDir is a data directory an unprivileged PostgreSQL can enter when tests run as root
// (t.TempDir's parents are private to the test user).
func privateDataDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "glia-app-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func call(t *testing.T, method, target string, header http.Header) (int, any) {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var body any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}

// The first "done when": with no database and no environment, `glia serve --demo` (what
// `make run` runs) serves, and the seed's example requests for check, discover and
// authorized_keys return the documented shapes — and 401 without credentials.
func TestServe_WithoutADatabaseRunsAPrivateClusterAndAnswersTheSeedExamples(t *testing.T) {
	dataDir := privateDataDir(t)
	base, logs, stop := startServe(t, "--demo", "--listen", "127.0.0.1:0", "--data-dir", dataDir)

	raw, err := os.ReadFile(filepath.Join(dataDir, "demo.json"))
	require.NoError(t, err)
	var demo demoCredentials
	require.NoError(t, json.Unmarshal(raw, &demo))
	assert.Equal(t, base, demo.BaseURL)
	assert.Equal(t, filepath.Join(dataDir, ".gitlab_shell_secret"), demo.ShellSecretFile)
	assert.Equal(t, "glpat-glia-demo-admin-token-0000", demo.AdminToken)
	assert.True(t, strings.HasPrefix(demo.AgentToken, "glagent-"))
	assert.Equal(t, demo.AgentToken, demo.AgentTokens["gnuwget/wget2:demo-agent"])
	assert.Equal(t, "glagent-glia-demo-notes-agent-token-000", demo.AgentTokens["rubi/notes:notes-agent"])
	assert.Equal(t, "glsoat-glia-demo-scim-token-00000000000", demo.SCIMTokens["test_group"])
	require.Contains(t, demo.SSHKeys, "11")
	assert.Equal(t, filepath.Join(dataDir, ".gitlab_error_tracking_token"), demo.ErrorTrackingTokenFile)
	tokenFile, err := os.Stat(demo.ErrorTrackingTokenFile)
	require.NoError(t, err, "the error-tracking token is generated when missing")
	assert.Equal(t, os.FileMode(0o600), tokenFile.Mode().Perm())

	secret, err := os.ReadFile(demo.ShellSecretFile)
	require.NoError(t, err)
	auth := http.Header{"Gitlab-Shared-Secret": {base64.StdEncoding.EncodeToString(secret)}}
	keyBlob := strings.Fields(demo.SSHKeys["11"])[1]

	status, body := call(t, "GET", base+"/api/v4/internal/check", auth)
	assert.Equal(t, 200, status)
	assert.Equal(t, "v4", body.(map[string]any)["api_version"])
	assert.Equal(t, true, body.(map[string]any)["redis"])

	status, body = call(t, "GET", base+"/api/v4/internal/discover?key_id=7", auth)
	assert.Equal(t, 200, status)
	assert.Equal(t, map[string]any{"id": float64(7), "name": "Dede Eichmann", "username": "rubi"}, body)

	status, body = call(t, "GET", base+"/api/v4/internal/authorized_keys?key="+url.QueryEscape(keyBlob), auth)
	assert.Equal(t, 200, status)
	assert.Equal(t, float64(11), body.(map[string]any)["id"])
	assert.Equal(t, "admin@example.com", body.(map[string]any)["title"])

	for _, path := range []string{"/api/v4/internal/check", "/api/v4/internal/discover?key_id=7", "/api/v4/internal/authorized_keys?key=x"} {
		status, body = call(t, "GET", base+path, nil)
		assert.Equal(t, 401, status, path)
		assert.Equal(t, map[string]any{"message": "401 Unauthorized"}, body, path)
	}
	// A secret in the query string must not reach the log.
	status, _ = call(t, "GET", base+"/api/v4/internal/check?secret_token="+url.QueryEscape(strings.TrimSpace(string(secret))), nil)
	assert.Equal(t, 200, status)

	require.NoError(t, stop(), "serve stops cleanly when its context ends")
	assert.NotContains(t, logs.String(), strings.TrimSpace(string(secret)), "the shell secret leaked into the log")
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.SplitN(logs.String(), "\n", 2)[0]), &line), "log lines are JSON: %s", logs)
	for _, field := range []string{"request_id", "method", "path", "status", "duration_ms", "caller"} {
		assert.Contains(t, line, field)
	}
}

func TestServe_DrainsInFlightRequestsBeforeStopping(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("done"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, handler, slog.New(slog.NewTextHandler(io.Discard, nil))) }()

	result := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			result <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		result <- string(b)
	}()
	<-started
	cancel() // shutdown begins while the request is in flight
	time.Sleep(100 * time.Millisecond)
	close(release)
	assert.Equal(t, "done", <-result)
	assert.NoError(t, <-served)
}

func TestRun_ReportsUnknownCommandsAndPrintsHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	err := Run(context.Background(), []string{"frobnicate"}, noEnv, &out, &errOut)
	assert.EqualError(t, err, `unknown command "frobnicate"`)

	for _, args := range [][]string{{"help"}, {"serve", "--help"}, {"load", "--help"}, {"migrate", "--help"}, {"version"}} {
		out.Reset()
		errOut.Reset()
		assert.NoError(t, Run(context.Background(), args, noEnv, &out, &errOut), args)
		assert.NotEmpty(t, out.String()+errOut.String(), args)
	}
	assert.Contains(t, errOut.String()+out.String(), "glia")
}

func TestServe_RejectsAMalformedKASSecretInOneLine(t *testing.T) {
	dir := t.TempDir()
	kas := filepath.Join(dir, "kas")
	require.NoError(t, os.WriteFile(kas, []byte("too-short"), 0o600))
	err := Run(context.Background(), []string{"serve", "--kas-secret-file", kas, "--database-url", "postgres://127.0.0.1:1/none?connect_timeout=1"}, noEnv, io.Discard, io.Discard)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "\n")
}

func TestServe_RejectsAMalformedCustomersDotJWKSBeforeTouchingTheDatabase(t *testing.T) {
	dir := t.TempDir()
	jwks := filepath.Join(dir, "jwks.json")
	require.NoError(t, os.WriteFile(jwks, []byte(`{"keys":[]}`), 0o600))
	err := Run(context.Background(), []string{"serve", "--data-dir", dir, "--customers-dot-jwks", jwks,
		"--database-url", "postgres://127.0.0.1:1/none?connect_timeout=1"}, noEnv, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "CustomersDot JWKS")
}

// GitLab Shell and Gitaly can reach the internal API over a Unix socket (http+unix:// URLs).
func TestServe_ListensOnAUnixSocket(t *testing.T) {
	dir := t.TempDir()
	socket := filepath.Join(dir, "glia.sock")
	base, _, stop := startServe(t, "--listen", "unix:"+socket, "--database-url", pgtest.URL(t), "--data-dir", dir)
	assert.Equal(t, "http+unix://"+socket, base)

	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
	resp, err := client.Get("http://unix/-/readiness")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, stop())
}

// --group-saml=false reaches the SCIM API: with the demo group's valid token, every call is
// refused with GitLab's message.
func TestServe_GroupSAMLSwitchedOffRefusesSCIM(t *testing.T) {
	dir := t.TempDir()
	base, _, stop := startServe(t, "--demo", "--group-saml=false", "--listen", "127.0.0.1:0", "--database-url", pgtest.URL(t), "--data-dir", dir)
	req, err := http.NewRequest(http.MethodGet, base+"/api/scim/v2/groups/test_group/Users", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer glsoat-glia-demo-scim-token-00000000000")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.JSONEq(t, `{"message":"403 Forbidden - Group SAML not enabled."}`, string(body))
	require.NoError(t, stop())
}
