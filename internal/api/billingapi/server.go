// Package billingapi implements the billing API CustomersDot calls (gen/billingapi's strict
// interface): subscriptions, compute-minute packs, upcoming reconciliations and namespaces'
// purchased limits. One file per operation pair (the seed's path and current GitLab's share a
// handler), each turning domain results into the contract's answers.
package billingapi

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/minutepacks"
	"github.com/glia-dev/glia/internal/namespacelimits"
	"github.com/glia-dev/glia/internal/reconciliations"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// Store is what the billing API reads and writes.
type Store interface {
	BillingNamespaceByRef(ctx context.Context, ref string) (store.BillingNamespace, error)
	BillingNamespaceDetails(ctx context.Context, namespaceID int64) (store.BillingNamespaceDetails, error)
	subscriptions.Store
	minutepacks.Store
	reconciliations.Store
	namespacelimits.Store
}

// Options configures the billing API.
type Options struct {
	// ExternalURL is where users reach GitLab; namespaces' web_url is built on it.
	ExternalURL *url.URL
	// Now is the clock (nil: the real one), which decides today's date for expiry and defaults.
	Now func() time.Time
}

// Server implements the billing API.
type Server struct {
	store       Store
	now         func() time.Time
	externalURL string // without a trailing slash
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the billing API over st.
func New(st Store, opts Options) *Server {
	s := &Server{store: st, now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if opts.ExternalURL != nil {
		s.externalURL = strings.TrimSuffix(opts.ExternalURL.String(), "/")
	}
	return s
}

// today is the current date on GitLab.com's clock (UTC).
func (s *Server) today() time.Time {
	return subscriptions.DateOf(s.now())
}

// namespace finds the namespace of a path's {id}; found is false (and err nil) when there is
// none.
func (s *Server) namespace(ctx context.Context, ref string) (ns store.BillingNamespace, found bool, err error) {
	ns, err = s.store.BillingNamespaceByRef(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return ns, false, nil
	}
	return ns, err == nil, err
}
