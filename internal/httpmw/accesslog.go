package httpmw

import (
	"context"
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

			attrs := []slog.Attr{
				slog.String("request_id", RequestIDFrom(ctx)),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("caller", string(auth.CallerFrom(ctx).Kind)),
				slog.String("user_agent", r.UserAgent()),
			}
			level := slog.LevelInfo
			if note.cause != nil {
				attrs = append(attrs, slog.String("error", note.cause.Error()))
			}
			if rec.status >= 500 {
				level = slog.LevelError
			}
			logger.LogAttrs(ctx, level, "request", attrs...)
		})
	}
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
