package httpmw

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/store"
)

// Deadline gives every request a deadline: timeout after the middleware sees it, or the longer
// time given for its exact path (the access check of /api/v4/internal/allowed has its own,
// longer, limit). Whatever waits on the request's context — the database pool, a statement,
// a git process — gives up when it passes, and the request answers 503 with Retry-After
// (see Unexpected) instead of hanging until the caller gives up.
func Deadline(timeout time.Duration, longer map[string]time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			d := timeout
			if l, ok := longer[r.URL.Path]; ok {
				d = l
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// Unexpected is the answer to a failure nobody expected: 503 with Retry-After when the database
// could not be reached or did not answer in time, or the request's deadline passed — transient
// failures a caller may retry — and 500 for everything else.
func Unexpected(err error) *apierror.Error {
	if store.IsUnavailable(err) || errors.Is(err, context.DeadlineExceeded) {
		return apierror.Unavailable(err)
	}
	return apierror.Internal(err)
}
