package accesstoken_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

func TestVerify_TellsValidExpiredRevokedAndUnknownTokensApart(t *testing.T) {
	st := withWorld(t, pgtest.Store(t), `
users:
  - id: 1
    username: root
    email: root@example.com
    admin: true
    personal_access_tokens:
      - {name: forever, token: glpat-forever, scopes: [api, admin_mode]}
      - {name: tomorrow, token: glpat-tomorrow, scopes: [read_api], expires_at: 2026-06-16}
      - {name: today, token: glpat-today, scopes: [api], expires_at: 2026-06-15}
      - {name: yesterday, token: glpat-yesterday, scopes: [api], expires_at: 2026-06-14}
      - {name: revoked, token: glpat-revoked, scopes: [api], revoked: true}
      - {name: revoked and expired, token: glpat-revoked-expired, scopes: [api], expires_at: 2020-01-01, revoked: true}
  - id: 2
    username: blocked
    email: blocked@example.com
    state: blocked
    personal_access_tokens:
      - {name: valid, token: glpat-blocked, scopes: [read_user]}
`)
	// Late in the day, so that "today" is not merely the first instant of it.
	now := time.Date(2026, 6, 15, 23, 59, 0, 0, time.UTC)
	cases := []struct {
		name, token string
		err         error
		owner       accesstoken.Owner
	}{
		{"a token without expiry", "glpat-forever", nil,
			accesstoken.Owner{UserID: 1, Admin: true, State: "active", Scopes: []string{"api", "admin_mode"}}},
		{"a token expiring tomorrow", "glpat-tomorrow", nil,
			accesstoken.Owner{UserID: 1, Admin: true, State: "active", Scopes: []string{"read_api"}}},
		{"a token of a blocked user: valid, the owner's state says the rest", "glpat-blocked", nil,
			accesstoken.Owner{UserID: 2, State: "blocked", Scopes: []string{"read_user"}}},
		{"a token expiring today is expired already", "glpat-today", accesstoken.ErrExpired, accesstoken.Owner{}},
		{"a token that expired yesterday", "glpat-yesterday", accesstoken.ErrExpired, accesstoken.Owner{}},
		{"a revoked token", "glpat-revoked", accesstoken.ErrRevoked, accesstoken.Owner{}},
		{"a revoked and expired token is reported expired, as GitLab does", "glpat-revoked-expired", accesstoken.ErrExpired, accesstoken.Owner{}},
		{"an unknown token", "glpat-nobody", accesstoken.ErrUnknown, accesstoken.Owner{}},
		{"an empty token", "", accesstoken.ErrUnknown, accesstoken.Owner{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			owner, err := accesstoken.Verify(t.Context(), st, tc.token, now)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				assert.ErrorIs(t, err, accesstoken.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.NotZero(t, owner.TokenID)
			owner.TokenID = 0
			assert.Equal(t, tc.owner, owner)
		})
	}
	t.Run("the errors are distinct", func(t *testing.T) {
		assert.NotErrorIs(t, accesstoken.ErrExpired, accesstoken.ErrRevoked)
		assert.NotErrorIs(t, accesstoken.ErrRevoked, accesstoken.ErrUnknown)
		assert.NotErrorIs(t, accesstoken.ErrUnknown, accesstoken.ErrExpired)
	})
}

func TestOwner_ReportsActivityAndScopes(t *testing.T) {
	owner := accesstoken.Owner{State: "active", Scopes: []string{"api", "read_user"}}
	assert.True(t, owner.Active())
	assert.True(t, owner.HasScope("read_user"))
	assert.False(t, owner.HasScope("admin_mode"))
	owner.State = "deactivated"
	assert.False(t, owner.Active())
}
