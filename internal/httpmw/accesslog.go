package httpmw

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/glia-dev/glia/internal/auth"
)

type logNoteKey struct{}

// logNote collects what the access log line should say about a request beyond its status.
type logNote struct{ cause error }

// NoteError attaches the cause of a failure to the request's log line; error renderers call it
// so that internal error text reaches the log and never the wire.
func NoteError(ctx context.Context, err error) {
	if note, ok := ctx.Value(logNoteKey{}).(*logNote); ok && err != nil {
		note.cause = err
	}
}

// AccessLog writes one JSON line per request: id, method, path (never the query string, which
// may carry a secret_token), status, size, latency, the authenticated caller and any error
// cause. It also puts the holder for the caller (auth.WithCaller) into the context.
func AccessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			note := &logNote{}
			ctx := context.WithValue(auth.WithCaller(r.Context()), logNoteKey{}, note)
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r.WithContext(ctx))

			status, level := rec.status, slog.LevelInfo
			switch {
			case clientWentAway(r, note.cause):
				// Whatever was answered, nobody read it: the failure is the client's.
				status = StatusClientClosedRequest
			case status >= 500:
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("request_id", RequestIDFrom(ctx)),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("caller", string(auth.CallerFrom(ctx).Kind)),
				slog.String("user_agent", r.UserAgent()),
			}
			if note.cause != nil {
				attrs = append(attrs, slog.String("error", note.cause.Error()))
			}
			logger.LogAttrs(ctx, level, "request", attrs...)
		})
	}
}

// StatusClientClosedRequest is what the access log records for a request whose client went away
// before its answer was written (nginx's 499, which GitLab's own logs use too). It is never sent.
const StatusClientClosedRequest = 499

// clientWentAway reports whether the client closed the connection mid-request: net/http cancels
// the request's context when it does, and a body cut short reads as io.ErrUnexpectedEOF.
func clientWentAway(r *http.Request, cause error) bool {
	return errors.Is(r.Context().Err(), context.Canceled) || errors.Is(cause, io.ErrUnexpectedEOF)
}

// statusRecorder remembers the status and counts the body bytes written.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.status, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
