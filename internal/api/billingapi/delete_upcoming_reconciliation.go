package billingapi

import (
	"context"
	"errors"
	"net/http"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/reconciliations"
)

var reconciliationNotFound = message(http.StatusNotFound, "404 Not Found")

// DeleteUpcomingReconciliation deletes the upcoming reconciliation of the namespace_id query
// parameter's namespace.
func (s *Server) DeleteUpcomingReconciliation(ctx context.Context, req gen.DeleteUpcomingReconciliationRequestObject) (gen.DeleteUpcomingReconciliationResponseObject, error) {
	err := reconciliations.Delete(ctx, s.store, int64(req.Params.NamespaceID))
	if errors.Is(err, reconciliations.ErrNotFound) {
		return reconciliationNotFound, nil
	} else if err != nil {
		return answer{}, err
	}
	return noContent, nil
}
