package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/twofactor"
)

// CredentialStore is what issuing credentials needs from the database.
type CredentialStore interface {
	Store
	accesstoken.Store
	project.Store
	RevokePersonalAccessToken(ctx context.Context, id int64) error
	EnableOTP(ctx context.Context, username, secret string) (store.User, error)
	CreateErrorTrackingClientKey(ctx context.Context, projectID int64, publicKey string) error
}

// IssueToken creates a personal access token for a user under GitLab's rules (an administrator
// may also grant admin_mode and sudo). The token is in the answer and nowhere else.
func IssueToken(ctx context.Context, st CredentialStore, username string, req accesstoken.Request, now time.Time) (accesstoken.Created, error) {
	u, err := st.UserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return accesstoken.Created{}, fmt.Errorf("there is no user %q", username)
	} else if err != nil {
		return accesstoken.Created{}, err
	}
	return accesstoken.Issue(ctx, st, u, req, now)
}

// RevokeToken revokes a personal access token by id.
func RevokeToken(ctx context.Context, st CredentialStore, id int64) error {
	err := st.RevokePersonalAccessToken(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no personal access token %d", id)
	}
	return err
}

// EnableTwoFactor enrols a new authenticator-app secret for a user and returns the otpauth://
// URI to scan. A previous secret and its recovery codes are replaced.
func EnableTwoFactor(ctx context.Context, st CredentialStore, username, issuer string) (string, error) {
	secret := twofactor.NewSecret()
	u, err := st.EnableOTP(ctx, username, secret)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("there is no user %q", username)
	} else if err != nil {
		return "", err
	}
	return twofactor.OTPAuthURI(issuer, u.Username, secret), nil
}

// ErrorTrackingKeyPrefix is GitLab's prefix for error-tracking client keys.
const ErrorTrackingKeyPrefix = "glet_"

// CreateErrorTrackingKey creates an active client key for a project (by full path) and returns
// its public key and whether the project has error tracking enabled.
func CreateErrorTrackingKey(ctx context.Context, st CredentialStore, projectPath string) (publicKey string, trackingEnabled bool, err error) {
	p, err := project.Resolve(ctx, st, project.Ref{Path: projectPath})
	if errors.Is(err, project.ErrNotFound) {
		return "", false, fmt.Errorf("there is no project %q", projectPath)
	} else if err != nil {
		return "", false, err
	}
	publicKey = secret.NewToken(ErrorTrackingKeyPrefix)
	if err := st.CreateErrorTrackingClientKey(ctx, p.ID, publicKey); err != nil {
		return "", false, err
	}
	return publicKey, p.ErrorTrackingEnabled, nil
}
