// Package config turns command-line flags and the environment into typed configuration. It is the
// only package that reads the environment, and it reads it through an injected getenv so tests
// control it completely.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Serve is the configuration of `glia serve` (and, for the database part, of load and migrate).
type Serve struct {
	// Listen is the TCP address to serve on, or "unix:/path" for a Unix socket (gitlab-shell and
	// Gitaly can reach the internal API through one).
	Listen string
	// DatabaseURL selects an external PostgreSQL; empty means the private cluster under DataDir.
	DatabaseURL string
	// DataDir holds the private cluster, the generated secret files and demo.json.
	DataDir string
	// PostgresBinDir holds initdb and postgres; empty means search for them.
	PostgresBinDir string
	// Demo loads the built-in demo world.
	Demo bool
	// Fixtures is a world file applied at start.
	Fixtures string
	// ShellSecretFile holds the secret shared with GitLab Shell and Gitaly.
	ShellSecretFile string
	// KASSecretFile holds the base64 32-byte secret shared with kas.
	KASSecretFile string
	// KeyBaseFile holds glia's own secret, from which per-actor signing keys derive.
	KeyBaseFile string
	// ErrorTrackingTokenFile holds the token the error-tracking service presents (GitLab's
	// error_tracking_access_token setting).
	ErrorTrackingTokenFile string
	// ExternalURL is the URL users reach GitLab at; it appears in clone URLs and messages.
	ExternalURL string

	// Limits.

	// RequestTimeout is every request's deadline (the access check on /internal/allowed gets
	// AccessCheckTimeout on top): what it waits for then gives up, and it answers 503 with
	// Retry-After. It stays under the callers' own timeouts: gitlab-sshd's 10 s for a key
	// lookup, kas's 20 s for a response's headers, GitLab Shell's and Gitaly's 300 s.
	RequestTimeout time.Duration
	// MaxConnections caps the HTTP connections served at once; further ones wait to be
	// accepted until one closes.
	MaxConnections int

	// Git access (/internal/allowed).

	// GitalyAddresses maps a repository storage to the Gitaly address /allowed hands GitLab
	// Shell (unix:/…, tcp://host:port, tls://host:port); GitalyToken authenticates to Gitaly.
	GitalyAddresses NamedValues
	GitalyToken     string
	// RepositoryPaths maps a storage to its directory on this machine. Where it is known,
	// checks that need objects (force push, protected-branch creation) read the repository.
	RepositoryPaths NamedValues
	// GitAccessProtocol is the instance's enabled Git protocol: "" (both), "ssh" or "http".
	GitAccessProtocol string
	// TwoFactorForCLI requires 2FA users to run 2fa_verify before Git over SSH.
	TwoFactorForCLI bool
	// GitRateLimit is GitLab's gitlab_shell_operation_limit: /allowed calls per minute per
	// action, project and actor (and per action, project and client IP); 0 disables it.
	GitRateLimit int
	// SSHPort is the port GitLab Shell's SSH server listens on; hints such as
	// "ssh git@host -p 2222 2fa_verify" name it when it is not 22.
	SSHPort int
	// AccessCheckTimeout bounds one /internal/allowed decision; one that outlasts it answers
	// 503, whose message Gitaly shows the pusher. GitLab's is 50 seconds. It must stay below
	// Gitaly's [gitlab.http-settings] read_timeout (300 s by default), or Gitaly gives up
	// first and the pusher reads a dropped connection instead.
	AccessCheckTimeout time.Duration

	// GeoPrimaryURL makes glia a Geo secondary of the GitLab primary at this internal URL: SSH
	// pushes are forwarded there (/allowed answers 300), the database counts as read-only.
	// GeoAccessKey and the secret in GeoSecretAccessKeyFile are the site's key pair, as the
	// primary issued it.
	GeoPrimaryURL          string
	GeoAccessKey           string
	GeoSecretAccessKeyFile string

	// kas (/internal/kubernetes/*).

	// KASAPI is the instance's kas internal API switch; off, every kas request answers 404, as
	// GitLab before 16.7 answered with its ops flag kubernetes_agent_internal_api off.
	KASAPI bool

	// VulnerabilityUUIDNamespace is the UUIDv5 namespace of Starboard finding UUIDs. GitLab picks
	// it by Rails environment; the default is production's.
	VulnerabilityUUIDNamespace string

	// Billing (CustomersDot).

	// CustomersDotJWKS is CustomersDot's signing keys: a JWKS file or an http(s) URL. Empty:
	// CustomersDot's JWT is refused and only administrators' tokens work.
	CustomersDotJWKS string
	// CustomersDotIssuer is the iss CustomersDot's JWTs must carry.
	CustomersDotIssuer string

	// Group SCIM (/api/scim/v2/groups/*).

	// GroupSAML is the instance's group SAML switch; off, the SCIM API answers every request 403.
	GroupSAML bool
}

