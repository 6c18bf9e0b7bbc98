package httpmw

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/auth"
)

// AuthenticateFunc checks the credential of one security scheme of the spec (see
// auth.Authenticator.Authenticate).
type AuthenticateFunc func(ctx context.Context, scheme string, r *http.Request, pathParams map[string]string) error

// Validator is the front door of one API: it finds the operation a request is for, folds
// Rails-style parameters into JSON, authenticates the request by the operation's security
// requirements and validates it against the spec. It is written directly on kin-openapi's
// openapi3filter (not on the nethttp-middleware adapter) because all three steps need the matched
// route, and the adapter would route every request a second time.
type Validator struct {
	router  routers.Router
	options openapi3filter.Options
	render  ErrorRenderer
	gate    *credentialGate // credentialgate.go
}

var registerDecoders sync.Once

// NewValidator builds the validator for one API's spec.
func NewValidator(doc *openapi3.T, authenticate AuthenticateFunc, render ErrorRenderer) (*Validator, error) {
	registerDecoders.Do(func() {
		// SCIM bodies are JSON under their own media type, which kin-openapi does not know.
		openapi3filter.RegisterBodyDecoder("application/scim+json", openapi3filter.JSONBodyDecoder)
	})
	doc.Servers = nil // with servers, the router would also match the Host header
	leaveRulesToHandlers(doc)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("build router from spec: %w", err)
	}
	v := &Validator{
		router: router,
		render: render,
		options: openapi3filter.Options{
			// Defaults would make kin-openapi re-encode the body; handlers apply their own.
			SkipSettingDefaults: true,
			// Schema errors would otherwise quote the offending value — possibly a secret —
			// and they reach the log.
			SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()},
			AuthenticationFunc: func(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
				return authenticate(ctx, in.SecuritySchemeName, in.RequestValidationInput.Request, in.RequestValidationInput.PathParams)
			},
		},
	}
	v.gate = newCredentialGate(doc, &v.options, render)
	return v, nil
}

// Middleware wraps the API's handler.
func (v *Validator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, pathParams, err := v.router.FindRoute(r)
		if err != nil {
			if errors.Is(err, routers.ErrMethodNotAllowed) {
				SetAllow(w, func(method string) bool {
					probe := r.Clone(r.Context())
					probe.Method = method
					_, _, err := v.router.FindRoute(probe)
					return err == nil
				})
				v.render(w, r, apierror.MethodNotAllowed())
			} else {
				v.render(w, r, apierror.RouteNotFound())
			}
			return
		}
		// Bytes PostgreSQL cannot store (textsafe.go) never reach a query. Path segments are judged
		// first, before the credential: they name the resource the credential is checked against,
		// and the authenticator reads them (the SCIM gates look the group up before the token, so
		// GitLab's own gate order answers for the group first). The query string and the body are
		// judged after it, as Grape validates parameters after authenticating: a caller without
		// credentials learns only its 401. They are inspected as sent, before the folding rewrites
		// them (a form body is read for it within the size limit, as the folding reads it anyway),
		// and a finding is answered once the validation below has authenticated the request too:
		// a form body may carry the credential itself (secret_token).
		if err := checkPathParams(pathParams); err != nil {
			v.render(w, r, classify(err))
			return
		}
		// The credential is checked before the body is read (credentialgate.go).
		options, done := v.gate.check(w, r, route, pathParams)
		if done {
			return
		}
		unstorable := checkPairs(r.URL.RawQuery, "request")
		if unstorable == nil {
			var err error
			if unstorable, err = checkForm(r, route); err != nil {
				v.render(w, r, classify(err))
				return
			}
		}
		if err := foldRailsParams(r, route); err != nil {
			v.render(w, r, classify(err))
			return
		}
		input := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams, Route: route, Options: options}
		if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
			v.render(w, r, classify(err))
			return
		}
		if unstorable == nil {
			unstorable = checkJSONBody(r, route)
		}
		if unstorable != nil {
			v.render(w, r, classify(unstorable))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// missingProperty finds the property name in kin-openapi's "property \"x\" is missing".
var missingProperty = regexp.MustCompile(`property "([^"]+)" is missing`)

// classify maps what went wrong before the handler to the failure GitLab would report.
func classify(err error) *apierror.Error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return apierror.TooLarge(err)
	}
	var security *openapi3filter.SecurityRequirementsError
	if errors.As(err, &security) {
		return classifyAuth(security)
	}
	var unstorable *unstorableError
	if errors.As(err, &unstorable) {
		return unstorable.apiError()
	}
	var param *paramError
	if errors.As(err, &param) {
		return apierror.InvalidParam(param.name+" is invalid", err)
	}
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) {
		return apierror.Internal(err)
	}
	switch {
	case reqErr.Parameter != nil:
		if errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired) {
			return apierror.InvalidParam(reqErr.Parameter.Name+" is missing", err)
		}
		return apierror.InvalidParam(reqErr.Parameter.Name+invalidReason(reqErr.Err), err)
	case reqErr.RequestBody != nil:
		return classifyBody(reqErr)
	}
	return apierror.InvalidParam("request is invalid", err)
}

