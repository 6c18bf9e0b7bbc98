package billingapi

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/namespacelimits"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// UpdateNamespace changes a namespace's purchased limits (the seed's path).
func (s *Server) UpdateNamespace(ctx context.Context, req gen.UpdateNamespaceRequestObject) (gen.UpdateNamespaceResponseObject, error) {
	return s.updateNamespace(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

// UpdateSubscriptionNamespace is the same at current GitLab's path.
func (s *Server) UpdateSubscriptionNamespace(ctx context.Context, req gen.UpdateSubscriptionNamespaceRequestObject) (gen.UpdateSubscriptionNamespaceResponseObject, error) {
	return s.updateNamespace(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

// GetSubscriptionNamespace answers the namespace entity.
func (s *Server) GetSubscriptionNamespace(ctx context.Context, req gen.GetSubscriptionNamespaceRequestObject) (gen.GetSubscriptionNamespaceResponseObject, error) {
	ns, found, err := s.namespace(ctx, req.ID)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	entity, err := s.namespaceEntity(ctx, ns.ID)
	if err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, entity}, nil
}

func (s *Server) updateNamespace(ctx context.Context, ref string, body *gen.NamespaceAttributes) (answer, error) {
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	var change namespacelimits.Change
	if body != nil {
		change = namespacelimits.Change{
			SharedRunnersMinutesLimit:        body.SharedRunnersMinutesLimit,
			ExtraSharedRunnersMinutesLimit:   body.ExtraSharedRunnersMinutesLimit,
			AdditionalPurchasedStorageSize:   body.AdditionalPurchasedStorageSize,
			AdditionalPurchasedStorageEndsOn: date(body.AdditionalPurchasedStorageEndsOn),
		}
		if body.GitlabSubscriptionAttributes != nil {
			attrs := subscriptionAttributes(body.GitlabSubscriptionAttributes)
			change.Subscription = &attrs
		}
	}
	target := namespacelimits.Namespace{Namespace: subscriptionNamespace(ns), TopLevel: ns.ParentID == nil}
	err = namespacelimits.Update(ctx, s.store, target, change, s.now())
	var invalid *subscriptions.ValidationError
	if errors.As(err, &invalid) {
		return validationError(invalid), nil
	} else if err != nil {
		return answer{}, err
	}
	entity, err := s.namespaceEntity(ctx, ns.ID)
	if err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, entity}, nil
}
