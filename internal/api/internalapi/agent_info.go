package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 5): not implemented yet; answers 501.

func (s *Server) GetAgentInfo(context.Context, gen.GetAgentInfoRequestObject) (gen.GetAgentInfoResponseObject, error) {
	return nil, apierror.NotImplemented("getAgentInfo")
}