// ProductionVulnerabilityUUIDNamespace is GitLab's production namespace for finding UUIDs.
const ProductionVulnerabilityUUIDNamespace = "58dc0f06-936c-43b3-93bb-71693f1b6570"

// DefaultRequestTimeout is --request-timeout's default (see Serve.RequestTimeout).
const DefaultRequestTimeout = 8 * time.Second

// DefaultMaxConnections is --max-connections' default: 256 per CPU glia may use. glia answers in
// milliseconds on a few database connections, so a two-core machine serves its callers with a few
// dozen connections at once; the rest is headroom for keep-alive connections and bursts, while
// each connection's buffers and goroutine (tens of KiB) stay bounded.
func DefaultMaxConnections() int { return 256 * runtime.GOMAXPROCS(0) }

// DefaultGitalyAddress is where an Omnibus GitLab's Gitaly listens.
const DefaultGitalyAddress = "unix:/var/opt/gitlab/gitaly/gitaly.socket"

// ErrHelp is returned when --help was asked for; the usage text has been written already.
var ErrHelp = flag.ErrHelp

// ParseServe reads `glia serve` flags. Every flag can also be set as GLIA_<FLAG> in the
// environment (dashes become underscores); a flag on the command line wins.
func ParseServe(args []string, getenv func(string) string, out io.Writer) (Serve, error) {
	var c Serve
	fs := newFlagSet("serve", "glia serve [flags]\n\nServe the internal, billing and SCIM APIs.", out)
	fs.StringVar(&c.Listen, "listen", "127.0.0.1:3000", "address to listen on (host:port or unix:/path/to/socket)")
	addDatabaseFlags(fs, &c)
	fs.BoolVar(&c.Demo, "demo", false, "load the built-in demo world (the seed document's users, keys, projects and tokens)")
	fs.StringVar(&c.Fixtures, "fixtures", "", "world file (YAML) to apply at start")
	fs.StringVar(&c.ShellSecretFile, "shell-secret-file", "", "GitLab Shell secret file, generated when missing (default <data-dir>/.gitlab_shell_secret)")
	fs.StringVar(&c.KASSecretFile, "kas-secret-file", "", "kas secret file, generated when missing (default <data-dir>/.gitlab_kas_secret)")
	fs.StringVar(&c.ErrorTrackingTokenFile, "error-tracking-token-file", "", "token the error-tracking service presents, generated when missing (default <data-dir>/.gitlab_error_tracking_token)")
	fs.StringVar(&c.KeyBaseFile, "key-base-file", "", "glia's own secret (LFS token keys derive from it), generated when missing (default <data-dir>/.glia_key_base)")
	fs.StringVar(&c.ExternalURL, "external-url", "", "URL users reach GitLab at (default http://<listen address>)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", DefaultRequestTimeout, "time a request may take; one that runs out, such as one waiting for a database that is down or too slow, answers 503 with Retry-After (/internal/allowed gets --access-check-timeout on top). Keep it under the callers' timeouts: gitlab-sshd's key lookup 10s, kas 20s")
	fs.IntVar(&c.MaxConnections, "max-connections", DefaultMaxConnections(), "HTTP connections served at once; further clients wait to be accepted (default 256 per CPU)")
	c.GitalyAddresses, c.RepositoryPaths = NamedValues{}, NamedValues{}
	fs.Var(c.GitalyAddresses, "gitaly", "STORAGE=ADDRESS: the Gitaly serving a storage (repeatable; default default="+DefaultGitalyAddress+")")
	fs.StringVar(&c.GitalyToken, "gitaly-token", "", "token GitLab Shell presents to Gitaly")
	fs.Var(c.RepositoryPaths, "repositories", "STORAGE=PATH: where a storage's repositories are on this machine, for checks that need objects (repeatable)")
	fs.StringVar(&c.GitAccessProtocol, "git-access-protocol", "", "enabled Git protocol: empty for both, ssh or http")
	fs.BoolVar(&c.TwoFactorForCLI, "two-factor-for-cli", false, "require 2FA users to run 2fa_verify before Git over SSH")
	fs.IntVar(&c.GitRateLimit, "git-rate-limit", 600, "/internal/allowed calls per minute per action, project and actor; 0 disables the limit")
	fs.IntVar(&c.SSHPort, "ssh-port", 22, "port of GitLab Shell's SSH server, named in hints to users")
	fs.DurationVar(&c.AccessCheckTimeout, "access-check-timeout", 50*time.Second, "time one /internal/allowed decision may take before it answers 503 (GitLab's is 50s)")
	fs.StringVar(&c.GeoPrimaryURL, "geo-primary-url", "", "run as a Geo secondary of the GitLab primary at this internal URL: SSH pushes are forwarded there")
	fs.StringVar(&c.GeoAccessKey, "geo-access-key", "", "this Geo site's access key, as the primary issued it (with --geo-primary-url)")
	fs.StringVar(&c.GeoSecretAccessKeyFile, "geo-secret-access-key-file", "", "file holding this Geo site's secret access key, as the primary issued it (with --geo-primary-url)")
	fs.BoolVar(&c.KASAPI, "kas-api", true, "serve the kas internal API (/api/v4/internal/kubernetes/*); off, it answers 404, as GitLab before 16.7 with its kubernetes_agent_internal_api flag off")
	fs.StringVar(&c.VulnerabilityUUIDNamespace, "vulnerability-uuid-namespace", ProductionVulnerabilityUUIDNamespace, "UUIDv5 namespace of Starboard finding UUIDs (GitLab's production value by default)")
	fs.StringVar(&c.CustomersDotJWKS, "customers-dot-jwks", "", "CustomersDot's signing keys for its billing-API JWT: a JWKS file or an http(s) URL (empty: only administrators' tokens work)")
	fs.StringVar(&c.CustomersDotIssuer, "customers-dot-issuer", "https://customers.gitlab.com", "issuer (iss) CustomersDot's JWTs must carry")
	fs.BoolVar(&c.GroupSAML, "group-saml", true, "enable group SAML SSO on the instance; off, the group SCIM API answers 403")
	if err := parse(fs, args, getenv); err != nil {
		return Serve{}, err
	}
	if len(c.GitalyAddresses) == 0 {
		c.GitalyAddresses["default"] = DefaultGitalyAddress
	}
	if c.GitAccessProtocol != "" && c.GitAccessProtocol != "ssh" && c.GitAccessProtocol != "http" {
		return Serve{}, fmt.Errorf("--git-access-protocol %q: want ssh, http or empty", c.GitAccessProtocol)
	}
	if c.GitRateLimit < 0 {
		return Serve{}, fmt.Errorf("--git-rate-limit %d: want 0 or more", c.GitRateLimit)
	}
	if c.SSHPort < 1 || c.SSHPort > 65535 {
		return Serve{}, fmt.Errorf("--ssh-port %d: want 1 to 65535", c.SSHPort)
	}
	if c.AccessCheckTimeout <= 0 {
		return Serve{}, fmt.Errorf("--access-check-timeout %s: want a positive duration such as 50s", c.AccessCheckTimeout)
	}
	if c.RequestTimeout <= 0 {
		return Serve{}, fmt.Errorf("--request-timeout %s: want a positive duration such as 8s", c.RequestTimeout)
	}
	if c.MaxConnections < 1 {
		return Serve{}, fmt.Errorf("--max-connections %d: want 1 or more", c.MaxConnections)
	}
	if err := checkGeo(c); err != nil {
		return Serve{}, err
	}
	c.GeoPrimaryURL = strings.TrimRight(c.GeoPrimaryURL, "/")
	if _, err := uuid.Parse(c.VulnerabilityUUIDNamespace); err != nil {
		return Serve{}, fmt.Errorf("--vulnerability-uuid-namespace %q is not a UUID", c.VulnerabilityUUIDNamespace)
	}
	if fs.NArg() > 0 {
		return Serve{}, fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	if c.ShellSecretFile == "" {
		c.ShellSecretFile = filepath.Join(c.DataDir, ".gitlab_shell_secret")
	}
	if c.KASSecretFile == "" {
		c.KASSecretFile = filepath.Join(c.DataDir, ".gitlab_kas_secret")
	}
	if c.KeyBaseFile == "" {
		c.KeyBaseFile = filepath.Join(c.DataDir, ".glia_key_base")
	}
	if c.ErrorTrackingTokenFile == "" {
		c.ErrorTrackingTokenFile = filepath.Join(c.DataDir, ".gitlab_error_tracking_token")
	}
	if c.ExternalURL == "" {
		c.ExternalURL = "http://" + externalHost(c.Listen)
	}
	if err := checkHTTPURL("external-url", c.ExternalURL); err != nil {
		return Serve{}, err
	}
	c.ExternalURL = strings.TrimRight(c.ExternalURL, "/")
	return c, nil
}

// checkHTTPURL accepts an absolute http(s) URL as a flag's value.
func checkHTTPURL(flag, value string) error {
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--%s %q is not an http(s) URL", flag, value)
	}
	return nil
}

