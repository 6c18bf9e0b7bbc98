package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildGlia builds the glia binary of the checkout into dir, retrying while the tree does not
// build (other people may be in the middle of an edit): every retryEvery, for up to retryFor.
func buildGlia(ctx context.Context, repo, dir string, retryEvery, retryFor time.Duration) (string, error) {
	bin := filepath.Join(dir, "glia")
	deadline := time.Now().Add(retryFor)
	for {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/glia")
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err == nil {
			return bin, nil
		}
		if ctx.Err() != nil || time.Now().Add(retryEvery).After(deadline) {
			return "", fmt.Errorf("build glia: %w\n%s", err, out)
		}
		step("glia does not build right now; retrying in %s:\n%s", retryEvery, indent(string(out)))
		if err := sleep(ctx, retryEvery); err != nil {
			return "", err
		}
	}
}

// glia is one run of `glia serve --demo` on the harness's data directory.
type glia struct {
	cmd        *exec.Cmd
	done       chan struct{} // closed once it has exited
	err        error         // how it exited; set before done closes
	readyAfter time.Duration
}

// startGlia starts glia and waits for its "glia is ready" line. Its stdout and stderr go to log.
//
// glia runs in a process group of its own, so that a terminal's Ctrl-C reaches the harness only
// (which then stops glia in order), and it gets SIGTERM when the harness dies: the kernel sends
// that when the thread that forked it ends, so it is forked from a goroutine that keeps its
// thread until glia has exited.
func startGlia(ctx context.Context, bin, dataDir, addr string, log *os.File) (*glia, error) {
	g := &glia{done: make(chan struct{})}
	started := make(chan error, 1)
	ready := make(chan struct{})
	begin := time.Now()
	go func() {
		runtime.LockOSThread()
		defer close(g.done)
		// --git-rate-limit 0: the load pushes as one actor to one project, far beyond GitLab's
		// per-actor limit; the harness measures what faults do, not the rate limiter.
		cmd := exec.Command(bin, "serve", "--demo", "--data-dir", dataDir, "--listen", addr, "--git-rate-limit", "0")
		cmd.Stderr = log
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			started <- err
			return
		}
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		g.cmd = cmd
		started <- nil
		scanner := bufio.NewScanner(stdout)
		signalled := false
		for scanner.Scan() {
			line := scanner.Text()
			fmt.Fprintln(log, line)
			if !signalled && strings.HasPrefix(line, "glia is ready") {
				signalled = true
				close(ready)
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		g.err = cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start glia: %w", err)
	}
	select {
	case <-ready:
		g.readyAfter = time.Since(begin)
		return g, nil
	case <-g.done:
		return nil, fmt.Errorf("glia exited before it was ready (%v); see its log", g.err)
	case <-time.After(2 * time.Minute):
		g.stop()
		return nil, errors.New("glia was not ready within 2 minutes")
	case <-ctx.Done():
		g.stop()
		return nil, ctx.Err()
	}
}

func (g *glia) pid() int { return g.cmd.Process.Pid }

// exited reports whether glia has exited.
func (g *glia) exited() bool {
	select {
	case <-g.done:
		return true
	default:
		return false
	}
}

// kill kills glia at once (SIGKILL) and waits for it to be gone.
func (g *glia) kill() {
	_ = g.cmd.Process.Signal(syscall.SIGKILL)
	<-g.done
}

// stop asks glia to shut down (SIGTERM) and waits for it; it drains requests and jobs for up to
// 30 s each, and is killed when it takes more than 90 s.
func (g *glia) stop() {
	if g.exited() {
		return
	}
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-g.done:
	case <-time.After(90 * time.Second):
		_ = syscall.Kill(-g.pid(), syscall.SIGKILL)
		<-g.done
	}
}

// freeAddress picks a loopback port nobody listens on.
func freeAddress() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// demoCredentials is what the harness reads from <data-dir>/demo.json.
type demoCredentials struct {
	BaseURL         string `json:"base_url"`
	ShellSecretFile string `json:"shell_secret_file"`
}

func readDemoCredentials(dataDir string) (demoCredentials, error) {
	var c demoCredentials
	raw, err := os.ReadFile(filepath.Join(dataDir, "demo.json"))
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, fmt.Errorf("demo.json: %w", err)
	}
	return c, nil
}

