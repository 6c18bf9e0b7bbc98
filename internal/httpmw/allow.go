package httpmw

import (
	"net/http"
	"strings"
)

// probedMethods are the methods an API of glia's serves; a 405 lists those its path takes.
var probedMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// SetAllow sets the Allow header of a 405 answer (RFC 9110 §15.5.6 requires it) to the methods
// that routes accepts for the request's path.
func SetAllow(w http.ResponseWriter, routes func(method string) bool) {
	var allowed []string
	for _, method := range probedMethods {
		if routes(method) {
			allowed = append(allowed, method)
		}
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
}
