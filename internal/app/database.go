package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/safefile"
	"github.com/glia-dev/glia/internal/store"
)

// databaseUse says who opens the database. glia serve owns the private cluster: it starts and
// supervises it, and refuses a data directory whose cluster another glia runs. Other commands
// (load, migrate, the admin commands) use the running cluster when there is one.
type databaseUse struct {
	serve bool
	// logger hears what the cluster's supervisor does; nil discards it.
	logger *slog.Logger
	// onFailure is called when the private cluster died and could not be restarted.
	onFailure func(error)
}

// openDatabase connects to DATABASE_URL, or to the private cluster under the data directory
// (starting it unless another glia runs it), and migrates the schema. The returned function
// releases everything.
func openDatabase(ctx context.Context, cfg config.Serve, stdout io.Writer) (*store.Store, func(), error) {
	return openDatabaseFor(ctx, cfg, stdout, databaseUse{})
}

func openDatabaseFor(ctx context.Context, cfg config.Serve, stdout io.Writer, use databaseUse) (*store.Store, func(), error) {
	url := cfg.DatabaseURL
	stopCluster := func() {}
	var cluster *store.Cluster
	if url == "" {
		if err := safefile.MkdirAll(cfg.DataDir); err != nil {
			return nil, nil, dataDirError(err)
		}
		var err error
		cluster, err = store.StartCluster(ctx, cfg.DataDir, store.ClusterOptions{
			BinDir: cfg.PostgresBinDir, Logger: use.logger, OnFailure: use.onFailure,
		})
		var inUse *store.ClusterInUseError
		switch {
		case errors.As(err, &inUse) && use.serve:
			return nil, nil, fmt.Errorf("%w: stop it, or give this one another --data-dir", err)
		case errors.As(err, &inUse):
			fmt.Fprintf(stdout, "PostgreSQL: private cluster in %s, run by another glia (process %d)\n", cfg.DataDir, inUse.PID)
			url = store.ClusterURL(cfg.DataDir)
		case err != nil:
			return nil, nil, err
		default:
			fmt.Fprintf(stdout, "PostgreSQL: private cluster in %s\n", cfg.DataDir)
			url, stopCluster = cluster.URL(), cluster.Stop
		}
	}
	if err := store.Migrate(ctx, url); err != nil {
		stopCluster()
		return nil, nil, err
	}
	if cluster != nil {
		cluster.CheckpointSoon() // what the migrations wrote, so that stopping is quick
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		stopCluster()
		return nil, nil, err
	}
	return st, func() { st.Close(); stopCluster() }, nil
}

// clusterFailure is the reason serve must exit with an error: its private PostgreSQL died for
// good (databaseUse.onFailure cancelled ctx with it). Nil otherwise.
func clusterFailure(ctx context.Context) error {
	if cause := context.Cause(ctx); errors.Is(cause, store.ErrClusterFailed) {
		return cause
	}
	return nil
}

// dataDirError names the data directory glia refuses, and why.
func dataDirError(err error) error {
	var unsafe *safefile.UnsafeError
	if errors.As(err, &unsafe) {
		return fmt.Errorf("data directory %w", err)
	}
	return fmt.Errorf("create data directory: %w", err)
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, rest, err := config.ParseCommand("migrate", "glia migrate [flags]\n\nBring the database schema up to date.", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("migrate takes no arguments, got %q", rest)
	}
	_, closeDB, err := openDatabase(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	closeDB()
	fmt.Fprintln(stdout, "schema is up to date")
	return nil
}
