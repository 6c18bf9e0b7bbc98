package server

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/httpmw"
)

// scimErrorSchema is the RFC 7644 error resource's schema URN.
const scimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// renderGitLab writes GitLab's error bodies, shared by the internal and billing APIs:
// {"error": …} for what Grape reports as parameter errors, {"message": …} for everything else.
func renderGitLab(w http.ResponseWriter, r *http.Request, e *apierror.Error) {
	body := map[string]string{"message": e.Message}
	if e.Param {
		body = map[string]string{"error": e.Message}
	}
	write(w, r, e, "application/json", body)
}

// renderSCIM writes RFC 7644 error resources with GitLab's integer status, except for the gates
// GitLab answers before its SCIM layer (401 token, 403 SAML not enabled), which keep Grape's shape.
func renderSCIM(w http.ResponseWriter, r *http.Request, e *apierror.Error) {
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		renderGitLab(w, r, e)
		return
	}
	write(w, r, e, "application/scim+json", map[string]any{
		"schemas": []string{scimErrorSchema},
		"detail":  e.Message,
		"status":  e.Status,
	})
}

// renderFor picks the renderer of the API a path belongs to, for failures that happen before an
// API is chosen (unknown routes, panics).
func renderFor(w http.ResponseWriter, r *http.Request, e *apierror.Error) {
	if strings.HasPrefix(r.URL.Path, "/api/scim/") {
		renderSCIM(w, r, e)
		return
	}
	renderGitLab(w, r, e)
}

func write(w http.ResponseWriter, r *http.Request, e *apierror.Error, contentType string, body any) {
	if e.Cause != nil {
		httpmw.NoteError(r.Context(), e)
	}
	setRetryAfter(w, e.RetryAfter)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(body)
}

// setRetryAfter sends Retry-After in whole seconds, when there is one.
func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	if d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
}

// handlerError is the strict server's hook for errors a handler returns: expected ones are
// *apierror.Error; anything else is a 503 with Retry-After when the database is unavailable or
// the request's deadline passed, and a 500 otherwise (httpmw.Unexpected), whose text stays in
// the log.
func handlerError(render httpmw.ErrorRenderer) func(w http.ResponseWriter, r *http.Request, err error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		var e *apierror.Error
		if !errors.As(err, &e) {
			e = httpmw.Unexpected(err)
		}
		render(w, r, e)
	}
}

// decodeError is the strict server's hook for bodies it cannot decode. The validator has already
// checked them against the schema, so this is a body the generated types still cannot hold,
// such as an integer beyond int64: named the way Grape names the parameter when the decoder
// says which it was.
func decodeError(render httpmw.ErrorRenderer) func(w http.ResponseWriter, r *http.Request, err error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		name := "body"
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			name = railsName(typeErr.Field)
		}
		render(w, r, apierror.InvalidParam(name+" is invalid", err))
	}
}

// railsName turns the decoder's dotted field path ("unique_counters.x.0") into a Rails-style
// parameter name ("unique_counters[x]"). Array indices are left out: Grape names an array's
// elements by the array.
func railsName(dotted string) string {
	segments := strings.Split(dotted, ".")
	name := segments[0]
	for _, seg := range segments[1:] {
		if _, err := strconv.Atoi(seg); err != nil {
			name += "[" + seg + "]"
		}
	}
	return name
}

// bindingError is the generated router's hook for parameters it cannot bind. Every generated
// package declares its own error types with a ParamName field, hence reflection.
func bindingError(render httpmw.ErrorRenderer) func(w http.ResponseWriter, r *http.Request, err error) {
	return func(w http.ResponseWriter, r *http.Request, err error) {
		name := "request"
		if v := reflect.Indirect(reflect.ValueOf(err)); v.Kind() == reflect.Struct {
			if f := v.FieldByName("ParamName"); f.IsValid() && f.Kind() == reflect.String {
				name = f.String()
			}
		}
		render(w, r, apierror.InvalidParam(name+" is invalid", err))
	}
}
