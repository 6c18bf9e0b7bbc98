package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runGliaEnv makes the test binary act as the glia command (cmd/glia's main), so tests can run
// glia as a process of its own: signals, exit codes and process ids are then real.
const runGliaEnv = "GLIA_APP_TEST_RUN_GLIA"

func TestMain(m *testing.M) {
	if os.Getenv(runGliaEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := Run(ctx, os.Args[1:], noEnv, os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "glia:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// gliaProcess is `glia ARGS…` run as a process of its own, in a process group of its own as a
// shell runs a foreground job (Ctrl-C signals the whole group).
type gliaProcess struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	ready  chan string   // the base URL, once announced
	exited chan struct{} // closed when the process has ended
	err    error         // Wait's result, set before exited closes
}

func startGliaProcess(t *testing.T, args ...string) *gliaProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runGliaEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &gliaProcess{cmd: cmd, stderr: &syncBuffer{}, ready: make(chan string, 1), exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			if rest, ok := strings.CutPrefix(scanner.Text(), "glia is ready at "); ok {
				p.ready <- strings.Fields(rest)[0]
			}
		}
	}()
	go func() {
		<-scanned // Wait closes the pipe: read it to the end first
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(30 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-p.exited
		}
	})
	return p
}

func (p *gliaProcess) pid() int { return p.cmd.Process.Pid }

// waitReady returns the base URL once glia announces it.
func (p *gliaProcess) waitReady(t *testing.T) string {
	t.Helper()
	select {
	case base := <-p.ready:
		return base
	case <-p.exited:
		t.Fatalf("glia ended before it was ready: %v\n%s", p.err, p.stderr)
	case <-time.After(90 * time.Second):
		t.Fatalf("glia did not become ready within 90s\n%s", p.stderr)
	}
	return ""
}

// waitExit waits up to limit for the process to end and returns its exit code.
func (p *gliaProcess) waitExit(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(limit):
		t.Fatalf("glia still runs after %s\n%s", limit, p.stderr)
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, p.err)
	return 0
}

// postmasterPID is the pid in the private cluster's postmaster.pid, 0 when there is none.
func postmasterPID(t *testing.T, dataDir string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.SplitN(string(raw), "\n", 2)[0])
	require.NoError(t, err)
	return pid
}

