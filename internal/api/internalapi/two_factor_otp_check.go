package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 3): stub until this operation is implemented.

func (s *Server) PostTwoFactorManualOTPCheck(context.Context, gen.PostTwoFactorManualOTPCheckRequestObject) (gen.PostTwoFactorManualOTPCheckResponseObject, error) {
	return nil, apierror.NotImplemented("postTwoFactorManualOTPCheck")
}

func (s *Server) PostTwoFactorPushOTPCheck(context.Context, gen.PostTwoFactorPushOTPCheckRequestObject) (gen.PostTwoFactorPushOTPCheckResponseObject, error) {
	return nil, apierror.NotImplemented("postTwoFactorPushOTPCheck")
}
