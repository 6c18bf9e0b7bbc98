package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// CustomersDot JWT claims (GitLab's CustomersDot::Jwt): CustomersDot signs for GitLab's
// subscription API as its internal API client.
const (
	CustomersDotSubject       = "customers-dot-internal-api"
	CustomersDotAudience      = "gitlab-subscriptions"
	DefaultCustomersDotIssuer = "https://customers.gitlab.com"
)

const (
	// customersDotLeeway absorbs clock skew between CustomersDot and glia.
	customersDotLeeway = 30 * time.Second
	// jwksRefreshInterval is how long a fetched JWKS is trusted, as long as GitLab caches it.
	jwksRefreshInterval = 15 * time.Minute
	jwksFetchTimeout    = 10 * time.Second
)

// CustomersDotVerifier checks the X-Customers-Dot-Internal-Token JWT against CustomersDot's
// signing keys. The zero value (no keys configured) accepts no token.
type CustomersDotVerifier struct {
	keys   jwt.Keyfunc
	parser *jwt.Parser
}

// NewCustomersDotVerifier verifies tokens signed by keys (nil: every token is refused) and
// issued by issuer.
func NewCustomersDotVerifier(keys jwt.Keyfunc, issuer string, now func() time.Time) *CustomersDotVerifier {
	return &CustomersDotVerifier{
		keys: keys,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg(), jwt.SigningMethodRS384.Alg(), jwt.SigningMethodRS512.Alg()}),
			jwt.WithIssuer(issuer),
			jwt.WithSubject(CustomersDotSubject),
			jwt.WithAudience(CustomersDotAudience),
			jwt.WithExpirationRequired(),
			jwt.WithLeeway(customersDotLeeway),
			jwt.WithTimeFunc(now),
		),
	}
}

// VerifyJWT checks algorithm, signature (the key the token's kid names), issuer, subject,
// audience, expiry and not-before.
func (v *CustomersDotVerifier) VerifyJWT(token string) error {
	if v == nil || v.keys == nil {
		return ErrInvalidCredential
	}
	if _, err := v.parser.Parse(token, v.keys); err != nil {
		return ErrInvalidCredential
	}
	return nil
}

// LoadCustomersDotKeys reads CustomersDot's signing keys from source: a JWKS file, read once,
// or an http(s) URL, fetched in the background and refreshed every 15 minutes (a token naming
// an unknown kid triggers an early refresh). A URL that cannot be fetched at start is logged,
// not fatal: CustomersDot being away must not keep glia's other APIs down.
func LoadCustomersDotKeys(ctx context.Context, source string, logger *slog.Logger) (jwt.Keyfunc, error) {
	if strings.HasPrefix(source, "https://") || strings.HasPrefix(source, "http://") {
		noFirstError := true
		k, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{source}, keyfunc.Override{
			HTTPTimeout:               jwksFetchTimeout,
			RefreshInterval:           jwksRefreshInterval,
			NoErrorReturnFirstHTTPReq: &noFirstError,
			RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
				return func(_ context.Context, err error) {
					logger.Warn("CustomersDot JWKS could not be fetched", slog.String("url", u), slog.Any("err", err))
				}
			},
		})
		if err != nil {
			return nil, fmt.Errorf("CustomersDot JWKS %s: %w", source, err)
		}
		return k.Keyfunc, nil
	}
	raw, err := os.ReadFile(source)
	if err != nil {
		return nil, fmt.Errorf("read CustomersDot JWKS: %w", err)
	}
	return ParseCustomersDotKeys(raw)
}

// ParseCustomersDotKeys reads a JWKS document (RFC 7517).
func ParseCustomersDotKeys(jwks []byte) (jwt.Keyfunc, error) {
	var probe struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(jwks, &probe); err != nil || len(probe.Keys) == 0 {
		return nil, fmt.Errorf("CustomersDot JWKS is not a JSON Web Key Set with keys")
	}
	k, err := keyfunc.NewJWKSetJSON(jwks)
	if err != nil {
		return nil, fmt.Errorf("CustomersDot JWKS: %w", err)
	}
	return k.Keyfunc, nil
}
