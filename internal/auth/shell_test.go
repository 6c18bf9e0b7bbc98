package auth_test

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/auth"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func sign(t testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return token
}

// The secret file as GitLab writes it: hex and a trailing newline. gitlab-shell signs with the
// trimmed content.
const shellFile = "  0123456789abcdef0123456789abcdef\n"

func TestShellVerifier_AcceptsTheJWTGitLabShellSigns(t *testing.T) {
	v := auth.NewShellVerifier([]byte(shellFile), clock)
	key := []byte("0123456789abcdef0123456789abcdef")
	valid := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
	}
	cases := []struct {
		name   string
		token  string
		wantOK bool
	}{
		{"as gitlab-shell signs it", sign(t, jwt.SigningMethodHS256, key, valid()), true},
		{"expired within the 60 s leeway", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-shell", "exp": now.Add(-50 * time.Second).Unix()}), true},
		{"iat in the future is not checked", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-shell", "iat": now.Add(10 * time.Second).Unix(), "exp": now.Add(time.Minute).Unix()}), true},
		{"expired beyond the leeway", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-shell", "exp": now.Add(-61 * time.Second).Unix()}), false},
		{"without exp", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-shell"}), false},
		{"wrong issuer", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-kas", "exp": now.Add(time.Minute).Unix()}), false},
		{"signed with the untrimmed secret", sign(t, jwt.SigningMethodHS256, []byte(shellFile), valid()), false},
		{"signed with another key", sign(t, jwt.SigningMethodHS256, []byte("another"), valid()), false},
		{"HS512 instead of HS256", sign(t, jwt.SigningMethodHS512, key, valid()), false},
		{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid()), false},
		{"not a JWT", "not-a-jwt", false},
		{"empty", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := v.VerifyJWT(tc.token)
			if tc.wantOK {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, auth.ErrInvalidCredential)
			}
		})
	}
}

func TestShellVerifier_AcceptsTheSeedsLegacySharedSecret(t *testing.T) {
	v := auth.NewShellVerifier([]byte(shellFile), clock)
	raw := "0123456789abcdef0123456789abcdef"
	b64 := base64.StdEncoding.EncodeToString([]byte(shellFile))

	assert.NoError(t, v.VerifySharedSecretHeader(b64), "header: base64 of the file as written")
	assert.NoError(t, v.VerifySharedSecretHeader(base64.StdEncoding.EncodeToString([]byte(raw))), "header: base64 of the trimmed secret")
	assert.ErrorIs(t, v.VerifySharedSecretHeader(raw), auth.ErrInvalidCredential, "header: the raw secret is not base64 of it")
	assert.ErrorIs(t, v.VerifySharedSecretHeader(base64.StdEncoding.EncodeToString([]byte("wrong"))), auth.ErrInvalidCredential)

	assert.NoError(t, v.VerifySecretTokenParam(raw), "param: raw, as GitLab's code compared it")
	assert.NoError(t, v.VerifySecretTokenParam(b64), "param: base64, as the seed documents it")
	assert.ErrorIs(t, v.VerifySecretTokenParam("wrong"), auth.ErrInvalidCredential)
}

func TestKASVerifier_ChecksIssuerAudienceAndLifetime(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	v := auth.NewKASVerifier(key, clock)
	claims := func(aud any, nbf, exp time.Time) jwt.MapClaims {
		return jwt.MapClaims{"iss": "gitlab-kas", "aud": aud, "iat": now.Unix(), "nbf": nbf.Unix(), "exp": exp.Unix()}
	}
	ok := []struct {
		name  string
		token string
	}{
		{"audience as array (current kas)", sign(t, jwt.SigningMethodHS256, key, claims([]string{"gitlab"}, now.Add(-5*time.Second), now.Add(30*time.Second)))},
		{"audience as string (old kas)", sign(t, jwt.SigningMethodHS256, key, claims("gitlab", now.Add(-5*time.Second), now.Add(30*time.Second)))},
		{"not-before a little in the future", sign(t, jwt.SigningMethodHS256, key, claims("gitlab", now.Add(5*time.Second), now.Add(30*time.Second)))},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) { assert.NoError(t, v.VerifyJWT(tc.token)) })
	}
	bad := []struct {
		name  string
		token string
	}{
		{"wrong audience", sign(t, jwt.SigningMethodHS256, key, claims([]string{"other"}, now, now.Add(30*time.Second)))},
		{"no audience", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-kas", "exp": now.Add(30 * time.Second).Unix()})},
		{"wrong issuer", sign(t, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-shell", "aud": "gitlab", "exp": now.Add(30 * time.Second).Unix()})},
		{"expired", sign(t, jwt.SigningMethodHS256, key, claims("gitlab", now.Add(-time.Minute), now.Add(-20*time.Second)))},
		{"not yet valid", sign(t, jwt.SigningMethodHS256, key, claims("gitlab", now.Add(time.Minute), now.Add(2*time.Minute)))},
		{"another key", sign(t, jwt.SigningMethodHS256, []byte("fedcba9876543210fedcba9876543210"), claims("gitlab", now, now.Add(30*time.Second)))},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) { assert.ErrorIs(t, v.VerifyJWT(tc.token), auth.ErrInvalidCredential) })
	}
}
