package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/twofactor"
)

// PostTwoFactorRecoveryCodes regenerates a user's recovery codes for GitLab Shell's
// 2fa_recovery_codes. Like GitLab it always answers 200: refusals are success:false with the
// message the shell shows.
func (s *Server) PostTwoFactorRecoveryCodes(ctx context.Context, req gen.PostTwoFactorRecoveryCodesRequestObject) (gen.PostTwoFactorRecoveryCodesResponseObject, error) {
	// Form bodies reach handlers as JSON: the validator folds them (httpmw.foldRailsParams).
	var p actor.Params
	if b := req.JSONBody; b != nil {
		p = twoFactorActor(b.KeyID, b.UserID)
	}
	if err := s.touchKey(ctx, p.KeyID); err != nil {
		return nil, err
	}
	codes, err := twofactor.RegenerateRecoveryCodes(ctx, s.store, p)
	if refusal, ok := errors.AsType[*twofactor.Refusal](err); ok {
		return gen.PostTwoFactorRecoveryCodes200JSONResponse{Success: false, Message: &refusal.Message}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostTwoFactorRecoveryCodes200JSONResponse{Success: true, RecoveryCodes: &codes}, nil
}

// twoFactorActor reads the actor of the two-factor commands: key_id (a digit string from GitLab
// Shell) or user_id (a number).
func twoFactorActor(keyID, userID *gen.IntegerOrDigits) actor.Params {
	return actor.Params{KeyID: integerOrDigits(keyID), UserID: integerOrDigits(userID)}
}
