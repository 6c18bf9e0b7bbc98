package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/auth"
)

const testIssuer = "https://customers.test"

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

func jwks(kid string, key *rsa.PublicKey) []byte {
	doc, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}}})
	return doc
}

func validClaims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"iss": testIssuer, "sub": auth.CustomersDotSubject, "aud": auth.CustomersDotAudience,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
}

func signCD(t *testing.T, method jwt.SigningMethod, kid string, key any, claims jwt.MapClaims) string {
	t.Helper()
	token := jwt.NewWithClaims(method, claims)
	if kid != "" {
		token.Header["kid"] = kid
	}
	signed, err := token.SignedString(key)
	require.NoError(t, err)
	return signed
}

func newVerifier(t *testing.T) *auth.CustomersDotVerifier {
	t.Helper()
	keys, err := auth.ParseCustomersDotKeys(jwks("k1", &testKey().PublicKey))
	require.NoError(t, err)
	return auth.NewCustomersDotVerifier(keys, testIssuer, time.Now)
}

func with(change func(jwt.MapClaims)) jwt.MapClaims {
	c := validClaims()
	change(c)
	return c
}

func TestCustomersDotJWT_AcceptsCustomersDotsToken(t *testing.T) {
	v := newVerifier(t)
	assert.NoError(t, v.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(), validClaims())))
	assert.NoError(t, v.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(),
		with(func(c jwt.MapClaims) { c["aud"] = []string{"other", auth.CustomersDotAudience} }))), "audience as an array")
	assert.NoError(t, v.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(),
		with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-10 * time.Second).Unix() }))), "within the leeway")
}

func TestCustomersDotJWT_RefusesEveryOtherToken(t *testing.T) {
	v := newVerifier(t)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	valid := signCD(t, jwt.SigningMethodRS256, "k1", testKey(), validClaims())
	pubDER, err := x509.MarshalPKIXPublicKey(&testKey().PublicKey)
	require.NoError(t, err)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	cases := map[string]string{
		"wrong subject":                       signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { c["sub"] = "someone" })),
		"wrong audience":                      signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { c["aud"] = "gitlab" })),
		"wrong issuer":                        signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { c["iss"] = "https://evil.test" })),
		"no expiry":                           signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { delete(c, "exp") })),
		"expired":                             signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })),
		"not yet valid":                       signCD(t, jwt.SigningMethodRS256, "k1", testKey(), with(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() })),
		"unknown kid":                         signCD(t, jwt.SigningMethodRS256, "k2", testKey(), validClaims()),
		"another key":                         signCD(t, jwt.SigningMethodRS256, "k1", other, validClaims()),
		"alg none":                            signCD(t, jwt.SigningMethodNone, "k1", jwt.UnsafeAllowNoneSignatureType, validClaims()),
		"HS256 with the public key as secret": signCD(t, jwt.SigningMethodHS256, "k1", pubPEM, validClaims()),
		"HS256 with the DER public key":       signCD(t, jwt.SigningMethodHS256, "k1", pubDER, validClaims()),
		"tampered":                            valid[:len(valid)-4] + "AAAA",
		"not a JWT":                           "glpat-not-a-jwt",
	}
	for name, token := range cases {
		assert.ErrorIs(t, v.VerifyJWT(token), auth.ErrInvalidCredential, name)
	}
}

func TestCustomersDotJWT_WithoutKeysNothingIsValid(t *testing.T) {
	var none *auth.CustomersDotVerifier
	assert.ErrorIs(t, none.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(), validClaims())), auth.ErrInvalidCredential)
	assert.ErrorIs(t, auth.NewCustomersDotVerifier(nil, testIssuer, time.Now).VerifyJWT("x"), auth.ErrInvalidCredential)
}

func TestCustomersDotKeys_FromAFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "jwks.json")
	require.NoError(t, os.WriteFile(good, jwks("k1", &testKey().PublicKey), 0o600))
	keys, err := auth.LoadCustomersDotKeys(t.Context(), good, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	v := auth.NewCustomersDotVerifier(keys, testIssuer, time.Now)
	assert.NoError(t, v.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(), validClaims())))

	for name, content := range map[string]string{"not JSON": "{", "no keys": `{"keys":[]}`, "a PEM": "-----BEGIN PUBLIC KEY-----"} {
		bad := filepath.Join(dir, "bad.json")
		require.NoError(t, os.WriteFile(bad, []byte(content), 0o600))
		_, err := auth.LoadCustomersDotKeys(t.Context(), bad, slog.New(slog.DiscardHandler))
		assert.Error(t, err, name)
	}
	_, err = auth.LoadCustomersDotKeys(t.Context(), filepath.Join(dir, "missing.json"), slog.New(slog.DiscardHandler))
	assert.Error(t, err)
}

func TestCustomersDotKeys_FromAURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(jwks("k1", &testKey().PublicKey))
	}))
	defer srv.Close()
	keys, err := auth.LoadCustomersDotKeys(t.Context(), srv.URL+"/oauth/discovery/keys", slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	v := auth.NewCustomersDotVerifier(keys, testIssuer, time.Now)
	assert.NoError(t, v.VerifyJWT(signCD(t, jwt.SigningMethodRS256, "k1", testKey(), validClaims())))
}
