package internalapi

import (
	"context"
	"errors"
	"strings"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/errortracking"
)

// PostErrorTrackingAllowed tells the error-tracking service whether a client key may report for
// a project (docs/gitlab-rules.md §10). Both parameters are checked for blankness by hand, as GitLab
// does, which is why a missing one is 422 rather than a 400 parameter error.
func (s *Server) PostErrorTrackingAllowed(ctx context.Context, req gen.PostErrorTrackingAllowedRequestObject) (gen.PostErrorTrackingAllowedResponseObject, error) {
	body := req.JSONBody
	if body == nil || body.ProjectID == nil || body.PublicKey == nil || strings.TrimSpace(*body.PublicKey) == "" {
		return gen.PostErrorTrackingAllowed422JSONResponse{Message: "422 Unprocessable Entity"}, nil
	}
	enabled, err := errortracking.Enabled(ctx, s.store, *body.ProjectID, *body.PublicKey)
	if errors.Is(err, errortracking.ErrProjectNotFound) {
		return gen.PostErrorTrackingAllowed404JSONResponse{Message: "404 Not found"}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostErrorTrackingAllowed200JSONResponse{Enabled: enabled}, nil
}
