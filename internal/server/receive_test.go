package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/jobs"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

const (
	preReceivePath  = "/api/v4/internal/pre_receive"
	postReceivePath = "/api/v4/internal/post_receive"
	receiveZero     = "0000000000000000000000000000000000000000"
	receiveSHA      = "fd9e76b9136bdd9fe217061b497745792fe5a5ee"
)

func demoEnv(t *testing.T) *apitest.Env {
	t.Helper()
	demo, err := os.ReadFile("../world/demo.yaml")
	require.NoError(t, err)
	return apitest.New(t, string(demo))
}

// asSeed sends a form body with the seed's Gitlab-Shared-Secret header, as its curl examples do.
func asSeed(t *testing.T, env *apitest.Env, path, form string) apitest.Response {
	t.Helper()
	req := env.NewRequest(t, http.MethodPost, path, form)
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return env.Do(t, req)
}

func referenceCounter(t *testing.T, env *apitest.Env, glRepository string) int64 {
	t.Helper()
	n, err := env.Store.ReferenceCounter(t.Context(), glRepository)
	require.NoError(t, err)
	return n
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestPreReceive_CountsThePushAndAnswersAsGitalyRequires(t *testing.T) {
	env := demoEnv(t)
	resp := env.AsShell(t, http.MethodPost, preReceivePath, `{"gl_repository":"project-7"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, map[string]any{"reference_counter_increased": true}, resp.JSON(t))

	resp = asSeed(t, env, preReceivePath, "gl_repository=project-7")
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"reference_counter_increased": true}, resp.JSON(t))
	assert.EqualValues(t, 2, referenceCounter(t, env, "project-7"))
}

func TestPreReceive_RefusesAMalformedRepository(t *testing.T) {
	env := demoEnv(t)
	cases := map[string]struct {
		body string
		want string
	}{
		"unknown kind":       {`{"gl_repository":"repo-7"}`, "gl_repository is invalid"},
		"id not a number":    {`{"gl_repository":"project-x"}`, "gl_repository is invalid"},
		"too many parts":     {`{"gl_repository":"project-7-wiki-x"}`, "gl_repository is invalid"},
		"NUL":                {`{"gl_repository":"project-7\u0000"}`, "gl_repository is invalid"},
		"absurdly long":      {`{"gl_repository":"project-` + strings.Repeat("9", 1000) + `"}`, "gl_repository is invalid"},
		"missing":            {`{}`, "gl_repository is missing"},
		"unknown is counted": {`{"gl_repository":"project-404"}`, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := env.AsShell(t, http.MethodPost, preReceivePath, tc.body)
			if tc.want == "" {
				assert.Equal(t, http.StatusOK, resp.Status, "GitLab counts any well-formed repository: %s", resp.Body)
				return
			}
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"error": tc.want}, resp.JSON(t))
		})
	}
}

func TestReceive_HundredConcurrentPushesCountUpToHundredAndBackToZero(t *testing.T) {
	env := demoEnv(t)
	const pushes = 100
	post := func(path, body string) []*http.Request {
		reqs := make([]*http.Request, pushes)
		for i := range reqs {
			reqs[i] = env.NewRequest(t, http.MethodPost, path, body)
			reqs[i].Header.Set("Gitlab-Shell-Api-Request", apitest.ShellJWT(t))
			reqs[i].Header.Set("Content-Type", "application/json")
		}
		return reqs
	}
	sendAll := func(reqs []*http.Request) []string {
		out := make([]string, len(reqs))
		var wg sync.WaitGroup
		for i, req := range reqs {
			wg.Go(func() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					out[i] = err.Error()
					return
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				out[i] = resp.Status + " " + strings.TrimSpace(string(body))
			})
		}
		wg.Wait()
		return out
	}

	for _, got := range sendAll(post(preReceivePath, `{"gl_repository":"project-7"}`)) {
		require.Equal(t, `200 OK {"reference_counter_increased":true}`, got)
	}
	assert.EqualValues(t, pushes, referenceCounter(t, env, "project-7"))

	changes := receiveSHA + " " + receiveSHA + " refs/heads/main\n"
	body := jsonBody(t, map[string]any{"gl_repository": "project-7", "identifier": "user-1", "changes": changes,
		"push_options": nil, "gitaly_client_context_bin": nil})
	for _, got := range sendAll(post(postReceivePath, body)) {
		require.Equal(t, `200 OK {"messages":[],"reference_counter_decreased":true}`, got)
	}
	assert.EqualValues(t, 0, referenceCounter(t, env, "project-7"))
}

func TestPostReceive_SeedExampleAnswersAsDocumented(t *testing.T) {
	env := demoEnv(t)
	for name, newline := range map[string]string{"real newline": "\n", `curl's literal \n`: `\n`} {
		t.Run(name, func(t *testing.T) {
			form := "gl_repository=project-7&identifier=user-1&changes=" + receiveZero + " " + receiveSHA + " gh-pages" + newline
			resp := asSeed(t, env, postReceivePath, form)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			// No broadcast messages in glia (the seed's "Hello from post-receive"), and gh-pages
			// is not under refs/heads/, so no merge request link either.
			assert.Equal(t, map[string]any{"messages": []any{}, "reference_counter_decreased": true}, resp.JSON(t))
		})
	}
}

func TestPostReceive_MessagesInGitLabsOrderAndWording(t *testing.T) {
	env := demoEnv(t)
	require.NoError(t, env.Store.AddPushNotice(t.Context(), 1, "project-3",
		"Project 'gnuwget/wget-2' was moved to 'gnuwget/wget2'.\n\nPlease update your Git remote:\n\n  git remote set-url origin git@gitlab.test:gnuwget/wget2.git\n"))
	body := jsonBody(t, map[string]any{
		"gl_repository": "project-3",
		"identifier":    "key-11",
		"changes": receiveZero + " " + receiveSHA + " refs/heads/feature/new\n" +
			receiveSHA + " " + receiveSHA + " refs/heads/main\n" +
			receiveSHA + " " + receiveZero + " refs/heads/gone\n",
		"push_options":              []string{"merge_request.target=main", "ci.skip"},
		"gitaly_client_context_bin": base64.StdEncoding.EncodeToString([]byte(`{"key":"value"}`)),
	})
	resp := env.AsShell(t, http.MethodPost, postReceivePath, body)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.JSONEq(t, `{"messages":[
		{"type":"alert","message":"WARNINGS:\nError encountered with push options 'merge_request.target=main' 'ci.skip': A merge_request.create push option is required to create a merge request for branch feature/new"},
		{"type":"basic","message":"To create a merge request for feature/new, visit:\n  http://gitlab.test/gnuwget/wget2/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature%2Fnew"},
		{"type":"basic","message":"Project 'gnuwget/wget-2' was moved to 'gnuwget/wget2'.\n\nPlease update your Git remote:\n\n  git remote set-url origin git@gitlab.test:gnuwget/wget2.git\n"}
	],"reference_counter_decreased":true}`, string(resp.Body))

	resp = env.AsShell(t, http.MethodPost, postReceivePath, body)
	require.Equal(t, http.StatusOK, resp.Status)
	assert.Len(t, resp.JSON(t).(map[string]any)["messages"], 2, "the notice is shown once")
}

func TestPostReceive_BadInputIs400NeverA500(t *testing.T) {
	env := demoEnv(t)
	line := receiveZero + " " + receiveSHA + " refs/heads/main\n"
	valid := map[string]any{"gl_repository": "project-7", "identifier": "user-1", "changes": line}
	with := func(key string, value any) string {
		body := map[string]any{}
		for k, v := range valid {
			body[k] = v
		}
		if value == nil {
			delete(body, key)
		} else {
			body[key] = value
		}
		return jsonBody(t, body)
	}
	cases := map[string]struct {
		body, want string
	}{
		"a malformed changes line":           {with("changes", "not a change line\n"), "changes is invalid"},
		"changes that are not base64":        {with("changes", "!!!"), "changes is invalid"},
		"a NUL in the changes":               {with("changes", line+"\x00"), "changes is invalid"},
		"10 MB of junk changes":              {with("changes", strings.Repeat("junk ", 2<<20)), "changes is invalid"},
		"an invalid gl_repository":           {with("gl_repository", "project-x"), "gl_repository is invalid"},
		"no gl_repository":                   {with("gl_repository", nil), "gl_repository is missing"},
		"no identifier":                      {with("identifier", nil), "identifier is missing"},
		"a NUL in the identifier":            {with("identifier", "username-a\x00"), "identifier is invalid"},
		"a NUL in a push option":             {with("push_options", []string{"ci.skip\x00"}), "push_options is invalid"},
		"gitaly_client_context_bin not b64":  {with("gitaly_client_context_bin", "%%%not base64"), "gitaly_client_context_bin is invalid"},
		"gitaly_client_context_bin URL-safe": {with("gitaly_client_context_bin", "_-_-"), "gitaly_client_context_bin is invalid"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := env.AsShell(t, http.MethodPost, postReceivePath, tc.body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"error": tc.want}, resp.JSON(t))
		})
	}
	assert.EqualValues(t, 0, referenceCounter(t, env, "project-7"))
}

