package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrClusterFailed means the private PostgreSQL died and could not be brought back: its owner
// cannot serve anything and should exit, so that a process supervisor starts it afresh.
var ErrClusterFailed = errors.New("private PostgreSQL could not be restarted")

// ClusterInUseError means another process started the cluster in the directory and still runs.
type ClusterInUseError struct {
	Dir string
	PID int // 0 when the lock file does not say
}

func (e *ClusterInUseError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("data directory %s is in use by another glia process", e.Dir)
	}
	return fmt.Sprintf("data directory %s is in use by glia process %d", e.Dir, e.PID)
}

// The supervisor gives up when the server has died, or failed to start again, this many times
// within restartWindow; before each restart after the first it waits restartBackoff.
const (
	maxFailures   = 5
	restartWindow = time.Minute
)

func restartBackoff(failures int) time.Duration {
	if failures <= 1 {
		return 0
	}
	return min(250*time.Millisecond<<(failures-2), 4*time.Second)
}

// postmaster is one run of the server process.
type postmaster struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once it has exited
	err  error         // how it exited; set before done closes
}

func (p *postmaster) pid() int { return p.cmd.Process.Pid }

// shutdown asks for a fast shutdown (sessions rolled back, a checkpoint written) and waits for
// it; a server that takes more than 30 seconds is killed with everything it forked.
func (p *postmaster) shutdown(pgdata string) {
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		killLeftovers(pgdata)
		<-p.done
	}
}

// supervise starts the server, reports on started whether it came up, and from then on keeps it
// running until Stop: when it dies (killed, crashed, out of memory) its leftover processes are
// killed and it is started again, which runs crash recovery. After maxFailures deaths or failed
// starts within restartWindow it gives up and calls OnFailure.
func (c *Cluster) supervise(started chan<- error) {
	// The kernel sends Pdeathsig when the thread that forked the server ends, not the process:
	// the server is forked from this goroutine, which keeps its thread to itself while the
	// server runs, so the signal comes when glia is gone and not when Go retires a thread.
	runtime.LockOSThread()
	defer close(c.finished)

	p, err := c.start()
	started <- err
	if err != nil {
		return
	}
	var failures []time.Time
	for {
		select {
		case <-c.stopping:
			p.shutdown(c.pgdata)
			return
		case <-p.done:
		}
		died := time.Now()
		c.log.Error("private PostgreSQL exited unexpectedly; restarting it",
			slog.Int("pid", p.pid()), slog.String("exit", exitOf(p.err)), slog.String("data_dir", c.dir))
		failures = append(failures, died)
		last := fmt.Errorf("postgres exited unexpectedly (%s)", exitOf(p.err))
		for {
			failures = recent(failures, time.Now())
			if len(failures) >= maxFailures {
				err := fmt.Errorf("%w: it failed %d times within %s, the last time: %v; see %s",
					ErrClusterFailed, len(failures), restartWindow, last, filepath.Join(c.dir, "postgres.log"))
				c.log.Error("private PostgreSQL could not be restarted; giving up", slog.String("err", err.Error()))
				if c.opts.OnFailure != nil {
					c.opts.OnFailure(err)
				}
				return
			}
			select {
			case <-c.stopping:
				return
			case <-time.After(restartBackoff(len(failures))):
			}
			// The dead server's processes (backends, background workers) still hold its shared
			// memory, and PostgreSQL will not start beside them.
			killLeftovers(c.pgdata)
			next, err := c.start()
			if err == nil {
				p = next
				c.log.Warn("private PostgreSQL restarted", slog.Int("pid", p.pid()),
					slog.String("down_for", time.Since(died).Round(time.Millisecond).String()), slog.String("data_dir", c.dir))
				break
			}
			select {
			case <-c.stopping:
				return
			default:
			}
			c.log.Error("private PostgreSQL did not start again", slog.String("err", oneLine(err.Error())))
			failures, last = append(failures, time.Now()), err
		}
	}
}

// start launches the server and waits until it is ready; a server that does not become ready
// is stopped.
func (c *Cluster) start() (*postmaster, error) {
	p, err := c.launch()
	if err != nil {
		return nil, err
	}
	if err := c.waitReady(p); err != nil {
		p.shutdown(c.pgdata)
		killLeftovers(c.pgdata)
		return nil, err
	}
	return p, nil
}

func recent(times []time.Time, now time.Time) []time.Time {
	kept := times[:0]
	for _, t := range times {
		if now.Sub(t) < restartWindow {
			kept = append(kept, t)
		}
	}
	return kept
}

func exitOf(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// killLeftovers kills what is left of a dead server and waits up to five seconds for it to be
// gone. Its processes are found by their working directory, the data directory, where every
// PostgreSQL process works: its backends lead process groups of their own and, orphaned, have
// another parent, so neither the server's group nor its children reach them all.
func killLeftovers(pgdata string) {
	if resolved, err := filepath.EvalSymlinks(pgdata); err == nil {
		pgdata = resolved
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		pids := processesIn(pgdata)
		if len(pids) == 0 {
			return
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// processesIn lists the running (not zombie) processes whose working directory is dir.
func processesIn(dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if cwd, err := os.Readlink("/proc/" + e.Name() + "/cwd"); err == nil && cwd == dir && processAlive(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// processAlive reports whether pid runs (and is not a zombie).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if state, ok := procState(pid); ok {
		return state != "Z"
	}
	return true
}

// procState reads a process's state from /proc/PID/stat.
func procState(pid int) (state string, ok bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false
	}
	// "pid (comm) state …": comm may hold anything, so count from its last ')'.
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 {
		return "", false
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 1 {
		return "", false
	}
	return fields[0], true
}

// waitForLeftoverPostmaster waits (up to ten seconds) for a server that still runs on pgdata
// although the glia that started it has gone: told to shut down when its glia died, it is doing
// so, and PostgreSQL will not start beside it.
func waitForLeftoverPostmaster(ctx context.Context, pgdata string) {
	raw, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil {
		return
	}
	for deadline := time.Now().Add(10 * time.Second); processAlive(pid) && time.Now().Before(deadline); {
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// lockClusterDir takes dir's lock (dir/glia.lock, flock(2)), which the process holds for as long
// as it runs the cluster; the kernel releases it when the process ends, however it ends. The
// file holds the pid of its holder, for the message another glia gives when refused.
func lockClusterDir(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, "glia.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &ClusterInUseError{Dir: dir, PID: lockHolder(f)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// lockHolder reads the pid the lock's holder wrote, giving it a moment to write it.
func lockHolder(f *os.File) int {
	for range 20 {
		buf := make([]byte, 32)
		n, _ := f.ReadAt(buf, 0)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n]))); err == nil {
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}
