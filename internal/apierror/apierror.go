// Package apierror is the closed set of failures glia's HTTP layer turns into responses: a
// status, a message that is safe to show the caller, and the cause, which is logged and never
// sent. Each API renders these in its own wire shape (GitLab's {"message"} / {"error"} or SCIM's
// error resource).
package apierror

import (
	"fmt"
	"net/http"
	"time"
)

// Error is a failure with its public face and its private cause.
type Error struct {
	Status int
	// Message is shown to the caller as is.
	Message string
	// Param marks failures GitLab's API framework (Grape) reports as {"error": Message}:
	// parameter validation, unknown routes, unsupported media types.
	Param bool
	// Cause is kept for the log line of the request.
	Cause error
	// RetryAfter, when set, is sent as the Retry-After header (whole seconds): the failure is
	// transient and the caller may try again after that long.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Cause)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Messages GitLab uses for generic failures, with its exact capitalisation.
const (
	MessageUnauthorized = "401 Unauthorized"
	MessageForbidden    = "403 Forbidden"
	MessageInternal     = "500 Internal Server Error"
	MessageTooLarge     = "413 Request Entity Too Large"
	MessageUnavailable  = "503 Service Unavailable"
)

// RetryAfterUnavailable is how long a caller is asked to wait (Retry-After) when a dependency
// such as the database is unavailable: about a PostgreSQL restart or failover. GitLab Shell and
// kas (go-retryablehttp) honour it on a 503 within their retries.
const RetryAfterUnavailable = 5 * time.Second

// Unauthorized is a missing or wrong credential.
func Unauthorized(message string, cause error) *Error {
	return &Error{Status: http.StatusUnauthorized, Message: message, Cause: cause}
}

// Forbidden is a valid credential without the right to do this.
func Forbidden(cause error) *Error {
	return &Error{Status: http.StatusForbidden, Message: MessageForbidden, Cause: cause}
}

// InvalidParam is a parameter that fails validation, in Grape's words ("<name> is missing").
func InvalidParam(message string, cause error) *Error {
	return &Error{Status: http.StatusBadRequest, Message: message, Param: true, Cause: cause}
}

// RouteNotFound is a path no API serves (Grape: {"error":"404 Not Found"}).
func RouteNotFound() *Error {
	return &Error{Status: http.StatusNotFound, Message: "404 Not Found", Param: true}
}

// MethodNotAllowed is a known path asked with the wrong method.
func MethodNotAllowed() *Error {
	return &Error{Status: http.StatusMethodNotAllowed, Message: "405 Not Allowed", Param: true}
}

// UnsupportedMediaType is a request body in a content type the operation does not take. The
// body is GitLab's status-line message (what every operation's default response declares); the
// content type goes to the log.
func UnsupportedMediaType(contentType string) *Error {
	return &Error{Status: http.StatusUnsupportedMediaType, Message: "415 Unsupported Media Type",
		Cause: fmt.Errorf("content type %q is not accepted by this operation", contentType)}
}

// TooLarge is a request body over the size limit.
func TooLarge(cause error) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Message: MessageTooLarge, Cause: cause}
}

// Internal hides an unexpected failure behind GitLab's generic message.
func Internal(cause error) *Error {
	return &Error{Status: http.StatusInternalServerError, Message: MessageInternal, Cause: cause}
}

// Unavailable is a transient failure of a dependency: the database could not be reached or did
// not answer within the request's deadline. Callers may retry; the answer says when.
func Unavailable(cause error) *Error {
	return &Error{Status: http.StatusServiceUnavailable, Message: MessageUnavailable, Cause: cause,
		RetryAfter: RetryAfterUnavailable}
}
