package auth

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// KAS JWT claims: kas signs with issuer gitlab-kas for audience gitlab (a one-element array in
// current kas, a string in old ones; both are accepted).
const (
	KASJWTIssuer   = "gitlab-kas"
	KASJWTAudience = "gitlab"
)

// kasLeeway absorbs clock skew; kas itself backdates nbf by 5 s and gives tokens 30 s.
const kasLeeway = 10 * time.Second

// KASVerifier checks the Gitlab-Kas-Api-Request JWT.
type KASVerifier struct {
	key    []byte
	parser *jwt.Parser
}

// NewKASVerifier builds a verifier for the decoded 32-byte kas secret.
func NewKASVerifier(key []byte, now func() time.Time) *KASVerifier {
	return &KASVerifier{
		key: key,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(KASJWTIssuer),
			jwt.WithAudience(KASJWTAudience),
			jwt.WithExpirationRequired(),
			jwt.WithLeeway(kasLeeway),
			jwt.WithTimeFunc(now),
		),
	}
}

// VerifyJWT checks algorithm, signature, issuer, audience, expiry and not-before.
func (v *KASVerifier) VerifyJWT(token string) error {
	_, err := v.parser.Parse(token, func(*jwt.Token) (any, error) { return v.key, nil })
	if err != nil {
		return ErrInvalidCredential
	}
	return nil
}