// invalidReason is Grape's wording for a value that fails its declaration: a value outside an
// enumeration "does not have a valid value" (Grape's values validator), anything else "is invalid".
func invalidReason(err error) string {
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) && schemaErr.SchemaField == "enum" {
		return " does not have a valid value"
	}
	return " is invalid"
}

func classifyBody(reqErr *openapi3filter.RequestError) *apierror.Error {
	if strings.Contains(reqErr.Reason, "Content-Type") || strings.Contains(reqErr.Error(), "unsupported content type") {
		contentType := reqErr.Input.Request.Header.Get("Content-Type")
		if media, _, err := mime.ParseMediaType(contentType); err == nil {
			contentType = media
		}
		return apierror.UnsupportedMediaType(contentType)
	}
	if errors.Is(reqErr.Err, openapi3filter.ErrInvalidRequired) {
		// Grape knows no body, only parameters: with none sent, it names the first it requires.
		return apierror.InvalidParam(railsName(firstRequired(reqErr.RequestBody))+" is missing", reqErr)
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(reqErr.Err, &schemaErr) {
		path := schemaErr.JSONPointer()
		if m := missingProperty.FindStringSubmatch(schemaErr.Reason); m != nil && schemaErr.SchemaField == "required" {
			// Depending on the schema's shape the pointer already ends at the missing property.
			if len(path) == 0 || path[len(path)-1] != m[1] {
				path = append(path, m[1])
			}
			return apierror.InvalidParam(railsName(path)+" is missing", reqErr)
		}
		if len(path) > 0 {
			return apierror.InvalidParam(railsName(path)+invalidReason(schemaErr), reqErr)
		}
	}
	var parseErr *openapi3filter.ParseError
	if errors.As(reqErr.Err, &parseErr) {
		return apierror.InvalidParam("body is not valid JSON", reqErr)
	}
	return apierror.InvalidParam("body is invalid", reqErr)
}

// classifyAuth picks GitLab's answer when no security requirement was met: a kas JWT failure has
// its own message, a valid token of a user without the right is 403, a gate that answers for
// itself (the SCIM API's 403 and 404s) keeps its answer, anything unexpected (the database
// failing, say) is a 500 rather than a false 401.
func classifyAuth(security *openapi3filter.SecurityRequirementsError) *apierror.Error {
	kas, forbidden := false, false
	for _, err := range security.Errors {
		var gate *apierror.Error
		if errors.As(err, &gate) {
			return gate
		}
		switch {
		case errors.Is(err, auth.ErrKASJWTInvalid):
			kas = true
		case errors.Is(err, auth.ErrForbidden):
			forbidden = true
		case errors.Is(err, auth.ErrMissingCredential), errors.Is(err, auth.ErrInvalidCredential):
		default:
			return Unexpected(err) // 503 when the database is unavailable
		}
	}
	switch {
	case forbidden:
		return apierror.Forbidden(security)
	case kas:
		return apierror.Unauthorized(auth.ErrKASJWTInvalid.Error(), security)
	}
	return apierror.Unauthorized(apierror.MessageUnauthorized, security)
}

// railsName writes a JSON path the way Grape names nested parameters: counters[gitops_sync].
func railsName(path []string) string {
	if len(path) == 0 {
		return "body"
	}
	var b strings.Builder
	b.WriteString(path[0])
	for _, seg := range path[1:] {
		b.WriteString("[" + seg + "]")
	}
	return b.String()
}

// firstRequired is the first property the JSON body schema of a request body requires (looking
// through allOf), or nothing when it requires none.
func firstRequired(body *openapi3.RequestBody) []string {
	media := body.Content.Get(mediaJSON)
	if media == nil || media.Schema == nil {
		return nil
	}
	schemas := []*openapi3.SchemaRef{media.Schema}
	for len(schemas) > 0 {
		schema := schemas[0].Value
		schemas = schemas[1:]
		if schema == nil {
			continue
		}
		if len(schema.Required) > 0 {
			return schema.Required[:1]
		}
		schemas = append(schemas, schema.AllOf...)
	}
	return nil
}