// processExists reports whether pid is a live process (a zombie waiting to be reaped is not).
func processExists(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state …: comm may hold spaces and parentheses, the state follows the last ')'.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

// readiness is /-/readiness's status, 0 when glia does not answer.
func readiness(base string) int {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(base + "/-/readiness")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServe_RestartsItsPrivatePostgresWhenItIsKilled(t *testing.T) {
	t.Parallel()
	dataDir := privateDataDir(t)
	base, logs, stop := startServe(t, "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	require.Equal(t, http.StatusOK, readiness(base))

	first := postmasterPID(t, dataDir)
	require.NotZero(t, first)
	killed := time.Now()
	require.NoError(t, syscall.Kill(first, syscall.SIGKILL))

	var restarted int
	ready := func() bool {
		restarted = postmasterPID(t, dataDir)
		return restarted != 0 && restarted != first && readiness(base) == http.StatusOK
	}
	if !assert.Eventually(t, ready, 20*time.Second, 50*time.Millisecond, "glia is not ready again within 20s of its PostgreSQL being killed") {
		t.FailNow()
	}
	t.Logf("ready again %s after the kill (postmaster %d → %d)", time.Since(killed).Round(time.Millisecond), first, restarted)
	assert.Eventually(t, func() bool {
		return strings.Contains(logs.String(), `"msg":"private PostgreSQL exited unexpectedly; restarting it"`) &&
			strings.Contains(logs.String(), `"msg":"private PostgreSQL restarted"`)
	}, 5*time.Second, 20*time.Millisecond, "the log says what happened")

	require.NoError(t, stop())
	assert.False(t, processExists(restarted), "the restarted postmaster is stopped with glia")
}

func TestServe_ExitsWithAnErrorWhenItsPostgresCannotBeRestarted(t *testing.T) {
	t.Parallel()
	dataDir := privateDataDir(t)
	p := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	p.waitReady(t)

	// Without PG_VERSION the data directory is no longer a cluster PostgreSQL will start on.
	pgdata := filepath.Join(dataDir, "postgres")
	require.NoError(t, os.Rename(filepath.Join(pgdata, "PG_VERSION"), filepath.Join(pgdata, "PG_VERSION.moved")))
	require.NoError(t, syscall.Kill(postmasterPID(t, dataDir), syscall.SIGKILL))

	code := p.waitExit(t, 60*time.Second)
	assert.Equal(t, 1, code, "a process supervisor restarts glia on a non-zero exit")
	assert.Contains(t, p.stderr.String(), "glia: ")
	assert.Contains(t, p.stderr.String(), "glia: private PostgreSQL could not be restarted")
}

func TestServe_RefusesASecondServeOnTheSameDataDirectoryNamingTheFirst(t *testing.T) {
	t.Parallel()
	dataDir := privateDataDir(t)
	first := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	base := first.waitReady(t)

	second := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	select {
	case <-second.ready:
		t.Fatalf("a second glia serve started on %s", dataDir)
	case <-second.exited:
	case <-time.After(60 * time.Second):
		t.Fatal("the second glia serve neither started nor ended within 60s")
	}
	code := second.waitExit(t, time.Second)
	assert.Equal(t, 1, code)
	message := strings.TrimSpace(second.stderr.String())
	assert.NotContains(t, message, "\n", "one line")
	assert.Contains(t, message, "in use by glia process "+strconv.Itoa(first.pid()))
	assert.Contains(t, message, dataDir)

	assert.Equal(t, http.StatusOK, readiness(base), "the first one still serves")
}

// Ctrl-C in a terminal signals the whole foreground process group. glia alone must act on it:
// it stops serving, stops its job queue, then its PostgreSQL, quickly and cleanly.
func TestServe_InterruptStopsGliaThenItsPostgresWellUnderASecond(t *testing.T) {
	t.Parallel()
	dataDir := privateDataDir(t)
	// The data directory has been used before, as `make run`'s usually has.
	previous := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	previous.waitReady(t)
	require.NoError(t, previous.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, 0, previous.waitExit(t, 30*time.Second), "%s", previous.stderr)

	p := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	base := p.waitReady(t)
	require.Equal(t, http.StatusOK, readiness(base))
	postmaster := postmasterPID(t, dataDir)
	require.NotZero(t, postmaster)

	interrupted := time.Now()
	require.NoError(t, syscall.Kill(-p.pid(), syscall.SIGINT))
	code := p.waitExit(t, 30*time.Second)
	took := time.Since(interrupted)
	t.Logf("glia and its PostgreSQL stopped %s after Ctrl-C", took.Round(time.Millisecond))

	assert.Equal(t, 0, code, "a clean stop\n%s", p.stderr)
	assert.Less(t, took, time.Second)
	assert.False(t, processExists(postmaster), "PostgreSQL is gone once glia has exited")
	assert.Zero(t, postmasterPID(t, dataDir), "PostgreSQL shut down cleanly (it removes postmaster.pid)")
	assert.NotContains(t, p.stderr.String(), "resign", "the job queue stopped before the database")
}

// Guard: glia killed outright (kill -9, OOM killer) leaves no PostgreSQL behind, although its
// PostgreSQL runs in a process group of its own.
func TestServe_KilledGliaLeavesNoPostgresBehind(t *testing.T) {
	t.Parallel()
	dataDir := privateDataDir(t)
	p := startGliaProcess(t, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir)
	p.waitReady(t)
	postmaster := postmasterPID(t, dataDir)
	require.NotZero(t, postmaster)

	require.NoError(t, p.cmd.Process.Kill())
	p.waitExit(t, 10*time.Second)
	assert.Eventually(t, func() bool { return !processExists(postmaster) }, 10*time.Second, 20*time.Millisecond,
		"PostgreSQL outlived glia")
}
