package app

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/store"
)

// openDatabase connects to DATABASE_URL, or starts the private cluster under the data directory,
// and migrates the schema. The returned function releases everything.
func openDatabase(ctx context.Context, cfg config.Serve, stdout io.Writer) (*store.Store, func(), error) {
	url := cfg.DatabaseURL
	stopCluster := func() {}
	if url == "" {
		// 0755: when glia runs as root, PostgreSQL runs as another user and must enter it.
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("create data directory: %w", err)
		}
		cluster, err := store.StartCluster(ctx, cfg.DataDir, store.ClusterOptions{BinDir: cfg.PostgresBinDir})
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(stdout, "PostgreSQL: private cluster in %s\n", cfg.DataDir)
		url, stopCluster = cluster.URL(), cluster.Stop
	}
	if err := store.Migrate(ctx, url); err != nil {
		stopCluster()
		return nil, nil, err
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		stopCluster()
		return nil, nil, err
	}
	return st, func() { st.Close(); stopCluster() }, nil
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
