package app

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/glia-dev/glia/internal/api/billingapi"
	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/api/scimapi"
	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/geo"
	"github.com/glia-dev/glia/internal/gitaccess"
	"github.com/glia-dev/glia/internal/jobs"
	"github.com/glia-dev/glia/internal/server"
	"github.com/glia-dev/glia/internal/store"
)

// shutdownGrace is how long in-flight requests get to finish once glia is asked to stop.
const shutdownGrace = 30 * time.Second

// The HTTP server's connection timeouts. A request's own deadline (--request-timeout, and
// --access-check-timeout on top for /internal/allowed) bounds the work; these bound the
// connection around it, so that no client can hold one open by sending or reading slowly.
// GitLab Shell and Gitaly give a whole request 300 s, kas 20 s for the response's headers.
const (
	// readHeaderTimeout: a request's line and headers are a few KiB.
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds reading a whole request, body included: the largest legitimate one, a
	// 16 MiB /allowed or post_receive body (over 100,000 ref changes), arrives within it at
	// 280 KiB/s, far slower than any link between GitLab's components; it is not less than
	// the longest default request deadline (50 s + 8 s), so the body of an access check is never
	// cut before the check could have run. A body without a credential is read for 5 s at most
	// (httpmw's credential gate).
	readTimeout = 60 * time.Second
	// writeMargin is what the write timeout leaves after the longest a request can read and
	// run, to send the answer.
	writeMargin = 15 * time.Second
	// idleTimeout outlasts Go clients' 90 s idle-connection timeout (GitLab Shell, Gitaly,
	// kas), so a client closes an idle connection before glia does and never sends a request
	// on one glia is closing (Gitaly would not retry it).
	idleTimeout = 2 * time.Minute
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	start := time.Now()
	cfg, err := config.ParseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	shellSecret, created, err := auth.LoadShellSecret(cfg.ShellSecretFile)
	if err != nil {
		return err
	}
	reportSecret(stdout, "GitLab Shell secret", cfg.ShellSecretFile, created)
	kasKey, created, err := auth.LoadKASSecret(cfg.KASSecretFile)
	if err != nil {
		return err
	}
	reportSecret(stdout, "kas secret", cfg.KASSecretFile, created)
	errorTrackingToken, created, err := auth.LoadErrorTrackingToken(cfg.ErrorTrackingTokenFile)
	if err != nil {
		return err
	}
	reportSecret(stdout, "error-tracking token", cfg.ErrorTrackingTokenFile, created)
	keyBase, created, err := auth.LoadKeyBase(cfg.KeyBaseFile)
	if err != nil {
		return err
	}
	reportSecret(stdout, "key base", cfg.KeyBaseFile, created)
	geoSecondary, err := geoSecondaryOf(cfg)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	customersDot, err := customersDotVerifier(ctx, cfg, logger)
	if err != nil {
		return err
	}
	// Configuration is checked before the database is touched, so a bad secret fails fast.
	// A private PostgreSQL that dies for good ends serve (ctx) with an error.
	ctx, databaseFailed := context.WithCancelCause(ctx)
	defer databaseFailed(nil)
	st, closeDB, err := openDatabaseFor(ctx, cfg, stdout, databaseUse{serve: true, logger: logger, onFailure: databaseFailed})
	if err != nil {
		return err
	}
	// Deferred calls run last first: the HTTP server has drained, then the job queue stops
	// (stopJobs), and only then the database: pool, then private cluster.
	defer closeDB()
	world, err := loadWorld(ctx, st, cfg)
	if err != nil {
		return err
	}
	externalURL, err := url.Parse(cfg.ExternalURL)
	if err != nil {
		return err
	}

	authn := auth.NewAuthenticator(auth.NewShellVerifier(shellSecret, time.Now), auth.WithKASAPI(auth.NewKASVerifier(kasKey, time.Now), cfg.KASAPI),
		auth.NewErrorTrackingVerifier(errorTrackingToken), customersDot,
		auth.WithGroupSAML(st, cfg.GroupSAML))
	handler, err := server.New(logger, st, authn.Authenticate,
		internalapi.New(st, internalAPIOptions(cfg, externalURL, keyBase, geoSecondary)), billingapi.New(st, billingapi.Options{ExternalURL: externalURL}), scimapi.New(st, scimapi.Options{ExternalURL: externalURL}),
		server.WithRequestTimeout(cfg.RequestTimeout, cfg.AccessCheckTimeout))
	if err != nil {
		return err
	}
	stopJobs, err := startJobs(ctx, st, externalURL, logger)
	if err != nil {
		return err
	}
	defer stopJobs()
	ln, baseURL, err := listen(cfg.Listen)
	if err != nil {
		return err
	}
	// Connections beyond the cap wait in the kernel's accept queue until one closes.
	ln = netutil.LimitListener(ln, cfg.MaxConnections)
	if world != nil && cfg.Demo {
		if err := writeDemoCredentials(cfg, baseURL, world); err != nil {
			ln.Close()
			return err
		}
	}
	fmt.Fprintf(stdout, "glia is ready at %s (started in %s)\n", baseURL, time.Since(start).Round(time.Millisecond))
	printExample(stdout, baseURL, cfg)
	if err := serveHTTP(ctx, ln, httpServer(handler, logger, cfg.RequestTimeout+cfg.AccessCheckTimeout)); err != nil {
		return err
	}
	return clusterFailure(ctx)
}

