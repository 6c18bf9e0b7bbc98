// Command bench measures glia's hot endpoints at GitLab scale against the machine's own limits.
// It builds glia, loads a world of 100,000 users, 1,000,000 SSH keys, 20,000 groups, 200,000
// projects and 1,000,000 memberships into a fresh database, starts `glia serve` on loopback and
// drives each endpoint with vegeta, next to two ceilings measured in the same run: a bare Go
// HTTP handler returning the same JSON, and a primary-key lookup loop straight against
// PostgreSQL. It prints the table BENCHMARKS.md records. Run it with `make bench`, which
// provides the PostgreSQL cluster (GLIA_TEST_DATABASE_URL).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	repo := flag.String("repo", "..", "the glia checkout")
	var s loadSettings
	flag.DurationVar(&s.duration, "duration", 5*time.Second, "measured load per endpoint")
	flag.DurationVar(&s.warmup, "warmup", time.Second, "unmeasured load before each")
	flag.IntVar(&s.connections, "connections", 16, "concurrent connections (and database connections for the ceiling)")
	flag.Parse()
	clusterURL := os.Getenv("GLIA_TEST_DATABASE_URL")
	if clusterURL == "" {
		return errors.New("GLIA_TEST_DATABASE_URL is not set: run `make bench`")
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "glia-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	step("building glia")
	bin := filepath.Join(tmp, "glia")
	if err := command(*repo, "go", "build", "-o", bin, "./cmd/glia").Run(); err != nil {
		return fmt.Errorf("build glia: %w", err)
	}
	dbURL, err := freshDatabase(ctx, clusterURL, "glia_bench")
	if err != nil {
		return err
	}
	step("migrating")
	if err := command(tmp, bin, "migrate", "--database-url", dbURL).Run(); err != nil {
		return fmt.Errorf("glia migrate: %w", err)
	}
	step("loading the world")
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	loadStart := time.Now()
	if err := loadWorld(ctx, conn); err != nil {
		return fmt.Errorf("load the world: %w", err)
	}
	loadTime := time.Since(loadStart)

	step("starting glia")
	srv, err := startGlia(bin, tmp, dbURL)
	if err != nil {
		return err
	}
	defer srv.stop()
	shell, err := shellJWTs(filepath.Join(tmp, ".gitlab_shell_secret"))
	if err != nil {
		return err
	}

	var rows []result
	step("HTTP ceiling")
	ceilingURL, stopCeiling, err := httpCeiling()
	if err != nil {
		return err
	}
	httpTop := drive(ceilingURL, endpoint{"HTTP ceiling: bare Go handler, same JSON", func() call {
		return call{http.MethodGet, "/", "", nil, http.StatusOK}
	}}, s)
	stopCeiling()
	step("database ceiling")
	pool, err := pgxpool.New(ctx, dbURL+"&pool_max_conns="+fmt.Sprint(s.connections))
	if err != nil {
		return err
	}
	dbTop, err := dbCeiling(ctx, pool, s)
	pool.Close()
	if err != nil {
		return fmt.Errorf("database ceiling: %w", err)
	}
	for _, e := range endpoints(shell) {
		step(e.name)
		rows = append(rows, drive(srv.url, e, s))
	}
	peakRSS, err := srv.peakRSS()
	if err != nil {
		return err
	}
	plans, err := explainHotQueries(ctx, conn, filepath.Join(*repo, "gen", "db"))
	if err != nil {
		return err
	}

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "\nMachine: %d cores (%s/%s), Go %s; %d connections, %s per endpoint after %s of warm-up.\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), s.connections, s.duration, s.warmup)
	fmt.Fprintf(w, "World loaded in %s. glia ready %s after start; peak RSS %.1f MiB.\n\n",
		loadTime.Round(100*time.Millisecond), srv.readyAfter.Round(time.Millisecond), float64(peakRSS)/(1<<20))
	printTable(w, httpTop, dbTop, rows)
	fmt.Fprintf(w, "\nQuery plans of the hot lookups on this world:\n\n%s", plans)
	for _, r := range rows {
		if r.failures != "" {
			return fmt.Errorf("%s answered %s", r.name, r.failures)
		}
	}
	return nil
}

func step(what string) { fmt.Fprintf(os.Stderr, "bench: %s…\n", what) }

func command(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	return cmd
}

// freshDatabase (re)creates a database on the cluster and returns its URL.
func freshDatabase(ctx context.Context, clusterURL, name string) (string, error) {
	conn, err := pgx.Connect(ctx, clusterURL)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return "", err
		}
	}
	u, err := url.Parse(clusterURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	if u.RawQuery == "" {
		u.RawQuery = "sslmode=disable"
	}
	return u.String(), nil
}

// server is a running `glia serve`.
type server struct {
	cmd        *exec.Cmd
	url        string
	readyAfter time.Duration
}

func startGlia(bin, dataDir, dbURL string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--database-url", dbURL, "--listen", addr, "--data-dir", dataDir)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard // the access log would cost the load generator's CPU
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr}
	for time.Since(start) < time.Minute {
		resp, err := http.Get(s.url + "/-/readiness")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.readyAfter = time.Since(start)
				return s, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New("glia did not become ready within a minute")
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	_ = s.cmd.Wait()
}

// peakRSS is the process's high-water resident set (VmHWM), in bytes.
func (s *server) peakRSS() (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			_, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kib)
			return kib << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// shellJWTs returns fresh Gitlab-Shell-Api-Request headers, signed as GitLab Shell signs them
// and renewed every 20 seconds (they live a minute).
func shellJWTs(secretFile string) (func() http.Header, error) {
	raw, err := os.ReadFile(secretFile)
	if err != nil {
		return nil, err
	}
	key := []byte(strings.TrimSpace(string(raw)))
	var current atomic.Pointer[string]
	sign := func() error {
		now := time.Now()
		t, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}).SignedString(key)
		current.Store(&t)
		return err
	}
	if err := sign(); err != nil {
		return nil, err
	}
	go func() {
		for range time.Tick(20 * time.Second) {
			_ = sign()
		}
	}()
	return func() http.Header { return http.Header{"Gitlab-Shell-Api-Request": {*current.Load()}} }, nil
}
