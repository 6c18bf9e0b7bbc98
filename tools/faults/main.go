// Command faults checks that glia loses no acknowledged push when things fail under it
// (issue 24). It builds glia from the checkout, starts `glia serve --demo` with its private
// PostgreSQL on loopback, and drives pushes as Gitaly's hooks send them (POST /allowed for a new
// branch, then POST /post_receive when allowed) through five phases: a baseline, the database
// stalled (SIGSTOP for 10 s), the database killed (kill -9 of the postmaster), glia itself killed
// (kill -9, then started again on the same data directory) and slow anonymous clients. Each
// phase is a few seconds of steady load, the fault, then load until glia answers 200 again and
// a few seconds more. Every push whose post_receive answered 200 must then show up as exactly
// one push event. It prints a table per phase (RELIABILITY.md records one) and exits non-zero
// when an acknowledged push is missing or recorded twice, or glia did not recover.
//
// Run it with `make faults`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx)
	stop()
	os.Exit(code)
}

type settings struct {
	repo       string
	workers    int
	rate       int
	timeout    time.Duration
	steady     time.Duration
	stall      time.Duration
	phaseMax   time.Duration
	drainMax   time.Duration
	slow       int
	slowFor    time.Duration
	keep       bool
	buildRetry time.Duration
}

func run(ctx context.Context) int {
	var s settings
	flag.StringVar(&s.repo, "repo", "..", "the glia checkout")
	flag.IntVar(&s.workers, "workers", 8, "concurrent pushers")
	flag.IntVar(&s.rate, "rate", 50, "pushes a second, all workers together (0: as fast as they go)")
	flag.DurationVar(&s.timeout, "timeout", 10*time.Second, "client timeout of each request")
	flag.DurationVar(&s.steady, "steady", 5*time.Second, "steady load before each fault and after recovery")
	flag.DurationVar(&s.stall, "stall", 10*time.Second, "how long the database is stopped (SIGSTOP)")
	flag.DurationVar(&s.phaseMax, "phase-max", 60*time.Second, "longest a phase waits for glia to answer 200 again after its fault")
	flag.DurationVar(&s.drainMax, "drain-max", 4*time.Minute, "longest to wait, after each phase, for every acknowledged push to be recorded (River rescues a job whose glia died after 2 minutes)")
	flag.IntVar(&s.slow, "slow-clients", 50, "slow anonymous connections in the last phase")
	flag.DurationVar(&s.slowFor, "slow-for", 20*time.Second, "how long the slow clients keep at it")
	flag.BoolVar(&s.keep, "keep", false, "keep the temporary directory (glia's data directory and log)")
	flag.DurationVar(&s.buildRetry, "build-retry", 10*time.Minute, "how long to keep retrying while the tree does not build")
	flag.Parse()

	h, err := newHarness(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		return 1
	}
	defer h.cleanup()
	failed, err := h.run(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		h.printLog()
		return 1
	}
	if failed {
		h.printLog()
		return 1
	}
	return 0
}

// harness is one run: its temporary directory, the glia it runs and what it measured.
type harness struct {
	s       settings
	tmp     string
	dataDir string
	logPath string
	log     *os.File
	bin     string
	addr    string
	dbURL   string
	glia    *glia
	phases  []*phase
	// problems are what went wrong besides lost pushes (see problem).
	problems []string
	// stopped are the PostgreSQL processes the harness has stopped (SIGSTOP) and not yet
	// continued.
	stopped []int
}

