package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/twofactor"
)

// GitLab Shell's 2fa_verify sends these two concurrently and takes the first success. Both always
// answer 200: refusals are success:false with the message the shell shows.

// PostTwoFactorManualOTPCheck checks the code the user typed and, on success, opens the key's
// OTP session.
func (s *Server) PostTwoFactorManualOTPCheck(ctx context.Context, req gen.PostTwoFactorManualOTPCheckRequestObject) (gen.PostTwoFactorManualOTPCheckResponseObject, error) {
	var p actor.Params
	var typed string
	if b := req.JSONBody; b != nil { // form bodies arrive as JSON too (httpmw.foldRailsParams)
		p = twoFactorActor(b.KeyID, b.UserID)
		if b.OTPAttempt != nil {
			typed = *b.OTPAttempt
		}
	}
	if err := s.touchKey(ctx, p.KeyID); err != nil {
		return nil, err
	}
	err := twofactor.VerifyManualOTP(ctx, s.store, p, typed, s.opts.Now())
	if refusal, ok := errors.AsType[*twofactor.Refusal](err); ok {
		return gen.PostTwoFactorManualOTPCheck200JSONResponse{Success: false, Message: &refusal.Message}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostTwoFactorManualOTPCheck200JSONResponse{Success: true}, nil
}

// PostTwoFactorPushOTPCheck is the push-notification half, which glia cannot offer (see
// twofactor.VerifyPush).
func (s *Server) PostTwoFactorPushOTPCheck(ctx context.Context, req gen.PostTwoFactorPushOTPCheckRequestObject) (gen.PostTwoFactorPushOTPCheckResponseObject, error) {
	var p actor.Params
	if b := req.JSONBody; b != nil {
		p = twoFactorActor(b.KeyID, b.UserID)
	}
	if err := s.touchKey(ctx, p.KeyID); err != nil {
		return nil, err
	}
	err := twofactor.VerifyPush(ctx, s.store, p)
	if refusal, ok := errors.AsType[*twofactor.Refusal](err); ok {
		return gen.PostTwoFactorPushOTPCheck200JSONResponse{Success: false, Message: &refusal.Message}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostTwoFactorPushOTPCheck200JSONResponse{Success: true}, nil
}
