// Package scimapi implements the group SCIM API identity providers call (gen/scimapi's strict
// interface).
package scimapi

import gen "github.com/glia-dev/glia/gen/scimapi"

// Server implements the group SCIM API.
type Server struct{}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the SCIM API.
func New() *Server { return &Server{} }
