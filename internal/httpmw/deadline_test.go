package httpmw

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/store"
)

func TestDeadline_GivesEveryRequestOneAndTheNamedPathsTheirLongerOne(t *testing.T) {
	var left time.Duration
	handler := Deadline(time.Second, map[string]time.Duration{"/api/v4/internal/allowed": time.Minute})(
		http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			deadline, ok := r.Context().Deadline()
			assert.True(t, ok)
			left = time.Until(deadline)
		}))
	for path, want := range map[string]time.Duration{
		"/api/v4/internal/discover": time.Second,
		"/-/readiness":              time.Second,
		"/api/v4/internal/allowed":  time.Minute,
	} {
		handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
		assert.InDelta(t, want.Seconds(), left.Seconds(), 0.5, path)
	}
}

func TestUnexpected_IsA503WithRetryAfterWhenTheDatabaseIsUnavailable(t *testing.T) {
	for name, tc := range map[string]struct {
		err    error
		status int
	}{
		"database unavailable": {fmt.Errorf("find key: %w", store.ErrUnavailable), http.StatusServiceUnavailable},
		"deadline passed":      {fmt.Errorf("run git: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		"anything else":        {errors.New("boom"), http.StatusInternalServerError},
	} {
		t.Run(name, func(t *testing.T) {
			e := Unexpected(tc.err)
			assert.Equal(t, tc.status, e.Status)
			assert.ErrorIs(t, e, tc.err, "the cause is kept for the log")
			if tc.status == http.StatusServiceUnavailable {
				assert.Equal(t, apierror.MessageUnavailable, e.Message)
				assert.Equal(t, apierror.RetryAfterUnavailable, e.RetryAfter)
			} else {
				assert.Zero(t, e.RetryAfter)
			}
		})
	}
}
