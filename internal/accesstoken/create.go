package accesstoken

import (
	"context"
	"fmt"
	"time"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
)

// Request is what GitLab Shell asks for. Absent and blank values are alike, as in GitLab, which
// tests them with blank? and presence.
type Request struct {
	KeyID, UserID *int64
	Name          string
	Scopes        []string
	ExpiresAt     string
}

// Created is a new token. Token is the plaintext: it is in this answer and stored nowhere.
type Created struct {
	ID        int64
	Token     string
	Scopes    []string
	ExpiresAt time.Time // a date: midnight UTC
}

// Create makes a personal access token for the SSH user, checking the request in GitLab's
// order (docs/gitlab-rules.md §7). Every reason GitLab gives for not creating one is a Refusal;
// other errors are failures. Nothing but the token's row is recorded.
func Create(ctx context.Context, db Store, req Request, now time.Time) (Created, error) {
	user, err := requester(ctx, db, req.KeyID, req.UserID)
	if err != nil {
		return Created{}, err
	}
	return create(ctx, db, user, req, allowedScopes, now)
}

// Issue makes a token for a user at an administrator's request (glia token issue): GitLab
// Shell's rules, except that the administrative scopes (admin_mode, sudo) may be granted.
func Issue(ctx context.Context, db Store, user store.User, req Request, now time.Time) (Created, error) {
	return create(ctx, db, user, req, administratorScopes, now)
}

// create checks the request against the allowed scopes and GitLab's creation rules, then
// records the token's digest.
func create(ctx context.Context, db Store, user store.User, req Request, allowed []string, now time.Time) (Created, error) {
	today := dateOf(now)
	expiresAt, err := checkRequest(req, allowed, today)
	if err != nil {
		return Created{}, err
	}
	if reason := creationProblem(user, req.Name, expiresAt, today); reason != "" {
		return Created{}, Refusal(failedToCreate + reason)
	}
	token := secret.NewToken(secret.PersonalAccessTokenPrefix)
	scopes := distinct(req.Scopes)
	id, err := db.CreatePersonalAccessToken(ctx, store.NewPersonalAccessToken{
		UserID: user.ID, Name: req.Name, TokenDigest: secret.Digest(token), Scopes: scopes, ExpiresAt: expiresAt,
	})
	if err != nil {
		return Created{}, fmt.Errorf("record personal access token: %w", err)
	}
	return Created{ID: id, Token: token, Scopes: scopes, ExpiresAt: expiresAt}, nil
}

// dateOf is the day t falls on in UTC, GitLab's default time zone, as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
