// Package billingapi implements the billing API CustomersDot calls (gen/billingapi's strict
// interface): subscriptions, compute-minute packs and upcoming reconciliations.
package billingapi

import gen "github.com/glia-dev/glia/gen/billingapi"

// Server implements the billing API.
type Server struct{}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the billing API.
func New() *Server { return &Server{} }
