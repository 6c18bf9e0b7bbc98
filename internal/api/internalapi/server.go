// Package internalapi implements GitLab's internal API (gen/internalapi's strict interface) for
// GitLab Shell, Gitaly and kas: one file per operation, each turning domain results into the
// typed responses of the contract.
package internalapi

import (
	"context"
	"net/url"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/keys"
)

// Store is what the internal API reads.
type Store interface {
	actor.Lookup
	keys.Lookup
	Ping(ctx context.Context) error
}

// Server implements the internal API.
type Server struct {
	store       Store
	externalURL *url.URL
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the internal API over the store; externalURL is where users reach GitLab.
func New(store Store, externalURL *url.URL) *Server {
	return &Server{store: store, externalURL: externalURL}
}
