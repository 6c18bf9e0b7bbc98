package jobs_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/jobs"
	"github.com/glia-dev/glia/internal/receive"
)

func TestPostReceiveJob_OneEventPerRefAndOneDeliveryPerHookThatWantsIt(t *testing.T) {
	t.Parallel()
	branches, both, tags := newHookServer(t), newHookServer(t), newHookServer(t)
	e := newEnv(t, "["+hookYAML(branches.URL, ", token: s3cret")+", "+
		hookYAML(both.URL, ", tag_push_events: true")+", "+
		hookYAML(tags.URL, ", push_events: false, tag_push_events: true")+"]")
	e.push(t, receive.Push{
		GLRepository: "project-7",
		Identifier:   "user-1",
		Changes: []receive.Change{
			{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"},
			{OldRev: shaA, NewRev: shaB, Ref: "refs/heads/main"},
			{OldRev: zero, NewRev: shaA, Ref: "refs/tags/v1"},
			{OldRev: zero, NewRev: shaA, Ref: "refs/merge-requests/1/head"}, // not a branch or tag
		},
		PushOptions: receive.ParsePushOptions([]string{"ci.skip"}),
	})
	e.startQueue(t)
	e.waitIdle(t)

	events := e.events(t)
	require.Len(t, events, 3)
	var refs []string
	for _, ev := range events {
		refs = append(refs, ev.Ref+" "+ev.RefType+" "+ev.Action)
	}
	assert.Equal(t, []string{"refs/heads/feature branch created", "refs/heads/main branch pushed", "refs/tags/v1 tag created"}, refs)
	heads, err := e.store.RepositoryRefs(t.Context(), 7)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"refs/heads/feature": shaA, "refs/heads/main": shaB, "refs/tags/v1": shaA}, heads)

	assert.Len(t, branches.received(), 2, "push events only")
	assert.Len(t, both.received(), 3, "push and tag push events")
	assert.Len(t, tags.received(), 1, "tag push events only")

	first := byRef(t, branches.received(), "refs/heads/feature")
	assert.Equal(t, "Push Hook", first.header.Get("X-Gitlab-Event"))
	assert.Equal(t, "s3cret", first.header.Get("X-Gitlab-Token"))
	assert.Equal(t, "application/json", first.header.Get("Content-Type"))
	assert.Equal(t, "https://gitlab.example.com", first.header.Get("X-Gitlab-Instance"))
	assert.NotEmpty(t, first.header.Get("X-Gitlab-Event-UUID"))
	assert.NotEmpty(t, first.header.Get("Idempotency-Key"))
	assert.Empty(t, both.received()[0].header.Values("X-Gitlab-Token"), "no token, no header")
	sameEvent := byRef(t, both.received(), "refs/heads/feature")
	assert.Equal(t, first.header.Get("X-Gitlab-Event-UUID"), sameEvent.header.Get("X-Gitlab-Event-UUID"),
		"one event, one UUID for every hook")
	assert.NotEqual(t, first.header.Get("Idempotency-Key"), sameEvent.header.Get("Idempotency-Key"), "one key per delivery")
	assert.Equal(t, "Tag Push Hook", tags.received()[0].header.Get("X-Gitlab-Event"))

	var payload map[string]any
	require.NoError(t, json.Unmarshal([]byte(first.body), &payload))
	assert.Equal(t, "push", payload["object_kind"])
	assert.Equal(t, "refs/heads/feature", payload["ref"])
	assert.Equal(t, zero, payload["before"])
	assert.Equal(t, shaA, payload["checkout_sha"])
	assert.Equal(t, "root", payload["user_username"])
	assert.Equal(t, "Administrator", payload["user_name"])
	assert.EqualValues(t, 7, payload["project_id"])
	assert.Equal(t, map[string]any{"ci": map[string]any{"skip": true}}, payload["push_options"])
	assert.Equal(t, []any{}, payload["commits"])
	project := payload["project"].(map[string]any)
	assert.Equal(t, "gnuwget/wget", project["path_with_namespace"])
	assert.Equal(t, "https://gitlab.example.com/gnuwget/wget", project["web_url"])
	assert.Equal(t, "git@gitlab.example.com:gnuwget/wget.git", project["git_ssh_url"])
	assert.Equal(t, "https://gitlab.example.com/gnuwget/wget.git", project["git_http_url"])
	assert.Equal(t, "GNU Wget", project["namespace"])
	assert.EqualValues(t, 10, project["visibility_level"])
	assert.Equal(t, "main", project["default_branch"])

	var tagPayload map[string]any
	require.NoError(t, json.Unmarshal([]byte(tags.received()[0].body), &tagPayload))
	assert.Equal(t, "tag_push", tagPayload["object_kind"])
	assert.Equal(t, "tag_push", tagPayload["event_name"])
}