// checkGeo accepts no Geo secondary, or a whole one: a primary's http(s) URL and the site's key
// pair.
func checkGeo(c Serve) error {
	if c.GeoPrimaryURL == "" {
		if c.GeoAccessKey != "" || c.GeoSecretAccessKeyFile != "" {
			return errors.New("--geo-access-key and --geo-secret-access-key-file need --geo-primary-url")
		}
		return nil
	}
	if err := checkHTTPURL("geo-primary-url", c.GeoPrimaryURL); err != nil {
		return err
	}
	if c.GeoAccessKey == "" || c.GeoSecretAccessKeyFile == "" {
		return errors.New("--geo-primary-url needs --geo-access-key and --geo-secret-access-key-file")
	}
	return nil
}

// ParseCommand reads the flags of a command that needs the database (load, migrate and the
// administrative commands), plus the command's own flags registered by extra (may be nil), and
// returns the positional arguments. Flags may stand before or after them.
func ParseCommand(name, usage string, args []string, getenv func(string) string, out io.Writer, extra func(*flag.FlagSet)) (Serve, []string, error) {
	var c Serve
	fs := newFlagSet(name, usage, out)
	addDatabaseFlags(fs, &c)
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args, getenv); err != nil {
		return Serve{}, nil, err
	}
	return c, fs.Args(), nil
}

