package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrPostgresNotInstalled means no PostgreSQL server binaries were found.
var ErrPostgresNotInstalled = errors.New("PostgreSQL server binaries (initdb, postgres) not found: " +
	"install them (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL to an existing server")

// ClusterOptions tunes a private cluster.
type ClusterOptions struct {
	// BinDir holds initdb and postgres; empty means search PATH, then /usr/lib/postgresql/*/bin.
	BinDir string
	// Ephemeral trades crash safety for speed (fsync and friends off): right for test clusters
	// that are thrown away, wrong for a data directory someone wants to keep.
	Ephemeral bool
	// Logger hears what the supervisor does (a server that died and was restarted); nil
	// discards it.
	Logger *slog.Logger
	// OnFailure is called once, from the supervisor, when the server died and could not be
	// restarted (ErrClusterFailed): the cluster is down for good and its owner should exit.
	OnFailure func(error)
}

// Cluster is a private PostgreSQL server whose data and Unix socket live under one directory.
// It listens on no TCP port, so it never collides with another PostgreSQL on the machine.
//
// The process that starts it owns it: it holds a lock in the directory (a second StartCluster
// there fails with *ClusterInUseError), the server runs in a process group of its own (a
// terminal's Ctrl-C reaches the owner only, which stops its own work before the server), it is
// told to shut down when its owner dies, and it is supervised: when it dies it is restarted
// (see supervise.go).
type Cluster struct {
	dir    string
	pgdata string
	url    string
	opts   ClusterOptions
	log    *slog.Logger
	launch func() (*postmaster, error) // starts the server process; see StartCluster
	lock   *os.File

	stopOnce sync.Once
	stopping chan struct{} // closed by Stop
	finished chan struct{} // closed when the supervisor has stopped the server for good
}

// clusterDatabase is the database glia creates inside its private cluster.
const clusterDatabase = "glia"

// StartCluster initialises (on first use) and starts a cluster under dir/postgres, creates the
// glia database and returns once it accepts connections. When the caller is root, initdb and
// postgres run as the "postgres" (or "nobody") user, because PostgreSQL refuses to run as root.
func StartCluster(ctx context.Context, dir string, opts ClusterOptions) (*Cluster, error) {
	binDir, err := findPostgresBinaries(opts.BinDir)
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	lock, err := lockClusterDir(dir)
	if err != nil {
		return nil, err
	}
	c, err := startLocked(ctx, dir, binDir, lock, opts)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return c, nil
}

func startLocked(ctx context.Context, dir, binDir string, lock *os.File, opts ClusterOptions) (*Cluster, error) {
	pgdata := filepath.Join(dir, "postgres")
	if err := os.MkdirAll(pgdata, 0o700); err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	_, err := os.Stat(filepath.Join(pgdata, "PG_VERSION"))
	initialised := err == nil
	if initialised {
		// A server left by a glia that died is still shutting down and removing its files:
		// wait for it before touching them.
		waitForLeftoverPostmaster(ctx, pgdata)
	}
	cred, err := unprivilegedCredential(pgdata)
	if err != nil {
		return nil, err
	}
	if !initialised {
		cmd := exec.Command(filepath.Join(binDir, "initdb"), "-D", pgdata, "-U", "postgres", "-A", "trust", "-E", "UTF8",
			"--locale=C", "--no-sync")
		cmd.Dir = pgdata
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGINT}
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("initdb failed: %w\n%s", err, out)
		}
	}
	args := []string{"-D", pgdata, "-k", pgdata, "-c", "listen_addresses=",
		"-c", "unix_socket_permissions=0700", "-c", "max_connections=200"}
	if opts.Ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Cluster{
		dir: dir, pgdata: pgdata, url: socketURL(pgdata, clusterDatabase), opts: opts, log: logger, lock: lock,
		stopping: make(chan struct{}), finished: make(chan struct{}),
	}
	c.launch = func() (*postmaster, error) {
		logFile, err := os.OpenFile(filepath.Join(dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open cluster log: %w", err)
		}
		cmd := exec.Command(filepath.Join(binDir, "postgres"), args...)
		cmd.Dir = pgdata
		cmd.Stdout, cmd.Stderr = logFile, logFile
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Credential: cred,
			// Its own process group: signals meant for glia's (a terminal's Ctrl-C) are glia's
			// to act on, and the server and every process it forks can be signalled at once.
			Setpgid: true,
			// When glia dies without stopping it, the server shuts down ("fast" mode).
			Pdeathsig: syscall.SIGINT,
		}
		if err := cmd.Start(); err != nil {
			logFile.Close()
			return nil, fmt.Errorf("start postgres: %w", err)
		}
		p := &postmaster{cmd: cmd, done: make(chan struct{})}
		go func() { p.err = cmd.Wait(); logFile.Close(); close(p.done) }()
		return p, nil
	}
	started := make(chan error, 1)
	go c.supervise(started)
	select {
	case err := <-started:
		if err != nil {
			<-c.finished
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		c.stop()
		return nil, ctx.Err()
	}
}

