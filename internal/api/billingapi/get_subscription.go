package billingapi

import (
	"context"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// GetSubscription answers the namespace's subscription (current GitLab's path).
func (s *Server) GetSubscription(ctx context.Context, req gen.GetSubscriptionRequestObject) (gen.GetSubscriptionResponseObject, error) {
	return s.getSubscription(ctx, req.ID)
}

// GetNamespaceSubscription is the same at the seed's path.
func (s *Server) GetNamespaceSubscription(ctx context.Context, req gen.GetNamespaceSubscriptionRequestObject) (gen.GetNamespaceSubscriptionResponseObject, error) {
	return s.getSubscription(ctx, req.ID)
}

func (s *Server) getSubscription(ctx context.Context, ref string) (answer, error) {
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	view, err := subscriptions.Get(ctx, s.store, subscriptionNamespace(ns), s.today())
	if err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, subscriptionEntity(view)}, nil
}
