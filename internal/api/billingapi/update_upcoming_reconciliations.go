package billingapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/reconciliations"
)

// UpdateUpcomingReconciliations upserts upcoming reconciliations in bulk.
func (s *Server) UpdateUpcomingReconciliations(ctx context.Context, req gen.UpdateUpcomingReconciliationsRequestObject) (gen.UpdateUpcomingReconciliationsResponseObject, error) {
	body := firstBody(req.JSONBody, req.FormdataBody)
	if body == nil { // the validator requires the body; this keeps nil out of reach
		return paramError("upcoming_reconciliations is missing"), nil
	}
	rs := make([]reconciliations.Reconciliation, len(body.UpcomingReconciliations))
	for i, r := range body.UpcomingReconciliations {
		next, alertFrom, problem := reconciliationDates(&r.NextReconciliationDate, &r.DisplayAlertFrom, "upcoming_reconciliations["+strconv.Itoa(i)+"][")
		if problem != nil {
			return *problem, nil
		}
		rs[i] = reconciliations.Reconciliation{NamespaceID: int64(r.NamespaceID), NextReconciliationDate: next, DisplayAlertFrom: alertFrom}
	}
	err := reconciliations.Upsert(ctx, s.store, rs)
	var refused *reconciliations.BulkError
	if errors.As(err, &refused) {
		// GitLab answers the list of failures as a JSON string inside the error.
		list, err := json.Marshal(refused.Rows)
		if err != nil {
			return answer{}, err
		}
		return answer{http.StatusBadRequest, gen.ReconciliationError{Message: struct {
			Error string `json:"error"`
		}{Error: string(list)}}}, nil
	} else if err != nil {
		return answer{}, err
	}
	return numericOK, nil
}
