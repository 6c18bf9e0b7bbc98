// Package server assembles glia's HTTP handler: the chi root with the shared middleware, the
// three APIs each behind its own validator and error renderer, the operational endpoints and the
// specs.
package server

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-chi/chi/v5"

	genbilling "github.com/glia-dev/glia/gen/billingapi"
	geninternal "github.com/glia-dev/glia/gen/internalapi"
	genscim "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/gitaccess"
	"github.com/glia-dev/glia/internal/httpmw"
	"github.com/glia-dev/glia/internal/reference"
	"github.com/glia-dev/glia/openapi"
)

// MaxBodyBytes caps request bodies. The largest legitimate ones are /allowed and post_receive
// with a push's ref changes (about 100 bytes a ref): 16 MiB is well over 100,000 refs.
const MaxBodyBytes = 16 << 20

// kasBodyLimits cap what kas forwards: agent configuration files, usage counts and the agent
// modules' reports are kilobytes, so a megabyte there is a broken or hostile agent.
var kasBodyLimits = map[string]int64{"/api/v4/internal/kubernetes/": 1 << 20}

// DefaultRequestTimeout is how long a request may take unless WithRequestTimeout says otherwise
// (glia serve --request-timeout has the same default): under the tightest of the callers' own
// timeouts — gitlab-sshd gives its authorized_keys lookup 10 s, kas waits 20 s for a response's
// headers, GitLab Shell and Gitaly 300 s for a whole request — so that a caller hears glia's 503
// rather than giving up on its own. glia's answers take milliseconds.
const DefaultRequestTimeout = 8 * time.Second

// allowedPath is the access check's path; its requests get the check's own limit on top of
// the request timeout (see WithRequestTimeout).
const allowedPath = "/api/v4/internal/allowed"

// readinessTimeout bounds the readiness check's ping: a database that cannot answer SELECT 1
// within it cannot serve glia's callers either, and a load balancer's probe gets its 503 in time.
const readinessTimeout = 2 * time.Second

// Pinger reports whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Option adjusts what New builds.
type Option func(*settings)

type settings struct {
	requestTimeout, accessCheckTimeout time.Duration
}

// WithRequestTimeout gives every request a deadline of d (DefaultRequestTimeout without this
// option), after which whatever it waits for gives up and it answers 503 with Retry-After.
// /api/v4/internal/allowed gets accessCheck, the decision's own limit (gitaccess.DefaultTimeout
// without this option), on top, so that the decision's own 503 comes first.
func WithRequestTimeout(d, accessCheck time.Duration) Option {
	return func(s *settings) { s.requestTimeout, s.accessCheckTimeout = d, accessCheck }
}

// New builds glia's handler. Every dependency is an argument; nothing is global.
func New(
	logger *slog.Logger,
	db Pinger,
	authenticate httpmw.AuthenticateFunc,
	internal geninternal.StrictServerInterface,
	billing genbilling.StrictServerInterface,
	scim genscim.StrictServerInterface,
	options ...Option,
) (http.Handler, error) {
	set := settings{requestTimeout: DefaultRequestTimeout, accessCheckTimeout: gitaccess.DefaultTimeout}
	for _, o := range options {
		o(&set)
	}
	r := chi.NewRouter()
	r.Use(httpmw.RequestID, httpmw.AccessLog(logger), httpmw.Recover(renderFor), httpmw.CollapseSlashes,
		httpmw.Deadline(set.requestTimeout, map[string]time.Duration{allowedPath: set.requestTimeout + set.accessCheckTimeout}),
		httpmw.LimitBody(MaxBodyBytes, kasBodyLimits))
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { renderFor(w, r, apierror.RouteNotFound()) })
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		httpmw.SetAllow(w, func(method string) bool { return r.Match(chi.NewRouteContext(), method, req.URL.Path) })
		renderFor(w, req, apierror.MethodNotAllowed())
	})

	r.Get("/-/liveness", liveness)
	r.Get("/-/health", liveness)
	r.Get("/-/readiness", readiness(db))
	r.Get("/openapi/{name}", serveSpec)
	reference.Mount(r, func(w http.ResponseWriter, r *http.Request) { renderGitLab(w, r, apierror.RouteNotFound()) })

	mounts := []struct {
		name  string
		spec  func() (*openapi3.T, error)
		mount func(chi.Router, httpmw.ErrorRenderer)
	}{
		{"internal", geninternal.GetSwagger, func(g chi.Router, render httpmw.ErrorRenderer) {
			strict := geninternal.NewStrictHandlerWithOptions(internal, nil, geninternal.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: decodeError(render), ResponseErrorHandlerFunc: handlerError(render)})
			geninternal.HandlerWithOptions(strict, geninternal.ChiServerOptions{BaseRouter: g, ErrorHandlerFunc: bindingError(render)})
		}},
		{"billing", genbilling.GetSwagger, func(g chi.Router, render httpmw.ErrorRenderer) {
			strict := genbilling.NewStrictHandlerWithOptions(billing, nil, genbilling.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: decodeError(render), ResponseErrorHandlerFunc: handlerError(render)})
			genbilling.HandlerWithOptions(strict, genbilling.ChiServerOptions{BaseRouter: g, ErrorHandlerFunc: bindingError(render)})
		}},
		{"scim", genscim.GetSwagger, func(g chi.Router, render httpmw.ErrorRenderer) {
			strict := genscim.NewStrictHandlerWithOptions(scim, nil, genscim.StrictHTTPServerOptions{
				RequestErrorHandlerFunc: decodeError(render), ResponseErrorHandlerFunc: handlerError(render)})
			genscim.HandlerWithOptions(strict, genscim.ChiServerOptions{BaseRouter: g, ErrorHandlerFunc: bindingError(render)})
		}},
	}
	for _, m := range mounts {
		render := renderGitLab
		if m.name == "scim" {
			render = renderSCIM
		}
		doc, err := m.spec()
		if err != nil {
			return nil, fmt.Errorf("load embedded %s spec: %w", m.name, err)
		}
		validator, err := httpmw.NewValidator(doc, authenticate, render)
		if err != nil {
			return nil, fmt.Errorf("%s API: %w", m.name, err)
		}
		r.Group(func(g chi.Router) {
			g.Use(validator.Middleware)
			m.mount(g, render)
		})
	}
	return r, nil
}

func liveness(w http.ResponseWriter, _ *http.Request) {
	writeStatus(w, http.StatusOK, "ok")
}

// readiness is ready when the database answers within readinessTimeout: glia can do nothing
// without it. Not ready is a 503 with Retry-After, like every answer of an unavailable database.
func readiness(db Pinger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readinessTimeout)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			httpmw.NoteError(r.Context(), err)
			setRetryAfter(w, apierror.RetryAfterUnavailable)
			writeStatus(w, http.StatusServiceUnavailable, "failed")
			return
		}
		writeStatus(w, http.StatusOK, "ok")
	}
}

func writeStatus(w http.ResponseWriter, code int, status string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = fmt.Fprintf(w, "{\"status\":%q}\n", status)
}

// serveSpec serves openapi/<name> exactly as written, for client generators.
func serveSpec(w http.ResponseWriter, r *http.Request) {
	data, err := fs.ReadFile(openapi.Files, chi.URLParam(r, "name"))
	if err != nil {
		renderGitLab(w, r, apierror.RouteNotFound())
		return
	}
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(data)
}
