package server_test

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/reference"
	"github.com/glia-dev/glia/internal/testutil/apitest"
	"github.com/glia-dev/glia/openapi"
)

// chromium is the headless browser the reference test renders with (Debian's chromium package,
// which .ci/run installs).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("GLIA_TEST_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no Chromium on this machine (apt-get install chromium); the reference page is not rendered")
	return ""
}

// renderedText is what a headless Chromium shows of url once its scripts have run.
func renderedText(t *testing.T, browser, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--virtual-time-budget=30000", "--user-data-dir="+t.TempDir(), "--dump-dom", url).Output()
	require.NoError(t, err)
	return string(out)
}

func TestReference_EveryOperationOfEverySpecIsListedInTheBrowser(t *testing.T) {
	browser := chromium(t)
	env := apitest.New(t, "")
	for _, page := range reference.Pages {
		t.Run(page.Name, func(t *testing.T) {
			data, err := fs.ReadFile(openapi.Files, page.Name)
			require.NoError(t, err)
			doc, err := openapi3.NewLoader().LoadFromData(data)
			require.NoError(t, err)
			dom := renderedText(t, browser, env.URL+"/-/reference/"+page.Name)
			require.Contains(t, dom, doc.Info.Title, "the page rendered the spec")
			for _, path := range doc.Paths.InMatchingOrder() {
				for _, op := range doc.Paths.Value(path).Operations() {
					assert.Contains(t, dom, htmlEscape(op.Summary), "%s (%s) is not listed", op.OperationID, op.Summary)
				}
			}
		})
	}
}

func TestReference_PagesAndRendererAreServedFromTheBinary(t *testing.T) {
	env := apitest.New(t, "")
	for path, contentType := range map[string]string{
		"/-/reference":                     "text/html",
		"/-/reference/internal.yaml":       "text/html",
		"/-/reference/scim":                "text/html",
		"/-/reference/redoc.standalone.js": "text/javascript",
	} {
		// Not through env.Do: these answers are HTML and JavaScript, outside every spec.
		resp, err := http.Get(env.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Contains(t, resp.Header.Get("Content-Type"), contentType, path)
	}
	resp := env.Do(t, env.NewRequest(t, http.MethodGet, "/-/reference/nothing.yaml", nil))
	assert.Equal(t, http.StatusNotFound, resp.Status)
	assert.JSONEq(t, `{"error":"404 Not Found"}`, string(resp.Body), "the answer of any unknown route")
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