// clusterURL is the connection string of the glia database of the private cluster under
// dataDir (as glia's store.ClusterURL writes it: Unix socket in <data-dir>/postgres, user
// postgres, trust authentication).
func clusterURL(dataDir string) string {
	q := url.Values{"host": {filepath.Join(dataDir, "postgres")}, "user": {"postgres"}, "sslmode": {"disable"},
		"connect_timeout": {"5"}}
	return "postgres:///glia?" + q.Encode()
}

// postmasterPID reads the pid of the private cluster's server from its lock file.
func postmasterPID(dataDir string) (int, error) {
	raw, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("postmaster.pid: no pid on its first line")
	}
	if !alive(pid) {
		return 0, fmt.Errorf("postmaster %d from postmaster.pid does not run", pid)
	}
	return pid, nil
}

// stopPostgres stops (SIGSTOP) the postmaster and every process it forked (backends,
// background workers), and returns them all. Signalling the postmaster's process group is not
// enough: PostgreSQL puts each child in a process group of its own (setsid), so the children
// are found by their parent. known are its children listed beforehand, so that they are
// stopped within microseconds of the postmaster; the list is made again after, for any
// forked meanwhile.
func stopPostgres(postmaster int, known []int) ([]int, error) {
	if err := syscall.Kill(postmaster, syscall.SIGSTOP); err != nil {
		return nil, err
	}
	stopped := map[int]bool{postmaster: true}
	pids := []int{postmaster}
	for _, list := range [][]int{known, childrenOf(postmaster)} {
		for _, pid := range list {
			if !stopped[pid] {
				stopped[pid] = true
				pids = append(pids, pid)
				_ = syscall.Kill(pid, syscall.SIGSTOP) // one that has just exited is no matter
			}
		}
	}
	return pids, nil
}

// continuePostgres continues (SIGCONT) what stopPostgres stopped.
func continuePostgres(pids []int) error {
	var first error
	for _, pid := range pids {
		if err := syscall.Kill(pid, syscall.SIGCONT); err != nil && first == nil && !errors.Is(err, syscall.ESRCH) {
			first = err
		}
	}
	return first
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(parent int) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, _, ppid, ok := procStat(pid); ok && ppid == parent {
			pids = append(pids, pid)
		}
	}
	return pids
}

// ownGroups counts the pids that lead a process group of their own.
func ownGroups(pids []int) int {
	n := 0
	for _, pid := range pids {
		if _, pgid, _, ok := procStat(pid); ok && pgid == pid {
			n++
		}
	}
	return n
}

// procStat reads a process's state, process group and parent from /proc/PID/stat.
func procStat(pid int) (state string, pgid, ppid int, ok bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", 0, 0, false
	}
	// "pid (comm) state ppid pgrp …": comm may hold anything, so count from its last ')'.
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 {
		return "", 0, 0, false
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 3 {
		return "", 0, 0, false
	}
	ppid, err1 := strconv.Atoi(fields[1])
	pgid, err2 := strconv.Atoi(fields[2])
	return fields[0], pgid, ppid, err1 == nil && err2 == nil
}

// alive reports whether pid runs and is not a zombie.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	state, _, _, ok := procStat(pid)
	return !ok || state != "Z"
}

// waitGone waits up to limit for pid to exit.
func waitGone(pid int, limit time.Duration) bool {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return !alive(pid)
}

// logTail returns the last n lines of the file at path that satisfy keep, among its last
// window bytes (0: the whole file).
func logTail(path string, n int, window int64, keep func(string) bool) []string {
	f, err := os.Open(path)
	if err != nil {
		return []string{"(cannot read " + path + ": " + err.Error() + ")"}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && window > 0 && info.Size() > window {
		if _, err := f.Seek(info.Size()-window, io.SeekStart); err != nil {
			return []string{"(cannot read " + path + ": " + err.Error() + ")"}
		}
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return []string{"(cannot read " + path + ": " + err.Error() + ")"}
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if keep == nil || keep(line) {
			out = append(out, line)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// notAccessLog keeps what glia logs besides its one line per answered request: its own and its
// job queue's warnings and errors, and plain-text lines.
func notAccessLog(line string) bool {
	if !strings.HasPrefix(line, "{") {
		return true
	}
	return !strings.Contains(line, `"msg":"request"`) &&
		(strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`))
}
