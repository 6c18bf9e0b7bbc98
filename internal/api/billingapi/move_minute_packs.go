package billingapi

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/minutepacks"
	"github.com/glia-dev/glia/internal/store"
)

var targetNotFound = message(http.StatusNotFound, "404 Target namespace Not Found")

// MoveMinutePacks moves a namespace's packs to another (current GitLab's path).
func (s *Server) MoveMinutePacks(ctx context.Context, req gen.MoveMinutePacksRequestObject) (gen.MoveMinutePacksResponseObject, error) {
	return s.moveMinutePacks(ctx, req.ID, req.TargetID)
}

// MoveNamespaceMinutePacks is the same at the seed's path.
func (s *Server) MoveNamespaceMinutePacks(ctx context.Context, req gen.MoveNamespaceMinutePacksRequestObject) (gen.MoveNamespaceMinutePacksResponseObject, error) {
	return s.moveMinutePacks(ctx, req.ID, req.TargetID)
}

func (s *Server) moveMinutePacks(ctx context.Context, ref, targetRef string) (answer, error) {
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	target, found, err := s.namespace(ctx, targetRef)
	if err != nil || !found {
		return targetNotFound, err
	}
	err = minutepacks.Move(ctx, s.store, packNamespace(ns), packNamespace(target))
	var refused *minutepacks.MoveError
	if errors.As(err, &refused) {
		return message(http.StatusBadRequest, "400 Bad request - "+refused.Reason), nil
	} else if err != nil {
		return answer{}, err
	}
	return accepted, nil
}

func packNamespace(ns store.BillingNamespace) minutepacks.Namespace {
	return minutepacks.Namespace{ID: ns.ID, TopLevel: ns.ParentID == nil}
}
