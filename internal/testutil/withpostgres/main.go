// Command withpostgres runs a command with a throwaway PostgreSQL cluster: it starts a private
// cluster in a temporary directory (the same launcher `glia serve` uses), exports its URL as
// GLIA_TEST_DATABASE_URL, runs the command, stops the cluster and removes the directory.
// When GLIA_TEST_DATABASE_URL is already set it just runs the command against that server.
//
//	go run ./internal/testutil/withpostgres -- go test ./...
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "withpostgres:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func run(args []string) (int, error) {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return 2, errors.New("usage: withpostgres -- COMMAND [ARG…]")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if os.Getenv(pgtest.EnvURL) == "" {
		dir, err := os.MkdirTemp("", "glia-test-pg-")
		if err != nil {
			return 1, err
		}
		defer os.RemoveAll(dir)
		// MkdirTemp makes the directory 0700; the cluster may run as another user and must enter it.
		if err := os.Chmod(dir, 0o755); err != nil {
			return 1, err
		}
		cluster, err := store.StartCluster(ctx, dir, store.ClusterOptions{Ephemeral: true})
		if err != nil {
			return 1, err
		}
		defer cluster.Stop()
		os.Setenv(pgtest.EnvURL, cluster.AdminURL())
	}

	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}
