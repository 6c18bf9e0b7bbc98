// Package httpmw holds glia's HTTP middleware: request IDs, the access log, panic recovery, the
// body-size limit, path clean-up and the OpenAPI request validator. Each is a
// func(http.Handler) http.Handler; the ones that need dependencies are made by a constructor.
package httpmw

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// HeaderRequestID carries the correlation id: honoured when a caller sends one (gitlab-sshd and
// Gitaly do), generated otherwise, and always echoed in the response.
const HeaderRequestID = "X-Request-Id"

type requestIDKey struct{}

// RequestID makes sure every request has an id.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !acceptableRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestIDFrom returns the request's id.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// acceptableRequestID keeps caller-chosen ids short and printable, so they cannot forge log lines.
func acceptableRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

func newRequestID() string {
	buf := make([]byte, 13)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