// receiveHook is a webhook receiver that counts what it gets and fails the first failFirst.
type receiveHook struct {
	mu        sync.Mutex
	refs      []string
	failFirst int
}

func (h *receiveHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var payload struct{ Ref string }
	_ = json.NewDecoder(r.Body).Decode(&payload)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs = append(h.refs, payload.Ref)
	if len(h.refs) <= h.failFirst {
		w.WriteHeader(http.StatusInternalServerError)
	}
}

func (h *receiveHook) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.refs...)
}

// retryNow retries failed jobs at once.
type retryNow struct{}

func (retryNow) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(10 * time.Millisecond) }

func TestPostReceive_JobRecordsEventsAndDeliversWebhooksAfterTheResponse(t *testing.T) {
	healthy, flaky := &receiveHook{}, &receiveHook{failFirst: 1}
	healthySrv, flakySrv := httptest.NewServer(healthy), httptest.NewServer(flaky)
	t.Cleanup(healthySrv.Close)
	t.Cleanup(flakySrv.Close)
	env := apitest.New(t, `
users:
  - {id: 1, username: root, email: root@example.com}
groups:
  - {id: 22, full_path: gnuwget, visibility: public, members: [{user: root, access: owner}]}
projects:
  - id: 7
    full_path: gnuwget/wget
    default_branch: main
    hooks: [{url: "`+healthySrv.URL+`"}, {url: "`+flakySrv.URL+`"}]
`)
	body := jsonBody(t, map[string]any{"gl_repository": "project-7", "identifier": "user-1",
		"changes": receiveZero + " " + receiveSHA + " refs/heads/feature\n" + receiveZero + " " + receiveSHA + " refs/tags/v1\n"})
	resp := env.AsShell(t, http.MethodPost, postReceivePath, body)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Empty(t, healthy.received(), "nothing is delivered while no glia works jobs")

	cfg := jobs.RiverConfig(env.Store, jobs.Config{ExternalURL: &url.URL{Scheme: "http", Host: "gitlab.test"}})
	cfg.RetryPolicy, cfg.FetchPollInterval, cfg.FetchCooldown, cfg.TestOnly = retryNow{}, 20*time.Millisecond, 5*time.Millisecond, true
	queue, err := env.Store.NewQueue(cfg)
	require.NoError(t, err)
	require.NoError(t, queue.Start(context.WithoutCancel(t.Context())))
	t.Cleanup(func() { assert.NoError(t, queue.Stop(context.Background())) })

	require.Eventually(t, func() bool { return len(flaky.received()) == 2 }, 15*time.Second, 20*time.Millisecond)
	time.Sleep(200 * time.Millisecond) // room for a duplicate to show up
	assert.Equal(t, []string{"refs/heads/feature"}, healthy.received(), "tag pushes go only to hooks that ask for them")
	assert.Equal(t, []string{"refs/heads/feature", "refs/heads/feature"}, flaky.received(), "the 500 was retried")
	events, err := env.Store.PushEvents(t.Context(), 7)
	require.NoError(t, err)
	assert.Len(t, events, 2, "one push event per ref")
}
