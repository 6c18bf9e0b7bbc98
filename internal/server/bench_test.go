package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	geninternal "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
	"github.com/glia-dev/glia/internal/httpmw"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// benchWorld is allowedWorld with a protected default branch, so pushes with real changes load
// protected refs as they do in production.
var benchWorld = strings.Replace(allowedWorld, "    default_branch: main\n",
	"    default_branch: main\n    protected_branches:\n      - {name: main, push: [maintainer], merge: [developer]}\n", 1)

// The calls GitLab Shell and Gitaly make for every git command, measured over loopback against a
// real database. Run: go run ./internal/testutil/withpostgres -- go test -run '^$' -bench HotShell ./internal/server
func BenchmarkHotShellEndpoints(b *testing.B) {
	// The rate limit would otherwise refuse a benchmark's worth of calls from one actor.
	env := apitest.New(b, benchWorld, apitest.WithInternalOptions(func(o *internalapi.Options) { o.GitRateLimit = 0 }))
	jwt := apitest.ShellJWT(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	const allowed = "/api/v4/internal/allowed"
	calls := []struct {
		name, method, path, body string
	}{
		{"authorized_keys", http.MethodGet, "/api/v4/internal/authorized_keys?" + url.Values{"key": {"AAAAC3NzaC1lZDI1NTE5AAAAIAqKJC+lqHboBRIE+Ho46lNaLoUauBYy62g8FJu6S1Qo"}}.Encode(), ""},
		{"discover", http.MethodGet, "/api/v4/internal/discover?key_id=71", ""},
		{"allowed/shell_pull", http.MethodPost, allowed, `{"action":"git-upload-pack","project":"gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"71"}`},
		{"allowed/shell_push_any", http.MethodPost, allowed, `{"action":"git-receive-pack","project":"gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"71"}`},
		{"allowed/gitaly_push_feature_branch", http.MethodPost, allowed, `{"action":"git-receive-pack","gl_repository":"project-3","changes":"` +
			"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/feature" +
			`","protocol":"ssh","key_id":"71","relative_path":"@hashed/x.git","env":"{}"}`},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(c.method, env.URL+c.path, strings.NewReader(c.body))
					req.Header.Set("Gitlab-Shell-Api-Request", jwt)
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":true`) && c.method == http.MethodPost {
						b.Errorf("%s answered %d %s", c.name, resp.StatusCode, body)
						return
					}
				}
			})
		})
	}
}

// What the contract costs per request: routing, authentication (here accepting any credential)
// and validation of an /allowed body against the spec, in front of a handler that does nothing.
func BenchmarkValidator_AllowedRequestAgainstTheSpec(b *testing.B) {
	doc, err := geninternal.GetSwagger()
	if err != nil {
		b.Fatal(err)
	}
	accept := func(context.Context, string, *http.Request, map[string]string) error { return nil }
	render := func(w http.ResponseWriter, _ *http.Request, e *apierror.Error) { w.WriteHeader(e.Status) }
	v, err := httpmw.NewValidator(doc, accept, render)
	if err != nil {
		b.Fatal(err)
	}
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	const body = `{"action":"git-upload-pack","project":"gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"71","check_ip":"192.0.2.1"}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/v4/internal/allowed", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("validator answered %d", rec.Code)
		}
	}
}
