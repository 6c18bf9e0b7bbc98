package billingapi

import (
	"context"
	"errors"
	"net/http"

	openapi_types "github.com/oapi-codegen/runtime/types"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/minutepacks"
)

var packsUnsaved = message(http.StatusBadRequest, "400 Bad request - Unable to save additional packs")

// CreateMinutePacks records purchased compute-minute packs (current GitLab's path).
func (s *Server) CreateMinutePacks(ctx context.Context, req gen.CreateMinutePacksRequestObject) (gen.CreateMinutePacksResponseObject, error) {
	return s.createMinutePacks(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

// CreateNamespaceMinutePacks is the same at the seed's path.
func (s *Server) CreateNamespaceMinutePacks(ctx context.Context, req gen.CreateNamespaceMinutePacksRequestObject) (gen.CreateNamespaceMinutePacksResponseObject, error) {
	return s.createMinutePacks(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

func (s *Server) createMinutePacks(ctx context.Context, ref string, body *gen.MinutePackPurchase) (answer, error) {
	if body == nil { // the validator requires the body; this keeps nil out of reach
		return paramError("packs is missing"), nil
	}
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	packs := make([]minutepacks.Pack, len(body.Packs))
	for i, p := range body.Packs {
		packs[i] = minutepacks.Pack{PurchaseXID: p.PurchaseXID, NumberOfMinutes: p.NumberOfMinutes, ExpiresAt: p.ExpiresAt.Time}
	}
	stored, err := minutepacks.Add(ctx, s.store, ns.ID, packs)
	if errors.Is(err, minutepacks.ErrUnsaved) {
		return packsUnsaved, nil
	} else if err != nil {
		return answer{}, err
	}
	out := make([]gen.AdditionalPack, len(stored))
	for i, p := range stored {
		out[i] = gen.AdditionalPack{
			NamespaceID: int(p.NamespaceID), PurchaseXID: p.PurchaseXID,
			NumberOfMinutes: int(p.NumberOfMinutes), ExpiresAt: openapi_types.Date{Time: p.ExpiresAt},
		}
	}
	return answer{http.StatusCreated, out}, nil
}
