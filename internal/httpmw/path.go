package httpmw

import (
	"net/http"
	"strings"
)

// CollapseSlashes serves "//api/v4/internal/allowed" as "/api/v4/internal/allowed". Gitaly joins
// its configured URL and the path verbatim, so a URL ending in "/" yields a double slash; a
// redirect would not do, because Go clients turn a redirected POST into a GET.
func CollapseSlashes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "//") {
			r.URL.Path = collapse(r.URL.Path)
			if r.URL.RawPath != "" {
				r.URL.RawPath = collapse(r.URL.RawPath)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func collapse(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}

// LimitBody caps request bodies at limit bytes, and at a smaller limit under the given path
// prefixes; reading past it fails with *http.MaxBytesError, which the validator reports as 413.
func LimitBody(limit int64, smaller map[string]int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				allowed := limit
				for prefix, n := range smaller {
					if strings.HasPrefix(r.URL.Path, prefix) {
						allowed = min(allowed, n)
					}
				}
				r.Body = http.MaxBytesReader(w, r.Body, allowed)
			}
			next.ServeHTTP(w, r)
		})
	}
}
