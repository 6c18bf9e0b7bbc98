// Package secret holds the few primitives every credential in glia goes through: tokens are made
// with a recognisable prefix, stored only as digests, and compared in constant time.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// Token prefixes GitLab uses, so secret scanners recognise glia's tokens too.
const (
	PersonalAccessTokenPrefix = "glpat-"
	AgentTokenPrefix          = "glagent-"
	SCIMTokenPrefix           = "glsoat-"
)

// Digest is what glia stores instead of a token: the hex SHA-256 of it. Tokens are long random
// strings, so an unsalted fast hash is enough (as for GitLab's token_digest columns).
func Digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b []byte) bool {
	return subtle.ConstantTimeCompare(a, b) == 1
}

// NewToken returns prefix followed by 20 random bytes in URL-safe base32-like hex (40 chars).
func NewToken(prefix string) string {
	buf := make([]byte, 20)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
	return prefix + hex.EncodeToString(buf)
}