// customersDotVerifier reads CustomersDot's signing keys when they are configured.
func customersDotVerifier(ctx context.Context, cfg config.Serve, logger *slog.Logger) (*auth.CustomersDotVerifier, error) {
	if cfg.CustomersDotJWKS == "" {
		return nil, nil
	}
	keys, err := auth.LoadCustomersDotKeys(ctx, cfg.CustomersDotJWKS, logger)
	if err != nil {
		return nil, err
	}
	return auth.NewCustomersDotVerifier(keys, cfg.CustomersDotIssuer, time.Now), nil
}

// startJobs starts working the jobs pushes leave (post-receive processing, webhook deliveries)
// in the background. The returned stop lets running jobs finish for up to shutdownGrace; jobs it
// leaves are picked up by the next glia on the database.
func startJobs(ctx context.Context, st *store.Store, externalURL *url.URL, logger *slog.Logger) (stop func(), err error) {
	queue, err := st.NewQueue(jobs.RiverConfig(st, jobs.Config{ExternalURL: externalURL, Logger: logger}))
	if err != nil {
		return nil, err
	}
	// Shutdown goes through stop, which drains; cancelling ctx would abandon running jobs.
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	return func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := queue.Stop(stopCtx); err != nil {
			logger.Warn("job queue did not stop cleanly", slog.Any("err", err))
		}
	}, nil
}

// listen opens the TCP address or, for "unix:/path", a Unix socket (replacing a stale one).
func listen(address string) (net.Listener, string, error) {
	if path, ok := strings.CutPrefix(address, "unix:"); ok {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, "", fmt.Errorf("remove stale socket: %w", err)
		}
		ln, err := net.Listen("unix", path)
		if err != nil {
			return nil, "", fmt.Errorf("listen on %s: %w", address, err)
		}
		return ln, "http+unix://" + path, nil
	}
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return nil, "", fmt.Errorf("listen on %s: %w", address, err)
	}
	return ln, "http://" + ln.Addr().String(), nil
}

// httpServer is glia's HTTP server with its connection timeouts; longestRequest is the longest
// deadline a request can have.
func httpServer(handler http.Handler, logger *slog.Logger, longestRequest time.Duration) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		// Counted from the end of the headers, it covers reading the body, the work and the
		// answer: 75 s with the default deadlines.
		WriteTimeout: max(readTimeout, longestRequest) + writeMargin,
		IdleTimeout:  idleTimeout,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serve runs handler with glia's default deadlines until ctx is cancelled (see serveHTTP).
func serve(ctx context.Context, ln net.Listener, handler http.Handler, logger *slog.Logger) error {
	return serveHTTP(ctx, ln, httpServer(handler, logger, server.DefaultRequestTimeout+gitaccess.DefaultTimeout))
}

// serveHTTP runs srv until ctx is cancelled, then stops accepting, closes idle connections and
// lets in-flight requests finish for up to shutdownGrace. Every request has a deadline, and a
// client without a credential is answered within seconds, so only work in progress holds it.
func serveHTTP(ctx context.Context, ln net.Listener, srv *http.Server) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func reportSecret(out io.Writer, what, path string, created bool) {
	if created {
		fmt.Fprintf(out, "%s: generated %s\n", what, path)
		return
	}
	fmt.Fprintf(out, "%s: %s\n", what, path)
}

// printExample shows one request that works right away, with the seed's legacy header, which
// needs nothing but base64 (the JWT current callers send needs a signer).
func printExample(out io.Writer, baseURL string, cfg config.Serve) {
	if !strings.HasPrefix(baseURL, "http://") {
		return
	}
	query := ""
	if cfg.Demo {
		query = "?key_id=7"
	}
	fmt.Fprintf(out, "Try:\n  curl -H \"Gitlab-Shared-Secret: $(base64 -w0 %s)\" %s/api/v4/internal/discover%s\n",
		cfg.ShellSecretFile, baseURL, query)
}

// geoSecondaryOf reads the Geo secondary's configuration; nil when glia is not one.
func geoSecondaryOf(cfg config.Serve) (*geo.Secondary, error) {
	if cfg.GeoPrimaryURL == "" {
		return nil, nil
	}
	primary, err := url.Parse(cfg.GeoPrimaryURL) // ParseServe has checked it
	if err != nil {
		return nil, err
	}
	secret, err := auth.LoadGeoSecretAccessKey(cfg.GeoSecretAccessKeyFile)
	if err != nil {
		return nil, err
	}
	return &geo.Secondary{PrimaryURL: primary, AccessKey: cfg.GeoAccessKey, SecretAccessKey: secret}, nil
}

// internalAPIOptions turns the configuration into the internal API's options.
func internalAPIOptions(cfg config.Serve, externalURL *url.URL, keyBase []byte, geoSecondary *geo.Secondary) internalapi.Options {
	gitaly := map[string]internalapi.GitalyEndpoint{}
	for storage, address := range cfg.GitalyAddresses {
		gitaly[storage] = internalapi.GitalyEndpoint{Address: address, Token: cfg.GitalyToken}
	}
	return internalapi.Options{
		ExternalURL:        externalURL,
		KeyBase:            keyBase,
		Gitaly:             gitaly,
		RepositoryPaths:    cfg.RepositoryPaths,
		GitAccessProtocol:  cfg.GitAccessProtocol,
		TwoFactorForCLI:    cfg.TwoFactorForCLI,
		GitRateLimit:       cfg.GitRateLimit,
		SSHPort:            cfg.SSHPort,
		AccessCheckTimeout: cfg.AccessCheckTimeout,
		Geo:                geoSecondary,
		// ParseServe has checked it.
		VulnerabilityUUIDNamespace: uuid.MustParse(cfg.VulnerabilityUUIDNamespace),
	}
}
