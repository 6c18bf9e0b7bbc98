package billingapi

import (
	"context"
	"errors"
	"strconv"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/reconciliations"
)

// UpdateNamespaceUpcomingReconciliation creates or replaces one namespace's upcoming
// reconciliation.
func (s *Server) UpdateNamespaceUpcomingReconciliation(ctx context.Context, req gen.UpdateNamespaceUpcomingReconciliationRequestObject) (gen.UpdateNamespaceUpcomingReconciliationResponseObject, error) {
	body := firstBody(req.JSONBody, req.FormdataBody)
	if body == nil {
		body = &gen.ReconciliationDates{}
	}
	next, alertFrom, problem := reconciliationDates(body.NextReconciliationDate, body.DisplayAlertFrom, "")
	if problem != nil {
		return *problem, nil
	}
	ns, found, err := s.namespace(ctx, strconv.Itoa(req.NamespaceID))
	if err != nil || !found {
		return namespaceNotFound, err
	}
	err = reconciliations.Upsert(ctx, s.store, []reconciliations.Reconciliation{{NamespaceID: ns.ID, NextReconciliationDate: next, DisplayAlertFrom: alertFrom}})
	if err != nil {
		return answer{}, err
	}
	return numericOK, nil
}

// DeleteNamespaceUpcomingReconciliation deletes one namespace's upcoming reconciliation.
func (s *Server) DeleteNamespaceUpcomingReconciliation(ctx context.Context, req gen.DeleteNamespaceUpcomingReconciliationRequestObject) (gen.DeleteNamespaceUpcomingReconciliationResponseObject, error) {
	ns, found, err := s.namespace(ctx, strconv.Itoa(req.NamespaceID))
	if err != nil || !found {
		return namespaceNotFound, err
	}
	err = reconciliations.Delete(ctx, s.store, ns.ID)
	if errors.Is(err, reconciliations.ErrNotFound) {
		return reconciliationNotFound, nil
	} else if err != nil {
		return answer{}, err
	}
	return noContent, nil
}
