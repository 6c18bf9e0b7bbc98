// Package internalapi implements GitLab's internal API (gen/internalapi's strict interface) for
// GitLab Shell, Gitaly and kas: one file per operation, each turning domain results into the
// typed responses of the contract.
package internalapi

import (
	"context"
	"github.com/google/uuid"
	"net/url"
	"time"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/agents"
	"github.com/glia-dev/glia/internal/errortracking"
	"github.com/glia-dev/glia/internal/geo"
	"github.com/glia-dev/glia/internal/gitaccess"
	"github.com/glia-dev/glia/internal/kasmetrics"
	"github.com/glia-dev/glia/internal/keys"
	"github.com/glia-dev/glia/internal/lfs"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/ratelimit"
	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/scanpolicy"
	"github.com/glia-dev/glia/internal/twofactor"
	"github.com/glia-dev/glia/internal/vulnerabilities"
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
	gitaccess.Store
	receive.Store
	agents.Store
	kasmetrics.Store
	vulnerabilities.Store
	scanpolicy.Store
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

	// Gitaly maps a repository storage to the Gitaly serving it (handed to GitLab Shell).
	Gitaly map[string]GitalyEndpoint
	// RepositoryPaths maps a storage to its directory here, for checks that need objects.
	RepositoryPaths map[string]string
	// GitAccessProtocol is the instance's enabled Git protocol: "" (both), "ssh" or "http".
	GitAccessProtocol string
	// TwoFactorForCLI requires 2FA users to run 2fa_verify before Git over SSH.
	TwoFactorForCLI bool
	// GitRateLimit is /allowed calls per minute per action, project and actor; 0 disables it.
	GitRateLimit int
	// SSHPort is GitLab Shell's SSH port, named in hints when it is not 22.
	SSHPort int
	// AccessCheckTimeout bounds one /allowed decision; zero means GitLab's 50 seconds.
	AccessCheckTimeout time.Duration
	// Geo makes this a Geo secondary that forwards SSH pushes to its primary; nil: it is not one.
	Geo *geo.Secondary

	// VulnerabilityUUIDNamespace is the UUIDv5 namespace of Starboard finding UUIDs.
	VulnerabilityUUIDNamespace uuid.UUID
}

// GitalyEndpoint is a Gitaly server: its address (unix:/…, tcp://…, tls://…) and token.
type GitalyEndpoint struct {
	Address, Token string
}

// Server implements the internal API.
type Server struct {
	store     Store
	opts      Options
	limiter   *ratelimit.Limiter
	gitAccess gitaccess.Config
}

var _ gen.StrictServerInterface = (*Server)(nil)

// New builds the internal API over the store.
func New(store Store, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{
		store:   store,
		opts:    opts,
		limiter: ratelimit.New(opts.GitRateLimit, time.Minute),
		gitAccess: gitaccess.Config{
			Settings: access.Settings{
				GitAccessProtocol: opts.GitAccessProtocol,
				TwoFactorForCLI:   opts.TwoFactorForCLI,
				ExternalURL:       opts.ExternalURL.String(),
				SSHHost:           opts.ExternalURL.Hostname(),
				SSHPort:           opts.SSHPort,
				// A secondary's database is a read-only replica of the primary's.
				GeoSecondary: opts.Geo != nil,
				ReadOnly:     opts.Geo != nil,
			},
			RepositoryPaths: opts.RepositoryPaths,
			ExternalURL:     opts.ExternalURL.String(),
			Timeout:         opts.AccessCheckTimeout,
			Now:             opts.Now,
		},
	}
}