func addDatabaseFlags(fs *flag.FlagSet, c *Serve) {
	fs.StringVar(&c.DataDir, "data-dir", defaultDataDir(), "directory for the private PostgreSQL cluster and generated secrets")
	fs.StringVar(&c.PostgresBinDir, "postgres-bin-dir", "", "directory with initdb and postgres (default: search PATH and /usr/lib/postgresql/*/bin)")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "external PostgreSQL URL (also DATABASE_URL); empty starts a private cluster in --data-dir. glia's sessions get connect_timeout=5 and statement_timeout=5s unless the URL sets them")
}

func newFlagSet(name, usage string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s\n\nFlags (each also settable as GLIA_<FLAG>, e.g. GLIA_LISTEN):\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse applies the environment first and the command line over it. DATABASE_URL is honoured as
// well as GLIA_DATABASE_URL because every PostgreSQL tool reads it. Flags may follow positional
// arguments (glia key add rubi "ssh-ed25519 …" --title laptop); fs.Args() returns the positional
// ones.
func parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "GLIA_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		value := getenv(name)
		if value == "" && f.Name == "database-url" {
			name, value = "DATABASE_URL", getenv("DATABASE_URL")
		}
		if value == "" {
			return
		}
		if err := fs.Set(f.Name, value); err != nil && envErr == nil {
			envErr = fmt.Errorf("%s=%q: %w", name, value, err)
		}
	})
	if envErr != nil {
		return envErr
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ErrHelp
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	// Leave the positional arguments where fs.Args() finds them.
	return fs.Parse(append([]string{"--"}, positional...))
}

// defaultDataDir is per user under the temporary directory: a place both glia and, when glia
// runs as root, the unprivileged PostgreSQL user can reach. Use --data-dir to keep data elsewhere.
// Everyone may create directories there, so glia creates it private (0700, or 0711 as root) and
// refuses it when another user owns it or others may write to it (internal/safefile).
func defaultDataDir() string {
	return filepath.Join(os.TempDir(), "glia-"+strconv.Itoa(os.Getuid()))
}

// externalHost turns a listen address into something a client can connect to.
func externalHost(listen string) string {
	if strings.HasPrefix(listen, "unix:") {
		return "localhost"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