func TestPostReceiveJob_DeliversWhatWasEnqueuedAcrossQueueRestarts(t *testing.T) {
	t.Parallel()
	hookA, hookB := newHookServer(t), newHookServer(t)
	e := newEnv(t, "["+hookYAML(hookA.URL, "")+", "+hookYAML(hookB.URL, "")+"]")
	push := receive.Push{GLRepository: "project-7", Identifier: "user-1", Changes: []receive.Change{
		{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"},
		{OldRev: shaA, NewRev: shaB, Ref: "refs/heads/main"},
	}}

	// Recorded while no glia works jobs: the job waits in the database.
	e.push(t, push)
	assert.Equal(t, 1, e.jobCount(t, "post_receive", "available"))

	// A glia that works only post-receive jobs records the push and stops before delivering.
	stop := e.startQueue(t, jobs.QueuePostReceive)
	require.Eventually(t, func() bool { return e.jobsLeft(t, "post_receive") == 0 }, 15*time.Second, 20*time.Millisecond)
	stop()
	assert.Len(t, e.events(t), 2)
	assert.Equal(t, 4, e.jobCount(t, "webhook_delivery", "available"), "2 changes × 2 hooks, waiting")
	assert.Empty(t, hookA.received())

	// The next glia delivers each exactly once, and records nothing again.
	e.startQueue(t)
	e.waitIdle(t)
	assert.Len(t, hookA.received(), 2)
	assert.Len(t, hookB.received(), 2)
	assert.Len(t, e.events(t), 2)
	assert.Equal(t, 1, e.jobCount(t, "post_receive", "completed"))
}

func TestWebhookDelivery_AFailingHookIsRetriedAlone(t *testing.T) {
	t.Parallel()
	flaky, steady := newHookServer(t, http.StatusInternalServerError, http.StatusOK), newHookServer(t)
	e := newEnv(t, "["+hookYAML(flaky.URL, "")+", "+hookYAML(steady.URL, "")+"]")
	e.push(t, receive.Push{GLRepository: "project-7", Identifier: "user-1", Changes: []receive.Change{
		{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"},
	}})
	e.startQueue(t)
	e.waitIdle(t)

	require.Len(t, flaky.received(), 2, "the 500 is retried")
	assert.Equal(t, flaky.received()[0].header.Get("Idempotency-Key"), flaky.received()[1].header.Get("Idempotency-Key"),
		"a retry is the same delivery")
	assert.Len(t, steady.received(), 1, "the other hook is not sent it again")
	assert.Len(t, e.events(t), 1, "nor is the event recorded again")

	hooks, err := e.store.ProjectHooks(t.Context(), 7)
	require.NoError(t, err)
	log, err := e.store.WebhookDeliveries(t.Context(), hooks[0].ID)
	require.NoError(t, err)
	require.Len(t, log, 2)
	assert.EqualValues(t, 500, *log[0].StatusCode)
	assert.Equal(t, 1, int(log[0].Attempt))
	assert.EqualValues(t, 200, *log[1].StatusCode)
	assert.Equal(t, 2, int(log[1].Attempt))
}

func TestWebhookDelivery_AnUnreachableHookFailsTheAttemptAndIsLogged(t *testing.T) {
	t.Parallel()
	down := newHookServer(t)
	down.Close()
	e := newEnv(t, "["+hookYAML(down.URL, "")+"]")
	e.push(t, receive.Push{GLRepository: "project-7", Identifier: "user-1", Changes: []receive.Change{
		{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"},
	}})
	e.startQueue(t)
	e.waitIdle(t)

	assert.Equal(t, 1, e.jobCount(t, "webhook_delivery", "discarded"), "given up after its attempts")
	hooks, err := e.store.ProjectHooks(t.Context(), 7)
	require.NoError(t, err)
	log, err := e.store.WebhookDeliveries(t.Context(), hooks[0].ID)
	require.NoError(t, err)
	assert.Len(t, log, 5, "GitLab's 4 retries")
	assert.Nil(t, log[0].StatusCode)
	assert.Contains(t, log[0].Error, "connection refused")
}

func TestPostReceiveJob_RunsHooksOnlyForSmallGroupsOfChanges(t *testing.T) {
	t.Parallel()
	hook := newHookServer(t)
	e := newEnv(t, "["+hookYAML(hook.URL, "")+"]")
	var changes []receive.Change
	for _, b := range []string{"a", "b", "c", "d"} { // 4 branches created: over GitLab's limit of 3
		changes = append(changes, receive.Change{OldRev: zero, NewRev: shaA, Ref: "refs/heads/" + b})
	}
	changes = append(changes, receive.Change{OldRev: shaA, NewRev: shaB, Ref: "refs/heads/main"}) // 1 updated
	e.push(t, receive.Push{GLRepository: "project-7", Identifier: "user-1", Changes: changes})
	e.startQueue(t)
	e.waitIdle(t)

	assert.Len(t, e.events(t), 5, "every change is an event")
	require.Len(t, hook.received(), 1, "only the update's group is small enough for hooks")
	assert.Contains(t, hook.received()[0].body, `"ref":"refs/heads/main"`)
}

func TestPostReceiveJob_DoesNothingForUnknownRepositoriesAndUsers(t *testing.T) {
	t.Parallel()
	hook := newHookServer(t)
	e := newEnv(t, "["+hookYAML(hook.URL, "")+"]")
	change := []receive.Change{{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature"}}
	for _, p := range []receive.Push{
		{GLRepository: "project-404", Identifier: "user-1", Changes: change},
		{GLRepository: "project-7", Identifier: "user-404", Changes: change},
		{GLRepository: "wiki-7", Identifier: "user-1", Changes: change},
	} {
		e.push(t, p)
	}
	e.startQueue(t)
	e.waitIdle(t)

	assert.Equal(t, 3, e.jobCount(t, "post_receive", "completed"))
	assert.Empty(t, e.events(t))
	assert.Empty(t, hook.received())
}

// byRef is the one request about ref.
func byRef(t *testing.T, requests []hookRequest, ref string) hookRequest {
	t.Helper()
	var found []hookRequest
	for _, r := range requests {
		var p struct{ Ref string }
		require.NoError(t, json.Unmarshal([]byte(r.body), &p))
		if p.Ref == ref {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "requests about %s", ref)
	return found[0]
}
