package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 3): stub until this operation is implemented.

func (s *Server) PostLFSAuthenticate(context.Context, gen.PostLFSAuthenticateRequestObject) (gen.PostLFSAuthenticateResponseObject, error) {
	return nil, apierror.NotImplemented("postLFSAuthenticate")
}