// URL is the connection string of the cluster's glia database.
func (c *Cluster) URL() string { return c.url }

// AdminURL is the connection string of the cluster's maintenance database.
func (c *Cluster) AdminURL() string { return socketURL(c.pgdata, "postgres") }

// ClusterURL is the connection string of the glia database of the cluster another process
// started under dir (see ClusterInUseError).
func ClusterURL(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return socketURL(filepath.Join(dir, "postgres"), clusterDatabase)
}

// CheckpointSoon writes the server's changed buffers to disk in the background (CHECKPOINT), so
// that a stop soon after, whose shutdown checkpoint must write them first, is quick: on a new
// cluster, right after the migrations, that is hundreds of files and most of a second.
func (c *Cluster) CheckpointSoon() {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, c.AdminURL())
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
			c.log.Debug("background checkpoint failed", slog.String("err", err.Error()))
		}
	}()
}

// Stop shuts the server down ("fast" mode: open sessions are rolled back), waits for it and
// releases the directory. It may be called more than once, and after the supervisor gave up.
func (c *Cluster) Stop() {
	c.stop()
	c.lock.Close()
}

func (c *Cluster) stop() {
	c.stopOnce.Do(func() { close(c.stopping) })
	<-c.finished
}

// waitReady waits until the server p accepts connections and the glia database exists.
func (c *Cluster) waitReady(p *postmaster) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-c.stopping:
			cancel()
		case <-ctx.Done():
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.AdminURL())
		if err == nil {
			defer conn.Close(ctx)
			return c.createDatabase(ctx, conn)
		}
		select {
		case <-p.done:
			return fmt.Errorf("postgres exited during start-up (%v); see %s", p.err, filepath.Join(c.dir, "postgres.log"))
		case <-ctx.Done():
			return errors.New("stopped while postgres was starting")
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within 60s: %w", err)
		}
	}
}

func (c *Cluster) createDatabase(ctx context.Context, conn *pgx.Conn) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", clusterDatabase).Scan(&exists); err != nil {
		return fmt.Errorf("look for database %s: %w", clusterDatabase, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+clusterDatabase); err != nil {
			return fmt.Errorf("create database %s: %w", clusterDatabase, err)
		}
	}
	return nil
}

func socketURL(socketDir, database string) string {
	q := url.Values{"host": {socketDir}, "user": {"postgres"}, "sslmode": {"disable"}}
	return "postgres:///" + database + "?" + q.Encode()
}

// findPostgresBinaries returns the directory holding initdb and postgres.
func findPostgresBinaries(binDir string) (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "postgres"} {
			if info, err := os.Stat(filepath.Join(dir, name)); err != nil || info.IsDir() {
				return false
			}
		}
		return true
	}
	if binDir != "" {
		if has(binDir) {
			return binDir, nil
		}
		return "", fmt.Errorf("%w (looked in %s)", ErrPostgresNotInstalled, binDir)
	}
	if path, err := exec.LookPath("initdb"); err == nil {
		if dir, err := filepath.EvalSymlinks(path); err == nil && has(filepath.Dir(dir)) {
			return filepath.Dir(dir), nil
		}
	}
	// Debian and Ubuntu keep server binaries off PATH, one directory per major version.
	candidates, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(candidates, func(a, b string) int { return majorVersion(b) - majorVersion(a) })
	for _, dir := range candidates {
		if has(dir) {
			return dir, nil
		}
	}
	return "", ErrPostgresNotInstalled
}

func majorVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// unprivilegedCredential returns nil when glia does not run as root. As root it picks the
// "postgres" user (or "nobody"), hands pgdata to it and checks it can reach the directory.
func unprivilegedCredential(pgdata string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var account *user.User
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			account = u
			break
		}
	}
	if account == nil {
		return nil, errors.New("running as root, but there is no unprivileged user (postgres or nobody) to run PostgreSQL as")
	}
	uid, _ := strconv.Atoi(account.Uid)
	gid, _ := strconv.Atoi(account.Gid)
	for dir := filepath.Dir(pgdata); dir != "/"; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if info.Mode().Perm()&0o001 == 0 {
			return nil, fmt.Errorf("PostgreSQL runs as user %s, which cannot enter %s: choose a data directory it can reach (for example under /tmp)", account.Username, dir)
		}
	}
	err := filepath.WalkDir(pgdata, func(path string, _ os.DirEntry, err error) error {
		if err == nil {
			err = os.Lchown(path, uid, gid)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a file PostgreSQL removed meanwhile (its pid file, a temporary file)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("hand the cluster directory to %s: %w", account.Username, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}
