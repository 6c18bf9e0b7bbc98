package httpmw

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/glia-dev/glia/internal/apierror"
)

// ErrorRenderer writes an error in the wire shape of the API that owns the request.
type ErrorRenderer func(w http.ResponseWriter, r *http.Request, e *apierror.Error)

// Recover turns a panic into a 500 in the API's own error body; the panic and its stack go to
// the log line, never to the caller.
func Recover(render ErrorRenderer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					render(w, r, apierror.Internal(fmt.Errorf("panic: %v\n%s", v, debug.Stack())))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}
