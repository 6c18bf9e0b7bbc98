// Package migrations holds glia's schema as ordered goose migrations in plain SQL. It is the single
// schema source: sqlc reads it to generate gen/db, the server applies it at start, and the tests
// build their template database from it.
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
