// Package pgtest gives each test its own PostgreSQL database, cloned from a template that is
// built once (per migration set) from migrations/ through the same goose runner the server uses.
//
// The server comes from GLIA_TEST_DATABASE_URL; `make test` starts a throwaway cluster and sets
// it. Without it a test fails rather than skips: a green run that touched no database proves
// nothing.
package pgtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb opens
	"github.com/peterldowns/pgtestdb"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/migrations"
)

// EnvURL names the variable holding the test server's connection string.
const EnvURL = "GLIA_TEST_DATABASE_URL"

// URL returns the connection string of a fresh, migrated database that is dropped when the
// test passes and kept (its URL logged) when it fails.
func URL(t testing.TB) string {
	t.Helper()
	return pgtestdb.Custom(t, serverConfig(t), gooseMigrator{}).URL()
}

// Pool returns a pool on a fresh, migrated database, closed at the end of the test.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	cfg, err := store.PoolConfig(URL(t))
	if err != nil {
		t.Fatalf("test database URL: %v", err)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open test database pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Store returns a store on a fresh, migrated database.
func Store(t testing.TB) *store.Store {
	t.Helper()
	return store.New(Pool(t))
}

// serverConfig turns GLIA_TEST_DATABASE_URL into pgtestdb's config. A Unix-socket host goes into
// the options, because pgtestdb writes the host into a URL authority, where a path cannot stand.
func serverConfig(t testing.TB) pgtestdb.Config {
	t.Helper()
	raw := os.Getenv(EnvURL)
	if raw == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts a throwaway PostgreSQL", EnvURL)
	}
	cfg, err := pgconn.ParseConfig(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvURL, err)
	}
	opts := url.Values{"sslmode": {"disable"}}
	host := cfg.Host
	if len(host) > 0 && host[0] == '/' {
		opts.Set("host", host)
		host = "localhost"
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       host,
		Port:       strconv.Itoa(int(cfg.Port)),
		User:       cfg.User,
		Password:   cfg.Password,
		Database:   cfg.Database,
		Options:    opts.Encode(),
		// Pools opened by code under test may outlive a test by a moment; don't fail on that.
		ForceTerminateConnections: true,
	}
}

// gooseMigrator builds the template with store.MigrateDB, so tests run on exactly the schema the
// server creates at start.
type gooseMigrator struct{}

func (gooseMigrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

func (gooseMigrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return store.MigrateDB(ctx, db)
}
