package billingapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// Operations of the contract whose implementation has not landed yet. They answer 501 with the
// API's error body (the spec's default response) after authentication and validation, so callers
// and the conformance suite see the real contract everywhere else. Each moves to its own file
// when its issue lands.

func (s *Server) GetSubscription(context.Context, gen.GetSubscriptionRequestObject) (gen.GetSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("getSubscription")
}

func (s *Server) CreateSubscription(context.Context, gen.CreateSubscriptionRequestObject) (gen.CreateSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("createSubscription")
}

func (s *Server) UpdateSubscription(context.Context, gen.UpdateSubscriptionRequestObject) (gen.UpdateSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("updateSubscription")
}

func (s *Server) CreateMinutePacks(context.Context, gen.CreateMinutePacksRequestObject) (gen.CreateMinutePacksResponseObject, error) {
	return nil, apierror.NotImplemented("createMinutePacks")
}

func (s *Server) MoveMinutePacks(context.Context, gen.MoveMinutePacksRequestObject) (gen.MoveMinutePacksResponseObject, error) {
	return nil, apierror.NotImplemented("moveMinutePacks")
}

func (s *Server) DeleteNamespaceUpcomingReconciliation(context.Context, gen.DeleteNamespaceUpcomingReconciliationRequestObject) (gen.DeleteNamespaceUpcomingReconciliationResponseObject, error) {
	return nil, apierror.NotImplemented("deleteNamespaceUpcomingReconciliation")
}

func (s *Server) UpdateNamespaceUpcomingReconciliation(context.Context, gen.UpdateNamespaceUpcomingReconciliationRequestObject) (gen.UpdateNamespaceUpcomingReconciliationResponseObject, error) {
	return nil, apierror.NotImplemented("updateNamespaceUpcomingReconciliation")
}

func (s *Server) DeleteUpcomingReconciliation(context.Context, gen.DeleteUpcomingReconciliationRequestObject) (gen.DeleteUpcomingReconciliationResponseObject, error) {
	return nil, apierror.NotImplemented("deleteUpcomingReconciliation")
}

func (s *Server) UpdateUpcomingReconciliations(context.Context, gen.UpdateUpcomingReconciliationsRequestObject) (gen.UpdateUpcomingReconciliationsResponseObject, error) {
	return nil, apierror.NotImplemented("updateUpcomingReconciliations")
}

func (s *Server) GetNamespaceSubscription(context.Context, gen.GetNamespaceSubscriptionRequestObject) (gen.GetNamespaceSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("getNamespaceSubscription")
}

func (s *Server) CreateNamespaceSubscription(context.Context, gen.CreateNamespaceSubscriptionRequestObject) (gen.CreateNamespaceSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("createNamespaceSubscription")
}

func (s *Server) UpdateNamespaceSubscription(context.Context, gen.UpdateNamespaceSubscriptionRequestObject) (gen.UpdateNamespaceSubscriptionResponseObject, error) {
	return nil, apierror.NotImplemented("updateNamespaceSubscription")
}

func (s *Server) CreateNamespaceMinutePacks(context.Context, gen.CreateNamespaceMinutePacksRequestObject) (gen.CreateNamespaceMinutePacksResponseObject, error) {
	return nil, apierror.NotImplemented("createNamespaceMinutePacks")
}

func (s *Server) MoveNamespaceMinutePacks(context.Context, gen.MoveNamespaceMinutePacksRequestObject) (gen.MoveNamespaceMinutePacksResponseObject, error) {
	return nil, apierror.NotImplemented("moveNamespaceMinutePacks")
}
