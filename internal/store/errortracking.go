package store

import (
	"context"

	"github.com/glia-dev/glia/gen/db"
)

// ErrorTrackingKeyStatus says whether a project tracks errors and whether a client key is active.
type ErrorTrackingKeyStatus = db.GetErrorTrackingKeyStatusRow

// ErrorTrackingKeyStatusOf reads, in one round trip, whether the project has error tracking
// enabled and an active client key with exactly publicKey. ErrNotFound means no such project.
func (s *Store) ErrorTrackingKeyStatusOf(ctx context.Context, projectID int64, publicKey string) (ErrorTrackingKeyStatus, error) {
	st, err := s.q.GetErrorTrackingKeyStatus(ctx, db.GetErrorTrackingKeyStatusParams{ProjectID: projectID, PublicKey: publicKey})
	return st, mapError(err)
}

// CreateErrorTrackingClientKey records an active client key for a project.
func (s *Store) CreateErrorTrackingClientKey(ctx context.Context, projectID int64, publicKey string) error {
	return mapError(s.q.CreateErrorTrackingClientKey(ctx, db.CreateErrorTrackingClientKeyParams{ProjectID: projectID, PublicKey: publicKey}))
}
