package app

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
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

// Issue 24, item 2: credentials are checked before the body is read, and no client can pin
// connections. These tests talk to `glia serve` over loopback with raw connections, to send
// bodies as slowly, or as large, as they like.

// serveForSlowClients runs glia on its own database and returns its address (host:port) and the
// Gitlab-Shared-Secret header value of its shell secret.
func serveForSlowClients(t *testing.T, args ...string) (addr, sharedSecret string, stop func() error) {
	t.Helper()
	dir := t.TempDir()
	base, _, stop := startServe(t, append([]string{"--listen", "127.0.0.1:0", "--database-url", pgtest.URL(t), "--data-dir", dir}, args...)...)
	secret, err := os.ReadFile(filepath.Join(dir, ".gitlab_shell_secret"))
	require.NoError(t, err)
	return strings.TrimPrefix(base, "http://"), base64.StdEncoding.EncodeToString(secret), stop
}

// answer is how the server dealt with a raw request: its status, or closed without one (0), or
// held past the client's patience (held).
type answer struct {
	status int
	held   bool
	after  time.Duration
	err    error
}

// dribble sends the head of an anonymous POST whose body would have length bytes, then the body
// one byte a second, and waits up to patience for the server's answer.
func dribble(addr, path, contentType string, length int, patience time.Duration) answer {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return answer{err: err}
	}
	defer conn.Close()
	start := time.Now()
	if _, err := fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: glia\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", path, contentType, length); err != nil {
		return answer{err: err}
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("a")); err != nil {
					return
				}
			}
		}
	}()
	return readAnswer(conn, start, patience)
}

func readAnswer(conn net.Conn, start time.Time, patience time.Duration) answer {
	_ = conn.SetReadDeadline(start.Add(patience))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	after := time.Since(start)
	var netErr net.Error
	switch {
	case err == nil:
		resp.Body.Close()
		return answer{status: resp.StatusCode, after: after}
	case errors.As(err, &netErr) && netErr.Timeout():
		return answer{held: true, after: after}
	default: // closed or reset without an answer
		return answer{after: after}
	}
}

func TestServe_AnonymousClientsDribblingBodiesAreRefusedWhileAuthenticatedOnesAreServed(t *testing.T) {
	t.Parallel()
	addr, secret, _ := serveForSlowClients(t)

	const formClients, jsonClients = 40, 10
	answers := make([]answer, formClients+jsonClients)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			if i < formClients {
				// A form body may carry the seed's secret_token: read for 5 s at most.
				answers[i] = dribble(addr, "/api/v4/internal/allowed", "application/x-www-form-urlencoded", 4096, 20*time.Second)
			} else {
				// A JSON body cannot: refused on the headers alone.
				answers[i] = dribble(addr, "/api/v4/internal/allowed", "application/json", 4096, 20*time.Second)
			}
		})
	}
	allDribbled := make(chan struct{})
	go func() { wg.Wait(); close(allDribbled) }()

	// Meanwhile GitLab Shell, with its credential, keeps getting answers.
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{}}
	served := 0
	for polling := true; polling; {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v4/internal/check", nil)
		require.NoError(t, err)
		req.Header.Set("Gitlab-Shared-Secret", secret)
		resp, err := client.Do(req)
		require.NoError(t, err, "an authenticated client is served while anonymous ones dribble")
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		served++
		select {
		case <-allDribbled:
			polling = false
		case <-time.After(250 * time.Millisecond):
		}
	}
	assert.Greater(t, served, 3)

	for i, a := range answers {
		require.NoError(t, a.err, "client %d", i)
		assert.False(t, a.held, "client %d was still held after %s", i, a.after)
		if a.status != 0 {
			assert.Equal(t, http.StatusUnauthorized, a.status, "client %d", i)
		}
		if i < formClients {
			assert.Less(t, a.after, 12*time.Second, "form client %d", i)
		} else {
			assert.Less(t, a.after, 3*time.Second, "JSON client %d is refused on its headers", i)
		}
	}
}

