// Package internalapi implements GitLab's internal API (gen/internalapi's strict interface) for
// GitLab Shell, Gitaly and kas: one file per operation, each turning domain results into the
// typed responses of the contract.
package internalapi

import (
	"context"
	"net/url"
	"time"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/errortracking"
	"github.com/glia-dev/glia/internal/keys"
	"github.com/glia-dev/glia/internal/lfs"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/twofactor"
)

// Store is what the internal API reads and writes.
type Store interface {
	actor.Lookup
	keys.Lookup
	project.Store
	lfs.Store
	accesstoken.Store
	twofactor.Store
	errortracking.Store
	Ping(ctx context.Context) error
	TouchKey(ctx context.Context, id int64) error
}

// Options configure the internal API.
type Options struct {
	// ExternalURL is where users reach GitLab (clone URLs, key comments).
	ExternalURL *url.URL
	// KeyBase is the server's secret from which per-actor signing keys (LFS tokens) derive.
	KeyBase []byte
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// Server implements the internal API.
type Server struct {
	store Store
	opts  Options
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the internal API over the store.
func New(store Store, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{store: store, opts: opts}
}
