package geo_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/geo"
)

func TestProxyPush_SignsTheRepositoryAndTheActorAsGitLabsGeoRequestsDo(t *testing.T) {
	primary, err := url.Parse("https://primary.example.com")
	require.NoError(t, err)
	secret := []byte("secondary-secret-access-key")
	s := geo.Secondary{PrimaryURL: primary, AccessKey: "AK-secondary", SecretAccessKey: secret}
	now := time.Now().Truncate(time.Second)

	push, err := s.ProxyPush("gnuwget/wget2", "key-11", now)
	require.NoError(t, err)

	assert.Equal(t, "https://primary.example.com/gnuwget/wget2.git", push.PrimaryRepo)
	assert.Equal(t, []string{
		"This request to a Geo secondary node will be forwarded to the",
		"Geo primary node:",
		"",
		"  git@primary.example.com:gnuwget/wget2.git",
	}, push.ConsoleMessages)
	assert.Equal(t, []string{"/api/v4/geo/proxy_git_ssh/info_refs_receive_pack", "/api/v4/geo/proxy_git_ssh/receive_pack"}, push.APIEndpoints)

	keyAndToken, ok := strings.CutPrefix(push.RequestHeaders["Authorization"], "GL-Geo AK-secondary:")
	require.True(t, ok, push.RequestHeaders)
	var got struct {
		Data string `json:"data"`
		jwt.RegisteredClaims
	}
	_, err = jwt.ParseWithClaims(keyAndToken, &got, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	require.NoError(t, err)
	assert.JSONEq(t, `{"scope": "gnuwget/wget2", "gl_id": "key-11"}`, got.Data)
	assert.Equal(t, now.Add(time.Minute), got.ExpiresAt.Time)
	assert.Equal(t, now.Add(-5*time.Second), got.NotBefore.Time)
	assert.NotEmpty(t, got.ID)

	_, err = jwt.ParseWithClaims(keyAndToken, &got, func(*jwt.Token) (any, error) { return []byte("another site's secret"), nil })
	assert.ErrorIs(t, err, jwt.ErrSignatureInvalid, "only the site's own secret verifies it")
}

func TestProxyPush_RefusesToSignWithoutASecret(t *testing.T) {
	primary, _ := url.Parse("https://primary.example.com")
	_, err := geo.Secondary{PrimaryURL: primary, AccessKey: "AK"}.ProxyPush("a/b", "user-1", time.Now())
	assert.Error(t, err)
}
