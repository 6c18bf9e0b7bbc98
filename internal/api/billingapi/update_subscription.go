package billingapi

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/subscriptions"
)

var subscriptionNotFound = message(http.StatusNotFound, "404 GitlabSubscription Not Found")

// UpdateSubscription changes the namespace's subscription (current GitLab's path).
func (s *Server) UpdateSubscription(ctx context.Context, req gen.UpdateSubscriptionRequestObject) (gen.UpdateSubscriptionResponseObject, error) {
	return s.updateSubscription(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

// UpdateNamespaceSubscription is the same at the seed's path.
func (s *Server) UpdateNamespaceSubscription(ctx context.Context, req gen.UpdateNamespaceSubscriptionRequestObject) (gen.UpdateNamespaceSubscriptionResponseObject, error) {
	return s.updateSubscription(ctx, req.ID, firstBody(req.JSONBody, req.FormdataBody))
}

func (s *Server) updateSubscription(ctx context.Context, ref string, body *gen.SubscriptionAttributes) (answer, error) {
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	target := subscriptionNamespace(ns)
	sub, err := subscriptions.Update(ctx, s.store, target, subscriptionAttributes(body).WithTrialStartDefaulted(), s.now())
	var invalid *subscriptions.ValidationError
	switch {
	case errors.Is(err, subscriptions.ErrNoSubscription):
		return subscriptionNotFound, nil
	case errors.As(err, &invalid):
		return validationError(invalid), nil
	case err != nil:
		return answer{}, err
	}
	view, err := subscriptions.Present(ctx, s.store, target, sub, s.today())
	if err != nil {
		return answer{}, err
	}
	return answer{http.StatusOK, subscriptionEntity(&view)}, nil
}
