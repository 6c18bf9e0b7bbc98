package auth_test

import (
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
