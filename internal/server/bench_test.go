package server_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// The two calls GitLab Shell makes before every SSH git command, measured over loopback against
// a real database (one indexed round trip each). Run: make bench-hot (or go test -bench).
func BenchmarkHotShellEndpoints(b *testing.B) {
	env := apitest.New(b, testWorld)
	jwt := apitest.ShellJWT(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for name, path := range map[string]string{
		"authorized_keys": "/api/v4/internal/authorized_keys?" + url.Values{"key": {rubiKeyBlob}}.Encode(),
		"discover":        "/api/v4/internal/discover?key_id=7",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodGet, env.URL+path, nil)
					req.Header.Set("Gitlab-Shell-Api-Request", jwt)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("%s answered %d", path, resp.StatusCode)
						return
					}
				}
			})
		})
	}
}
