package httpmw

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Credentials are checked before the body is read, so that nobody without one costs glia more
// than its headers (DESIGN.md, convention 11). The credentials of every security scheme travel
// in the headers or the query string, except the seed's legacy secret_token and the
// error-tracking token, which a Rails client may also put in a form body (see foldRailsParams).
// So:
//   - a request whose headers and query string pass the operation's security requirements goes
//     on, its body read in full (within the size limit) and never authenticated twice — unless
//     its form body may hold a credential too, which is then judged as well (the error-tracking
//     parameter takes precedence over its header, as in GitLab);
//   - a request that fails them, and whose body cannot hold a credential (the operation has no
//     such scheme, or the body is not a form), gets its answer (401) on the headers alone;
//   - one whose form body may hold the credential has at most credentialBodyLimit of it read,
//     within credentialBodyTimeout; a larger or slower body is refused without reading further.
//
// A refused request's unread body is never read: the connection is closed after the answer.
// The seed's curl examples (a few hundred bytes) fit with room to spare; a larger body must carry
// its credential in a header or the query string, as every real caller does.
const (
	credentialBodyLimit   = 64 << 10
	credentialBodyTimeout = 5 * time.Second
)

// credentialGate authenticates requests on what arrives before their body.
type credentialGate struct {
	// authenticate are the validator's options; trusted are the same with every security
	// requirement passing, for a request the gate has authenticated already.
	authenticate *openapi3filter.Options
	trusted      *openapi3filter.Options
	render       ErrorRenderer
	// inBody names the security schemes whose credential a form body may carry.
	inBody map[string]bool
}

func newCredentialGate(doc *openapi3.T, options *openapi3filter.Options, render ErrorRenderer) *credentialGate {
	trusted := *options
	trusted.AuthenticationFunc = func(context.Context, *openapi3filter.AuthenticationInput) error { return nil }
	inBody := map[string]bool{}
	if doc.Components != nil {
		for name, ref := range doc.Components.SecuritySchemes {
			if s := ref.Value; s != nil && s.Type == "apiKey" && s.In == openapi3.ParameterInQuery && credentialParams[s.Name] {
				inBody[name] = true
			}
		}
	}
	return &credentialGate{authenticate: options, trusted: &trusted, render: render, inBody: inBody}
}

// check authenticates r before its body is read. It returns the options the validation goes on
// with, or done when the request has been answered.
func (g *credentialGate) check(w http.ResponseWriter, r *http.Request, route *routers.Route, pathParams map[string]string) (options *openapi3filter.Options, done bool) {
	security := route.Operation.Security
	if security == nil {
		security = &route.Spec.Security
	}
	if len(*security) == 0 {
		return g.authenticate, false
	}
	// kin-openapi reads the whole body before it calls the authenticator: hand it the request
	// without one. The authenticator reads headers, the query string and path parameters.
	head := r.WithContext(r.Context())
	head.Body, head.GetBody, head.ContentLength = http.NoBody, nil, 0
	input := &openapi3filter.RequestValidationInput{Request: head, PathParams: pathParams, Route: route, Options: g.authenticate}
	err := openapi3filter.ValidateSecurityRequirements(r.Context(), input, *security)
	inBody := g.bodyMayCarry(r, route, *security)
	switch {
	case err == nil && inBody:
		return g.authenticate, false
	case err == nil:
		return g.trusted, false
	case inBody && readSmallBody(w, r):
		return g.authenticate, false
	}
	if hasBody(r) {
		stopReading(w)
	}
	g.render(w, r, classify(err))
	return nil, true
}

// bodyMayCarry reports whether r's body may hold a credential of one of the requirements: a
// form body the folding reads, for an operation with a scheme a form parameter can satisfy.
func (g *credentialGate) bodyMayCarry(r *http.Request, route *routers.Route, security openapi3.SecurityRequirements) bool {
	if !hasBody(r) || jsonBodySchema(route.Operation) == nil {
		return false
	}
	if media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); media != mediaForm {
		return false
	}
	for _, requirement := range security {
		for name := range requirement {
			if g.inBody[name] {
				return true
			}
		}
	}
	return false
}

func hasBody(r *http.Request) bool {
	return r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
}

// readSmallBody reads a body that may hold the credential, if it has at most
// credentialBodyLimit bytes that arrive within credentialBodyTimeout, and puts it back for the
// validation. Otherwise it reports false, having read no more than the limit.
func readSmallBody(w http.ResponseWriter, r *http.Request) bool {
	if r.ContentLength > credentialBodyLimit {
		return false
	}
	// Without a connection (handler tests' recorders) there is no deadline to set, nor a
	// client to wait for.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(credentialBodyTimeout))
	raw, err := io.ReadAll(io.LimitReader(r.Body, credentialBodyLimit+1))
	if err != nil || len(raw) > credentialBodyLimit {
		return false
	}
	// The body has been read to its end, where net/http clears the connection's read deadline
	// itself (it goes on reading only to notice the client leaving).
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	r.ContentLength = int64(len(raw))
	return true
}

// stopReading makes sure the unread rest of a refused request's body is never read: net/http
// would otherwise read on after the answer, looking for the body's end to reuse the connection,
// at whatever pace the client sends it. The connection is closed after the answer instead.
func stopReading(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now())
}
