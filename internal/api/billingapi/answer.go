package billingapi

import (
	"encoding/json"
	"net/http"
)

// answer is a response of any billing operation: a status and a JSON body (none for 204).
// Every operation of this API exists at two paths (the seed's and current GitLab's) with
// identical responses, and the generated code gives each path its own response types; one
// answer serves both, and the spec validation in tests checks it against the operation hit.
type answer struct {
	status int
	body   any
}

func (a answer) write(w http.ResponseWriter) error {
	if a.status == http.StatusNoContent {
		w.WriteHeader(a.status)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	return json.NewEncoder(w).Encode(a.body)
}

func (a answer) VisitGetSubscriptionResponse(w http.ResponseWriter) error          { return a.write(w) }
func (a answer) VisitGetNamespaceSubscriptionResponse(w http.ResponseWriter) error { return a.write(w) }
func (a answer) VisitCreateSubscriptionResponse(w http.ResponseWriter) error       { return a.write(w) }
func (a answer) VisitCreateNamespaceSubscriptionResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitUpdateSubscriptionResponse(w http.ResponseWriter) error { return a.write(w) }
func (a answer) VisitUpdateNamespaceSubscriptionResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitCreateMinutePacksResponse(w http.ResponseWriter) error { return a.write(w) }
func (a answer) VisitCreateNamespaceMinutePacksResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitMoveMinutePacksResponse(w http.ResponseWriter) error          { return a.write(w) }
func (a answer) VisitMoveNamespaceMinutePacksResponse(w http.ResponseWriter) error { return a.write(w) }
func (a answer) VisitUpdateUpcomingReconciliationsResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitDeleteUpcomingReconciliationResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitUpdateNamespaceUpcomingReconciliationResponse(w http.ResponseWriter) error {
	return a.write(w)
}
func (a answer) VisitDeleteNamespaceUpcomingReconciliationResponse(w http.ResponseWriter) error {
	return a.write(w)
}

func (a answer) VisitUpdateNamespaceResponse(w http.ResponseWriter) error {
	return a.write(w)
}

func (a answer) VisitUpdateSubscriptionNamespaceResponse(w http.ResponseWriter) error {
	return a.write(w)
}

func (a answer) VisitGetSubscriptionNamespaceResponse(w http.ResponseWriter) error {
	return a.write(w)
}

// message is Grape's error body, {"message": "<status> <text>"}.
func message(status int, text string) answer {
	return answer{status, map[string]string{"message": text}}
}

// paramError is Grape's parameter failure body, {"error": "<param> is missing"}.
func paramError(text string) answer {
	return answer{http.StatusBadRequest, map[string]string{"error": text}}
}

var (
	namespaceNotFound = message(http.StatusNotFound, "404 Namespace Not Found")
	accepted          = message(http.StatusAccepted, "202 Accepted")
	noContent         = answer{status: http.StatusNoContent}
	// numericOK is what GitLab's `status 200` handlers answer: the bare number 200.
	numericOK = answer{http.StatusOK, http.StatusOK}
)
