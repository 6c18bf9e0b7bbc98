package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/glia-dev/glia/internal/auth"
)

// Every internal-API call verifies one JWT before anything else.

func BenchmarkShellVerifier_VerifyJWT(b *testing.B) {
	v := auth.NewShellVerifier([]byte(shellFile), clock)
	token := sign(b, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"),
		jwt.MapClaims{"iss": "gitlab-shell", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()})
	b.ReportAllocs()
	for b.Loop() {
		if err := v.VerifyJWT(token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKASVerifier_VerifyJWT(b *testing.B) {
	key := []byte("0123456789abcdef0123456789abcdef")
	v := auth.NewKASVerifier(key, clock)
	token := sign(b, jwt.SigningMethodHS256, key, jwt.MapClaims{"iss": "gitlab-kas", "aud": []string{"gitlab"},
		"iat": now.Unix(), "nbf": now.Add(-5 * time.Second).Unix(), "exp": now.Add(30 * time.Second).Unix()})
	b.ReportAllocs()
	for b.Loop() {
		if err := v.VerifyJWT(token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCustomersDotVerify(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := auth.ParseCustomersDotKeys(jwks("k1", &key.PublicKey))
	if err != nil {
		b.Fatal(err)
	}
	v := auth.NewCustomersDotVerifier(keys, testIssuer, time.Now)
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, validClaims())
	token.Header["kid"] = "k1"
	signed, err := token.SignedString(key)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.VerifyJWT(signed); err != nil {
			b.Fatal(err)
		}
	}
}
