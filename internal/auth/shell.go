// Package auth verifies the credentials glia's callers present: the JWTs GitLab Shell, Gitaly and
// kas sign with their shared secrets, the seed document's legacy shared-secret forms, and (by
// digest) the tokens stored in the database. Secrets are compared in constant time only.
package auth

import (
	"bytes"
	"encoding/base64"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/glia-dev/glia/internal/secret"
)

// ErrInvalidCredential means a credential was presented and is wrong (or expired, or malformed).
var ErrInvalidCredential = errors.New("invalid credential")

// ShellJWTIssuer is the issuer gitlab-shell and Gitaly write into their JWTs.
const ShellJWTIssuer = "gitlab-shell"

// shellLeeway is the clock skew GitLab allows on the shell JWT's exp and nbf.
const shellLeeway = 60 * time.Second

// ShellVerifier checks the credentials of GitLab Shell and Gitaly.
type ShellVerifier struct {
	// secret is the file's content with surrounding whitespace removed: the key callers sign with.
	secret []byte
	parser *jwt.Parser
}

// NewShellVerifier builds a verifier for the given secret file content.
func NewShellVerifier(fileContent []byte, now func() time.Time) *ShellVerifier {
	return &ShellVerifier{
		secret: bytes.TrimSpace(fileContent),
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(ShellJWTIssuer),
			jwt.WithExpirationRequired(),
			jwt.WithLeeway(shellLeeway),
			jwt.WithTimeFunc(now),
		),
	}
}

// VerifyJWT checks a Gitlab-Shell-Api-Request header: HS256 over the trimmed secret, issuer
// gitlab-shell, not expired (60 s leeway, as GitLab). iat is not checked, as in GitLab.
func (v *ShellVerifier) VerifyJWT(token string) error {
	_, err := v.parser.Parse(token, func(*jwt.Token) (any, error) { return v.secret, nil })
	if err != nil {
		return ErrInvalidCredential
	}
	return nil
}

// VerifySharedSecretHeader checks the seed's Gitlab-Shared-Secret header: the secret, base64
// encoded (standard alphabet).
func (v *ShellVerifier) VerifySharedSecretHeader(value string) error {
	decoded, err := base64.StdEncoding.DecodeString(value)
	if err != nil || !secret.Equal(bytes.TrimSpace(decoded), v.secret) {
		return ErrInvalidCredential
	}
	return nil
}

// VerifySecretTokenParam checks the seed's secret_token parameter. The seed says it is base64
// encoded; GitLab's code compared it raw. Both forms are accepted.
func (v *ShellVerifier) VerifySecretTokenParam(value string) error {
	if secret.Equal(bytes.TrimSpace([]byte(value)), v.secret) {
		return nil
	}
	return v.VerifySharedSecretHeader(value)
}
