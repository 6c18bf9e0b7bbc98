package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 5): not implemented yet; answers 501.

func (s *Server) GetProjectInfo(context.Context, gen.GetProjectInfoRequestObject) (gen.GetProjectInfoResponseObject, error) {
	return nil, apierror.NotImplemented("getProjectInfo")
}
