package httpmw_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/httpmw"
)

// logged collects the access log lines of a test server; safe for the server's goroutines.
type logged struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines chan struct{}
}

func (l *logged) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer func() { l.lines <- struct{}{} }()
	return l.buf.Write(p)
}

// only waits for the one line a single request leaves and decodes it.
func (l *logged) only(t *testing.T) map[string]any {
	t.Helper()
	select {
	case <-l.lines:
	case <-time.After(5 * time.Second):
		t.Fatal("no access log line within 5s")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var line map[string]any
	require.NoError(t, json.Unmarshal(l.buf.Bytes(), &line), l.buf.String())
	return line
}

// serveLogged serves handler behind the access log and returns its address and log.
func serveLogged(t *testing.T, handler http.HandlerFunc) (string, *logged) {
	t.Helper()
	log := &logged{lines: make(chan struct{}, 16)}
	srv := httptest.NewServer(httpmw.AccessLog(slog.New(slog.NewJSONHandler(log, nil)))(handler))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), log
}

// failAsServer answers 500 with a cause, as an error renderer does for an unexpected error.
func failAsServer(w http.ResponseWriter, r *http.Request, cause error) {
	httpmw.NoteError(r.Context(), cause)
	w.WriteHeader(http.StatusInternalServerError)
}

func TestAccessLog_ClientThatHangsUpMidBodyIsA499AtInfoNotAServerError(t *testing.T) {
	t.Parallel()
	addr, log := serveLogged(t, func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			failAsServer(w, r, fmt.Errorf("read body: %w", err))
			return
		}
		w.WriteHeader(http.StatusOK)
	})

	hangUpAfter(t, addr, "POST /api/v4/internal/allowed HTTP/1.1\r\nHost: glia\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"action\":")
	assertClientClosed(t, log.only(t))
}

func TestAccessLog_ClientThatHangsUpWhileWaitingIsA499AtInfo(t *testing.T) {
	t.Parallel()
	addr, log := serveLogged(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // a slow query, cut short by the client leaving
		failAsServer(w, r, r.Context().Err())
	})

	hangUpAfter(t, addr, "GET /api/v4/internal/discover?key_id=1 HTTP/1.1\r\nHost: glia\r\n\r\n")
	assertClientClosed(t, log.only(t))
}

// hangUpAfter sends raw bytes to the server and closes the connection without reading.
func hangUpAfter(t *testing.T, addr, raw string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = io.WriteString(conn, raw)
	require.NoError(t, err)
	require.NoError(t, conn.Close())
}

func assertClientClosed(t *testing.T, line map[string]any) {
	t.Helper()
	assert.EqualValues(t, httpmw.StatusClientClosedRequest, line["status"])
	assert.Equal(t, "INFO", line["level"])
}

func TestAccessLog_ServerFailureWithTheClientStillThereIsA500AtError(t *testing.T) {
	t.Parallel()
	addr, log := serveLogged(t, func(w http.ResponseWriter, r *http.Request) {
		failAsServer(w, r, fmt.Errorf("database exploded"))
	})

	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /api/v4/internal/check HTTP/1.1\r\nHost: glia\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)

	line := log.only(t)
	assert.EqualValues(t, http.StatusInternalServerError, line["status"])
	assert.Equal(t, "ERROR", line["level"])
	assert.Equal(t, "database exploded", line["error"])
}
