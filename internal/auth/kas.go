package auth

import (
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/glia-dev/glia/internal/apierror"
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
	// switchedOff is the instance's kas internal API being off (see WithKASAPI).
	switchedOff bool
}

// errKASAPIOff is GitLab's answer while its kubernetes_agent_internal_api flag is off: Grape's
// not_found!("Internal API not found"), hence the doubled wording.
var errKASAPIOff = &apierror.Error{Status: http.StatusNotFound, Message: "404 Internal API not found Not Found"}

// WithKASAPI returns v as an instance with its kas internal API on or off sees it. Off, every
// kas operation answers 404 before any credential is looked at, as GitLab before 16.7 answered
// with its ops flag kubernetes_agent_internal_api off (the flag, and the switch, are gone from
// current GitLab, whose kas API is always on). v itself has it on.
func WithKASAPI(v *KASVerifier, enabled bool) *KASVerifier {
	if enabled {
		return v
	}
	off := *v
	off.switchedOff = true
	return &off
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