func newHarness(s settings) (*harness, error) {
	repo, err := filepath.Abs(s.repo)
	if err != nil {
		return nil, err
	}
	s.repo = repo
	tmp, err := os.MkdirTemp("", "glia-faults-")
	if err != nil {
		return nil, err
	}
	// As root, glia runs PostgreSQL as an unprivileged user, who must be able to enter it.
	if err := os.Chmod(tmp, 0o711); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	h := &harness{s: s, tmp: tmp, dataDir: filepath.Join(tmp, "data"), logPath: filepath.Join(tmp, "glia.log")}
	h.log, err = os.OpenFile(h.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	h.dbURL = clusterURL(h.dataDir)
	return h, nil
}

// cleanup continues a stopped database, stops glia (and with it its PostgreSQL) and removes the
// temporary directory unless -keep.
func (h *harness) cleanup() {
	if h.stopped != nil {
		_ = continuePostgres(h.stopped)
		h.stopped = nil
	}
	if h.glia != nil && !h.glia.exited() {
		step("stopping glia")
		h.glia.stop()
	}
	// A glia that was killed leaves its PostgreSQL shutting down: wait for it before removing
	// its files.
	if pid, err := postmasterPID(h.dataDir); err == nil {
		_ = syscall.Kill(pid, syscall.SIGINT)
		if !waitGone(pid, 30*time.Second) {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			waitGone(pid, 5*time.Second)
		}
	}
	h.log.Close()
	if h.s.keep {
		step("kept %s (glia's log: %s)", h.tmp, h.logPath)
		return
	}
	os.RemoveAll(h.tmp)
}

// printLog prints the end of glia's log: its last warnings and errors, then its last lines.
func (h *harness) printLog() {
	keep := ""
	if !h.s.keep {
		keep = "; it is removed at the end: run with -keep (make faults FAULTS_FLAGS=-keep) to keep it"
	}
	fmt.Fprintf(os.Stderr, "\nglia's last warnings and errors (%s%s):\n", h.logPath, keep)
	for _, line := range logTail(h.logPath, 30, 0, notAccessLog) {
		fmt.Fprintln(os.Stderr, "  "+line)
	}
	fmt.Fprintln(os.Stderr, "glia's last lines:")
	for _, line := range logTail(h.logPath, 15, 1<<20, nil) {
		fmt.Fprintln(os.Stderr, "  "+line)
	}
}

// run runs the phases and the final check; failed says whether a push was lost or recorded
// twice, or something else went wrong (h.problems: glia did not start again, did not recover,
// exited); err is a failure of the harness itself.
func (h *harness) run(ctx context.Context) (failed bool, err error) {
	step("building glia")
	h.bin, err = buildGlia(ctx, h.s.repo, h.tmp, time.Minute, h.s.buildRetry)
	if err != nil {
		return false, err
	}
	h.addr, err = freeAddress()
	if err != nil {
		return false, err
	}
	step("starting glia serve --demo on %s (data directory %s)", h.addr, h.dataDir)
	h.glia, err = startGlia(ctx, h.bin, h.dataDir, h.addr, h.log)
	if err != nil {
		return false, err
	}
	creds, err := readDemoCredentials(h.dataDir)
	if err != nil {
		return false, err
	}
	c, err := newClient(creds.BaseURL, creds.ShellSecretFile, h.s.timeout, h.s.workers)
	if err != nil {
		return false, err
	}
	l := &load{client: c, workers: h.s.workers, rate: h.s.rate, ctx: ctx}
	runStart := time.Now()

	faults := []struct {
		name, what string
		fault      func(context.Context, *phase) error
	}{
		{"1 baseline", "no fault", nil},
		{"2 database stalled", fmt.Sprintf("SIGSTOP to the postmaster and all its children for %s, then SIGCONT", h.s.stall), h.stallDatabase},
		{"3 database killed", "kill -9 of the postmaster; glia's supervisor restarts it", h.killDatabase},
		{"4 glia killed", "kill -9 of glia; a new glia started on the same data directory", h.killGlia},
		{"5 slow clients", fmt.Sprintf("%d anonymous connections sending POST /allowed a byte a second for %s", h.s.slow, h.s.slowFor), h.slowClients},
	}
	for i, f := range faults {
		p := newPhase(i+1, f.name, f.what)
		h.phases = append(h.phases, p)
		step("phase %s: %s", f.name, f.what)
		ok, err := h.runPhase(ctx, l, p, f.fault)
		if err != nil {
			return false, fmt.Errorf("phase %s: %w", f.name, err)
		}
		if h.glia.exited() {
			h.problem(p, "glia is not running (it exited: %v; its last word: %s); the remaining phases were skipped", h.glia.err, lastLogLine(h.logPath, "glia: "))
			break
		}
		if !ok {
			h.problem(p, "glia did not recover; the remaining phases were skipped")
			break
		}
		// Pushes acknowledged so far must all be recorded before the next fault, so that each
		// phase's losses are its own.
		h.drain(ctx, p, h.s.drainMax)
	}

	if h.glia.exited() {
		// Its database went with it: a new glia brings it back (and runs the jobs left).
		step("starting glia again for the final check")
		if next, err := startGlia(ctx, h.bin, h.dataDir, h.addr, h.log); err == nil {
			h.glia = next
		} else {
			step("glia did not start: %v", err)
		}
	}
	step("final check of every acknowledged push")
	lost, err := h.report(ctx, runStart)
	return lost || len(h.problems) > 0, err
}

// runPhase drives the load through one phase: steady load, the fault, load until the first 200
// after it, steady load again. ok is false when glia did not answer 200 within phaseMax of the
// fault's end.
func (h *harness) runPhase(ctx context.Context, l *load, p *phase, fault func(context.Context, *phase) error) (ok bool, err error) {
	stop := make(chan struct{})
	loaded := make(chan struct{})
	p.started = time.Now()
	go func() { l.run(p, stop); close(loaded) }()
	defer func() {
		close(stop)
		<-loaded
		p.ended = time.Now()
	}()
	if err := sleep(ctx, h.s.steady); err != nil {
		return false, err
	}
	if fault == nil {
		now := time.Now()
		p.markFault(now, now)
	} else if err := fault(ctx, p); err != nil {
		return false, err
	}
	end := p.faultEnd
	for p.recoveredAt().IsZero() {
		if time.Since(end) > h.s.phaseMax {
			p.note("no 200 within %s of the fault's end", h.s.phaseMax)
			return false, nil
		}
		if err := sleep(ctx, 20*time.Millisecond); err != nil {
			return false, err
		}
	}
	p.recovered, p.recovery = true, p.recoveredAt().Sub(end)
	return true, sleep(ctx, h.s.steady)
}

// drain waits, with no load, until every push acknowledged so far has its push event and no
// post-receive job is left to run, for up to limit, and notes how long that took.
func (h *harness) drain(ctx context.Context, p *phase, limit time.Duration) {
	var acked []string
	for _, q := range h.phases {
		acked = append(acked, q.acked...)
	}
	took, _, missing, err := awaitRecorded(ctx, h.dbURL, acked, limit)
	switch {
	case err != nil:
		p.drain = "error: " + err.Error()
	case len(missing) > 0:
		p.drain = fmt.Sprintf("%d not recorded after %s", len(missing), took.Round(time.Second))
	default:
		p.drain = "recorded after " + took.Round(100*time.Millisecond).String()
	}
	queueTook, pending, err := awaitQueueEmpty(ctx, h.dbURL, max(limit-took, 0))
	switch {
	case err != nil:
		p.drain += "; queue: " + err.Error()
	case pending > 0:
		p.drain += fmt.Sprintf("; %d jobs still pending after %s", pending, (took + queueTook).Round(time.Second))
	default:
		p.drain += "; no job left after " + (took + queueTook).Round(100*time.Millisecond).String()
	}
	step("phase %s: acknowledged pushes so far %d; %s", p.name, len(acked), p.drain)
}

func (h *harness) stallDatabase(ctx context.Context, p *phase) error {
	pid, err := postmasterPID(h.dataDir)
	if err != nil {
		return err
	}
	children := childrenOf(pid)
	// One push is held between its access check and its post_receive, so that the stall meets
	// a post_receive for certain (Gitaly has taken the push, its post-receive hook calls).
	release, err := p.holdNextPush(ctx, 5*time.Second)
	if err != nil {
		return err
	}
	defer release()
	start := time.Now()
	pids, err := stopPostgres(pid, children)
	if err != nil {
		return fmt.Errorf("SIGSTOP postgres: %w", err)
	}
	h.stopped = pids
	release()
	p.note("stopped postmaster %d and its %d children (%d of the %d processes lead a process group of their own)",
		pid, len(pids)-1, ownGroups(pids), len(pids))
	waitErr := sleep(ctx, h.s.stall)
	err = continuePostgres(pids)
	h.stopped = nil
	p.markFault(start, time.Now())
	if err != nil {
		return fmt.Errorf("SIGCONT postgres: %w", err)
	}
	return waitErr
}

func (h *harness) killDatabase(ctx context.Context, p *phase) error {
	pid, err := postmasterPID(h.dataDir)
	if err != nil {
		return err
	}
	release, err := p.holdNextPush(ctx, 5*time.Second)
	if err != nil {
		return err
	}
	defer release()
	now := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill postmaster: %w", err)
	}
	release()
	p.markFault(now, now)
	p.note("killed postmaster %d", pid)
	// The supervisor says how long the database was down; wait a little for it to say so.
	go func() {
		for deadline := time.Now().Add(h.s.phaseMax); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(200 * time.Millisecond) {
			if line := lastLogLine(h.logPath, "private PostgreSQL restarted"); line != "" && strings.Contains(line, "down_for") {
				p.note("glia's supervisor: PostgreSQL restarted, down for %s", jsonField(line, "down_for"))
				return
			}
		}
	}()
	return nil
}

