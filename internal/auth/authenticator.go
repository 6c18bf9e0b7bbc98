package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
)

// Errors an authentication attempt ends with. ErrInvalidCredential is declared in shell.go.
var (
	// ErrMissingCredential means the scheme's credential is not in the request at all.
	ErrMissingCredential = errors.New("missing credential")
	// ErrKASJWTInvalid is kas's JWT failing; GitLab answers it with its own message.
	ErrKASJWTInvalid = errors.New("KAS JWT authentication invalid")
	// ErrForbidden means the credential is valid but its owner may not use this API
	// (a personal access token of a user who is not an administrator).
	ErrForbidden = errors.New("forbidden")
)

// Headers and parameters carrying credentials.
const (
	HeaderShellJWT     = "Gitlab-Shell-Api-Request"
	HeaderSharedSecret = "Gitlab-Shared-Secret"
	ParamSecretToken   = "secret_token"
	HeaderKASJWT       = "Gitlab-Kas-Api-Request"
	HeaderAgentkToken  = "Gitlab-Agentk-Api-Request"
	HeaderAgentToken   = "Gitlab-Agent-Api-Request"
	HeaderPrivateToken = "Private-Token"
	HeaderSeedToken    = "Token"
	HeaderCustomersDot = "X-Customers-Dot-Internal-Token"
	groupPathParam     = "group_path"
	bearerPrefix       = "Bearer "
	adminRequiredScope = "api"
)

// Credentials is what the authenticator needs from the database.
type Credentials interface {
	AgentByTokenDigest(ctx context.Context, digest string) (store.AgentCredential, error)
	TouchAgentToken(ctx context.Context, tokenID int64) error
	accesstoken.Lookup
	SCIMCredentials
}

// Authenticator checks one security scheme of the specs at a time, by the scheme's name in the
// spec, and records who the caller is.
type Authenticator struct {
	shell         *ShellVerifier
	kas           *KASVerifier
	errorTracking *ErrorTrackingVerifier
	customersDot  *CustomersDotVerifier
	creds         Credentials
}

// NewAuthenticator wires the verifiers and the credential store. customersDot may be nil (no
// CustomersDot keys configured: its JWT is always refused).
func NewAuthenticator(shell *ShellVerifier, kas *KASVerifier, errorTracking *ErrorTrackingVerifier, customersDot *CustomersDotVerifier, creds Credentials) *Authenticator {
	return &Authenticator{shell: shell, kas: kas, errorTracking: errorTracking, customersDot: customersDot, creds: creds}
}

// Authenticate verifies the credential of scheme in r. pathParams are the matched route's path
// parameters (SCIM tokens are only valid for the group in the path). On success the caller is
// recorded in the context's holder (see WithCaller).
func (a *Authenticator) Authenticate(ctx context.Context, scheme string, r *http.Request, pathParams map[string]string) error {
	caller := callerHolder(ctx)
	switch scheme {
	case "shellJWT":
		return a.check(caller, KindShell, r.Header.Get(HeaderShellJWT), a.shell.VerifyJWT)
	case "sharedSecret":
		return a.check(caller, KindShell, r.Header.Get(HeaderSharedSecret), a.shell.VerifySharedSecretHeader)
	case "secretToken":
		return a.check(caller, KindShell, r.URL.Query().Get(ParamSecretToken), a.shell.VerifySecretTokenParam)
	case "errorTrackingTokenParam":
		return a.check(caller, KindErrorTracking, r.URL.Query().Get(ParamErrorTrackingToken), a.errorTracking.VerifyToken)
	case "errorTrackingToken":
		if r.URL.Query().Has(ParamErrorTrackingToken) { // the parameter is judged instead
			return ErrInvalidCredential
		}
		return a.check(caller, KindErrorTracking, r.Header.Get(HeaderErrorTrackingToken), a.errorTracking.VerifyToken)
	case "kasJWT":
		return a.verifyKAS(caller, r)
	case "agentToken":
		return a.agent(ctx, caller, r, bearer(r))
	case "agentkToken":
		return a.agent(ctx, caller, r, r.Header.Get(HeaderAgentkToken))
	case "agentHeaderToken":
		return a.agent(ctx, caller, r, r.Header.Get(HeaderAgentToken))
	case "privateToken":
		return a.admin(ctx, caller, r, r.Header.Get(HeaderPrivateToken))
	case "bearerToken":
		return a.admin(ctx, caller, r, bearer(r))
	case "seedToken":
		return a.admin(ctx, caller, r, r.Header.Get(HeaderSeedToken))
	case "customersDotJWT":
		return a.check(caller, KindCustomersDot, r.Header.Get(HeaderCustomersDot), a.customersDot.VerifyJWT)
	case "scimToken":
		return a.scim(ctx, caller, r, pathParams[groupPathParam])
	}
	return errors.New("unknown security scheme " + scheme)
}

