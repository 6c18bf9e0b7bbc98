// Package errortracking answers whether an error-tracking client key may report for a project
// (the question GitLab's error-tracking ingestion service asks before accepting events).
package errortracking

import (
	"context"
	"errors"
	"fmt"

	"github.com/glia-dev/glia/internal/store"
)

// ErrProjectNotFound means the project asked about does not exist.
var ErrProjectNotFound = errors.New("project not found")

// Store is what the error-tracking check needs from the database.
type Store interface {
	ErrorTrackingKeyStatusOf(ctx context.Context, projectID int64, publicKey string) (store.ErrorTrackingKeyStatus, error)
}

// Enabled reports whether events signed with publicKey are accepted for the project: error
// tracking is enabled for it and it has an active client key with exactly that public key.
// GitLab also requires the instance-wide setting and the gitlab_error_tracking feature flag;
// glia has neither and treats both as on.
func Enabled(ctx context.Context, db Store, projectID int64, publicKey string) (bool, error) {
	st, err := db.ErrorTrackingKeyStatusOf(ctx, projectID, publicKey)
	if errors.Is(err, store.ErrNotFound) {
		return false, ErrProjectNotFound
	} else if err != nil {
		return false, fmt.Errorf("read error-tracking key status: %w", err)
	}
	return st.TrackingEnabled && st.KeyActive, nil
}