func (h *harness) killGlia(ctx context.Context, p *phase) error {
	// Killed right after a push is acknowledged, its post-receive job is likely being fetched
	// or run: the case River's rescuer exists for.
	acked := p.ackCount()
	for wait := time.Now().Add(5 * time.Second); p.ackCount() == acked && time.Now().Before(wait); {
		if err := sleep(ctx, time.Millisecond); err != nil {
			return err
		}
	}
	old := h.glia
	now := time.Now()
	h.glia.kill()
	// Recovery is counted from the kill, so that it includes the restart.
	p.markFault(now, now)
	p.note("killed glia %d", old.pid())
	// Started again at once, as a process supervisor (systemd's Restart=) would, and again a
	// second later when it fails to start, three times at most.
	var next *glia
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		next, err = startGlia(ctx, h.bin, h.dataDir, h.addr, h.log)
		if err == nil || ctx.Err() != nil {
			break
		}
		h.problem(p, "glia started again %s after the kill failed: %v: %s", time.Since(now).Round(time.Millisecond), err,
			lastLogLine(h.logPath, "glia: "))
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return nil // h.glia is the dead one: the phase fails, the final check tries once more
	}
	h.glia = next
	p.note("new glia %d ready %s after the kill", next.pid(), time.Since(now).Round(time.Millisecond))
	if n, err := jobsLeftRunning(ctx, h.dbURL, now); err != nil {
		p.note("cannot count the jobs the killed glia left running: %v", err)
	} else {
		p.note("post-receive jobs the killed glia left running (River rescues them after 2 min): %d", n)
	}
	return nil
}

