package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
)

// Issue 24, item 3: a stalled database gives fast 503s, never hangs.

// stallablePostgres is a private cluster the test can freeze: postmaster and backends stopped
// (SIGSTOP), as a hung or swapped-out server looks to its clients.
type stallablePostgres struct {
	pgdata  string
	mu      sync.Mutex
	stopped []int
}

func startStallablePostgres(t *testing.T) (*stallablePostgres, string) {
	t.Helper()
	dir := privateDataDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cluster, err := store.StartCluster(ctx, dir, store.ClusterOptions{Ephemeral: true})
	require.NoError(t, err)
	t.Cleanup(cluster.Stop)
	return &stallablePostgres{pgdata: filepath.Join(dir, "postgres")}, cluster.URL()
}

// freeze stops the postmaster first (so it forks nothing new), then each of its children.
func (p *stallablePostgres) freeze(t *testing.T) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(p.pgdata, "postmaster.pid"))
	require.NoError(t, err)
	postmaster, err := strconv.Atoi(strings.SplitN(string(raw), "\n", 2)[0])
	require.NoError(t, err)
	p.mu.Lock()
	defer p.mu.Unlock()
	require.NoError(t, syscall.Kill(postmaster, syscall.SIGSTOP))
	p.stopped = append(p.stopped, postmaster)
	children := childrenOf(t, postmaster)
	require.NotEmpty(t, children, "the postmaster has backends and helpers")
	for _, pid := range children {
		if syscall.Kill(pid, syscall.SIGSTOP) == nil {
			p.stopped = append(p.stopped, pid)
		}
	}
}

// thaw continues every process freeze stopped; it is safe to call twice.
func (p *stallablePostgres) thaw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pid := range p.stopped {
		_ = syscall.Kill(pid, syscall.SIGCONT)
	}
	p.stopped = nil
}

// childrenOf lists the processes whose parent is pid, from /proc.
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	require.NoError(t, err)
	var children []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces and parentheses.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			children = append(children, child)
		}
	}
	return children
}

// stallProbe is one request a caller makes, and the error body it gets from an unavailable
// database.
type stallProbe struct {
	name, path  string
	header      http.Header
	contentType string
	unavailable map[string]any
}

func (p stallProbe) do(client *http.Client, base string) (*http.Response, map[string]any, error) {
	req, err := http.NewRequest(http.MethodGet, base+p.path, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header = p.header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, nil, fmt.Errorf("body %q: %w", raw, err)
	}
	return resp, body, nil
}

func TestServe_StalledDatabaseAnswers503WithRetryAfterAndRecovers(t *testing.T) {
	t.Parallel()
	postgres, dbURL := startStallablePostgres(t)
	dataDir := t.TempDir()
	const requestTimeout = 2 * time.Second
	base, _, _ := startServe(t, "--demo", "--listen", "127.0.0.1:0", "--database-url", dbURL, "--data-dir", dataDir,
		"--request-timeout", requestTimeout.String())
	t.Cleanup(postgres.thaw) // before glia and the cluster stop

	raw, err := os.ReadFile(filepath.Join(dataDir, "demo.json"))
	require.NoError(t, err)
	var demo demoCredentials
	require.NoError(t, json.Unmarshal(raw, &demo))
	secret, err := os.ReadFile(demo.ShellSecretFile)
	require.NoError(t, err)
	gitlabUnavailable := map[string]any{"message": "503 Service Unavailable"}
	probes := []stallProbe{
		{"discover", "/api/v4/internal/discover?key_id=7",
			http.Header{"Gitlab-Shared-Secret": {base64.StdEncoding.EncodeToString(secret)}}, "application/json", gitlabUnavailable},
		{"billing subscription", "/api/v4/namespaces/gnuwget/gitlab_subscription",
			http.Header{"Private-Token": {demo.AdminToken}}, "application/json", gitlabUnavailable},
		{"SCIM list", "/api/scim/v2/groups/test_group/Users",
			http.Header{"Authorization": {"Bearer " + demo.SCIMTokens["test_group"]}}, "application/scim+json",
			map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:Error"}, "detail": "503 Service Unavailable", "status": float64(503)}},
		{"readiness", "/-/readiness", http.Header{}, "application/json", map[string]any{"status": "failed"}},
	}
	// Bounded waits: the client gives up long before go test would.
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{}}
	for _, p := range probes {
		resp, _, err := p.do(client, base)
		require.NoError(t, err, p.name)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s before the database stalls", p.name)
	}

	postgres.freeze(t)
	var wg sync.WaitGroup
	for _, p := range probes {
		wg.Go(func() {
			start := time.Now()
			resp, body, err := p.do(client, base)
			elapsed := time.Since(start)
			if !assert.NoError(t, err, "%s with the database stalled (after %s)", p.name, elapsed) {
				return
			}
			assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, p.name)
			assert.Equal(t, p.contentType, resp.Header.Get("Content-Type"), p.name)
			assert.Equal(t, p.unavailable, body, p.name)
			retryAfter, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			if assert.NoError(t, err, "%s: Retry-After in seconds", p.name) {
				assert.Positive(t, retryAfter, p.name)
			}
			assert.Less(t, elapsed, requestTimeout+4*time.Second, "%s answers within its deadline", p.name)
		})
	}
	wg.Wait()

	postgres.thaw()
	for _, p := range probes {
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, _, err := p.do(client, base)
			if err == nil && resp.StatusCode == http.StatusOK {
				break
			}
			require.True(t, time.Now().Before(deadline), "%s answers 200 again once the database is back (last: %v, %v)", p.name, resp, err)
			time.Sleep(200 * time.Millisecond)
		}
	}
}