func (a *Authenticator) check(caller *Caller, kind CallerKind, value string, verify func(string) error) error {
	if value == "" {
		return ErrMissingCredential
	}
	if err := verify(value); err != nil {
		return err
	}
	caller.Kind = kind
	return nil
}

// verifyKAS checks the kas JWT once per request, whichever scheme asks first. With the kas API
// switched off it answers the 404 instead: GitLab checked its flag before the JWT.
func (a *Authenticator) verifyKAS(caller *Caller, r *http.Request) error {
	if a.kas.switchedOff {
		return errKASAPIOff
	}
	if caller.kasVerified {
		return nil
	}
	token := r.Header.Get(HeaderKASJWT)
	if token == "" || a.kas.VerifyJWT(token) != nil {
		return ErrKASJWTInvalid
	}
	caller.kasVerified = true
	if caller.Kind == KindNone {
		caller.Kind = KindKAS
	}
	return nil
}

// agent verifies an agent token. GitLab checks the kas JWT before the agent token, so a request
// with neither gets the kas message.
func (a *Authenticator) agent(ctx context.Context, caller *Caller, r *http.Request, token string) error {
	if err := a.verifyKAS(caller, r); err != nil {
		return err
	}
	if token == "" {
		return ErrMissingCredential
	}
	agent, err := a.creds.AgentByTokenDigest(ctx, secret.Digest(token))
	if errors.Is(err, store.ErrNotFound) {
		return ErrInvalidCredential
	} else if err != nil {
		return err
	}
	caller.Kind, caller.AgentID, caller.AgentProjectID = KindAgent, agent.AgentID, agent.ProjectID
	// GitLab records each use of the token (TrackUsageService); checking the row's time first
	// spares the round trip of a no-op update.
	if agent.LastUsedAt == nil || agent.LastUsedAt.Before(time.Now().Add(-agentTokenTouchInterval)) {
		return a.creds.TouchAgentToken(ctx, agent.TokenID)
	}
	return nil
}

// agentTokenTouchInterval is how often an agent token's last use is written, as
// TouchAgentToken in queries/agents.sql throttles it.
const agentTokenTouchInterval = 40 * time.Minute

// admin verifies a personal access token of an administrator (the billing API's legacy
// credential): an unknown, revoked or expired token is 401, and so is a token without the api
// scope or of an inactive user; a valid token of a non-administrator is 403. Token expiry is
// judged by the real clock, as the shell JWT's is. A request carrying CustomersDot's JWT is
// judged by the JWT alone, as GitLab does: its token does not count.
func (a *Authenticator) admin(ctx context.Context, caller *Caller, r *http.Request, token string) error {
	if r.Header.Get(HeaderCustomersDot) != "" {
		return ErrInvalidCredential
	}
	if token == "" {
		return ErrMissingCredential
	}
	owner, err := accesstoken.Verify(ctx, a.creds, token, time.Now())
	if errors.Is(err, accesstoken.ErrInvalid) {
		return ErrInvalidCredential
	} else if err != nil {
		return err
	}
	if !owner.Active() || !owner.HasScope(adminRequiredScope) {
		return ErrInvalidCredential
	}
	if !owner.Admin {
		return ErrForbidden
	}
	caller.Kind, caller.UserID = KindAdmin, owner.UserID
	return nil
}

func bearer(r *http.Request) string {
	value := r.Header.Get("Authorization")
	if len(value) > len(bearerPrefix) && strings.EqualFold(value[:len(bearerPrefix)], bearerPrefix) {
		return strings.TrimSpace(value[len(bearerPrefix):])
	}
	return ""
}