// problem notes something that went wrong in a phase besides lost pushes; the run fails.
func (h *harness) problem(p *phase, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.note("PROBLEM: %s", msg)
	h.problems = append(h.problems, p.name+": "+msg)
	step("PROBLEM in phase %s: %s", p.name, msg)
}

func (h *harness) slowClients(ctx context.Context, p *phase) error {
	slowCtx, cancel := context.WithTimeout(ctx, h.s.slowFor)
	defer cancel()
	start := time.Now()
	p.slow = runSlowClients(slowCtx, h.addr, h.s.slow)
	p.markFault(start, time.Now())
	p.note("%s", p.slow)
	return ctx.Err()
}

// lastLogLine is the last line of the log holding substr, among its last MiB.
func lastLogLine(path, substr string) string {
	lines := logTail(path, 1, 1<<20, func(l string) bool { return strings.Contains(l, substr) })
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

// jsonField picks a string field out of a JSON log line without parsing the rest.
func jsonField(line, name string) string {
	_, rest, ok := strings.Cut(line, `"`+name+`":"`)
	if !ok {
		return "?"
	}
	value, _, _ := strings.Cut(rest, `"`)
	return value
}

func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "faults: "+format+"\n", args...)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// sleep waits d, or less when ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func machine() string {
	return fmt.Sprintf("%d cores (%s/%s), %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}
