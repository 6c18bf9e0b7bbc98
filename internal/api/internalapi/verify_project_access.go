package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 5): not implemented yet; answers 501.

func (s *Server) GetVerifyProjectAccess(context.Context, gen.GetVerifyProjectAccessRequestObject) (gen.GetVerifyProjectAccessResponseObject, error) {
	return nil, apierror.NotImplemented("getVerifyProjectAccess")
}
