package accesstoken_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

const createWorld = `
users:
  - id: 7
    username: rubi
    email: rubi@example.com
`

var createNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestCreate_StoresTheDigestAndNeverThePlaintext(t *testing.T) {
	pool := pgtest.Pool(t)
	st := withWorld(t, store.New(pool), createWorld)
	userID := int64(7)
	created, err := accesstoken.Create(t.Context(), st, accesstoken.Request{
		UserID: &userID, Name: "laptop", Scopes: []string{"read_repository", "api", "api"}, ExpiresAt: "2027-01-31",
	}, createNow)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(created.Token, secret.PersonalAccessTokenPrefix), created.Token)

	// Every column of every row, as text: the plaintext (or its random part) appears nowhere.
	rows, err := pool.Query(t.Context(), `SELECT t::text FROM personal_access_tokens t`)
	require.NoError(t, err)
	var stored []string
	for rows.Next() {
		var row string
		require.NoError(t, rows.Scan(&row))
		stored = append(stored, row)
	}
	require.NoError(t, rows.Err())
	require.Len(t, stored, 1)
	assert.Contains(t, stored[0], secret.Digest(created.Token))
	assert.NotContains(t, stored[0], created.Token)
	assert.NotContains(t, stored[0], strings.TrimPrefix(created.Token, secret.PersonalAccessTokenPrefix))
	assert.Contains(t, stored[0], "{read_repository,api}")
	assert.Contains(t, stored[0], "2027-01-31")
	assert.Contains(t, stored[0], "laptop")
}

func TestCreate_IsRefusedWithGitLabsMessageAndRecordsNothing(t *testing.T) {
	pool := pgtest.Pool(t)
	st := withWorld(t, store.New(pool), createWorld)
	userID := int64(7)
	_, err := accesstoken.Create(t.Context(), st, accesstoken.Request{
		UserID: &userID, Name: "laptop", Scopes: []string{"api"}, ExpiresAt: "2030-01-01",
	}, createNow)
	var refusal accesstoken.Refusal
	require.ErrorAs(t, err, &refusal)
	assert.Equal(t, "Failed to create token: Expires at must be before 2027-11-25", refusal.Error())

	var count int
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT count(*) FROM personal_access_tokens`).Scan(&count))
	assert.Zero(t, count)
}
