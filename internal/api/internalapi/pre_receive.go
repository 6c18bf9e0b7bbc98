package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/receive"
)

// PostPreReceive counts a push in progress on the repository (docs/gitlab-rules.md §8). Gitaly
// accepts only 200 with a JSON body, and a false counter fails the push, so a store failure is
// the generic 500 rather than a false that would look like an answer.
func (s *Server) PostPreReceive(ctx context.Context, req gen.PostPreReceiveRequestObject) (gen.PostPreReceiveResponseObject, error) {
	body := req.JSONBody
	if body == nil {
		body = &gen.PreReceive{} // the validator requires a body; this keeps nil out of reach
	}
	err := receive.PreReceive(ctx, s.store, body.GlRepository)
	switch {
	case errors.Is(err, project.ErrInvalidGLRepository):
		return gen.PostPreReceive400JSONResponse{Error: "gl_repository is invalid"}, nil
	case err != nil:
		return nil, err
	}
	return gen.PostPreReceive200JSONResponse{ReferenceCounterIncreased: true}, nil
}