func TestServe_AnonymousLargeBodyIsRefusedWithoutBeingReadWhole(t *testing.T) {
	t.Parallel()
	addr, _, _ := serveForSlowClients(t)

	for name, head := range map[string]string{
		"declared length": "Content-Length: 15000000\r\n",
		"chunked":         "Transfer-Encoding: chunked\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			require.NoError(t, err)
			defer conn.Close()
			start := time.Now()
			_, err = fmt.Fprintf(conn, "POST /api/v4/internal/allowed HTTP/1.1\r\nHost: glia\r\nContent-Type: application/x-www-form-urlencoded\r\n%s\r\n", head)
			require.NoError(t, err)
			// One MiB of the body is sent, and no more: the answer must not wait for the rest.
			go func() {
				chunk := strings.Repeat("a", 1<<20)
				if strings.Contains(head, "chunked") {
					chunk = fmt.Sprintf("%x\r\n%s\r\n", len(chunk), chunk)
				}
				_, _ = io.WriteString(conn, chunk)
			}()
			a := readAnswer(conn, start, 10*time.Second)
			require.False(t, a.held, "the server waited for the rest of the body")
			assert.Equal(t, http.StatusUnauthorized, a.status)
			assert.Less(t, a.after, 3*time.Second)
		})
	}
}

// The seed's form bodies carry secret_token among the parameters, and keep working; a body
// over 64 KiB must carry its credential before the body.
func TestServe_FormBodyCarriesTheLegacySecretTokenOnlyWhenSmall(t *testing.T) {
	t.Parallel()
	addr, secret, _ := serveForSlowClients(t)
	raw, err := base64.StdEncoding.DecodeString(secret)
	require.NoError(t, err)
	token := url.QueryEscape(strings.TrimSpace(string(raw)))
	post := func(query, body string) int {
		t.Helper()
		resp, err := http.Post("http://"+addr+"/api/v4/internal/pre_receive"+query, "application/x-www-form-urlencoded", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	padding := "&padding=" + strings.Repeat("x", 70<<10)

	assert.Equal(t, http.StatusOK, post("", "gl_repository=project-1&secret_token="+token))
	assert.Equal(t, http.StatusUnauthorized, post("", "gl_repository=project-1&secret_token=wrong"))
	assert.Equal(t, http.StatusUnauthorized, post("", "gl_repository=project-1"+padding+"&secret_token="+token))
	assert.NotEqual(t, http.StatusUnauthorized, post("?secret_token="+token, "gl_repository=project-1"+padding))
}

// On SIGTERM (here: the context ending), clients sending a body without a credential do not
// hold glia for its whole grace period: their bodies are given 5 s.
func TestServe_StopsPromptlyWhileAnonymousClientsDribbleBodies(t *testing.T) {
	t.Parallel()
	addr, _, stop := serveForSlowClients(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			dribble(addr, "/api/v4/internal/allowed", "application/x-www-form-urlencoded", 4096, 40*time.Second)
		})
	}
	// Idle keep-alive connections too.
	for range 5 {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Get("http://" + addr + "/-/liveness")
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	time.Sleep(time.Second)

	start := time.Now()
	require.NoError(t, stop(), "glia stops cleanly")
	assert.Less(t, time.Since(start), 15*time.Second, "well within the 30 s grace period")
	wg.Wait()
}

// --max-connections caps the connections glia serves at once; the others wait to be accepted.
func TestServe_CapsConcurrentConnections(t *testing.T) {
	t.Parallel()
	addr, _, _ := serveForSlowClients(t, "--max-connections", "2")

	var held []net.Conn
	for range 2 {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "GET /-/liveness HTTP/1.1\r\nHost: glia\r\n") // headers never finished
		require.NoError(t, err)
		held = append(held, conn)
	}
	time.Sleep(200 * time.Millisecond)
	liveness := func(timeout time.Duration) error {
		client := &http.Client{Timeout: timeout, Transport: &http.Transport{}}
		resp, err := client.Get("http://" + addr + "/-/liveness")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	require.Error(t, liveness(time.Second), "a third connection waits while two are open")

	held[0].Close()
	require.NoError(t, liveness(5*time.Second), "and is served once one closes")
}
