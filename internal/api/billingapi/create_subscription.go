package billingapi

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// CreateSubscription gives the namespace its subscription (current GitLab's path).
func (s *Server) CreateSubscription(ctx context.Context, req gen.CreateSubscriptionRequestObject) (gen.CreateSubscriptionResponseObject, error) {
	return s.createSubscription(ctx, req.ID, (*gen.SubscriptionAttributes)(firstBody(req.JSONBody, req.FormdataBody)))
}

// CreateNamespaceSubscription is the same at the seed's path.
func (s *Server) CreateNamespaceSubscription(ctx context.Context, req gen.CreateNamespaceSubscriptionRequestObject) (gen.CreateNamespaceSubscriptionResponseObject, error) {
	return s.createSubscription(ctx, req.ID, (*gen.SubscriptionAttributes)(firstBody(req.JSONBody, req.FormdataBody)))
}

// createSubscription creates from a body the validator has checked: it is there and names
// start_date (SubscriptionCreateAttributes).
func (s *Server) createSubscription(ctx context.Context, ref string, body *gen.SubscriptionAttributes) (answer, error) {
	ns, found, err := s.namespace(ctx, ref)
	if err != nil || !found {
		return namespaceNotFound, err
	}
	target := subscriptionNamespace(ns)
	view, err := subscriptions.Create(ctx, s.store, target, subscriptionAttributes(body).WithTrialStartDefaulted(), s.today())
	var invalid *subscriptions.ValidationError
	if errors.As(err, &invalid) {
		return validationError(invalid), nil
	} else if err != nil {
		return answer{}, err
	}
	return answer{http.StatusCreated, subscriptionEntity(&view)}, nil
}

// firstBody is the request's body whichever media type carried it (form bodies arrive folded
// into JSON, but the generated code keeps both).
func firstBody[T any](jsonBody, formBody *T) *T {
	if jsonBody != nil {
		return jsonBody
	}
	return formBody
}
