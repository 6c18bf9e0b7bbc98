package store_test

import (
	"strings"
	"testing"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/migrations"
)

// River's schema is applied by glia's migration 00004, not by River: these tests catch a River
// upgrade that brings schema changes the migrations do not have yet.

func TestRiverSchema_IsRiversOwnMigrationsVerbatim(t *testing.T) {
	t.Parallel()
	file, err := migrations.FS.ReadFile("00004_river.sql")
	require.NoError(t, err)
	var sql strings.Builder
	for line := range strings.Lines(string(file)) {
		if !strings.HasPrefix(line, "-- +goose") {
			sql.WriteString(line)
		}
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(nil), nil)
	require.NoError(t, err)
	for _, m := range migrator.AllVersions() {
		want := strings.TrimSpace(strings.ReplaceAll(m.SQLUp, "/* TEMPLATE: schema */", ""))
		assert.Contains(t, sql.String(), want, "River migration %03d (%s) is missing or altered", m.Version, m.Name)
	}
}

func TestRiverSchema_RiversMigratorFindsNothingToApply(t *testing.T) {
	t.Parallel()
	migrator, err := rivermigrate.New(riverpgxv5.New(pgtest.Pool(t)), nil)
	require.NoError(t, err)
	res, err := migrator.Validate(t.Context(), nil)
	require.NoError(t, err)
	assert.True(t, res.OK, "%v", res.Messages)
	up, err := migrator.Migrate(t.Context(), rivermigrate.DirectionUp, nil)
	require.NoError(t, err)
	assert.Empty(t, up.Versions)
}
