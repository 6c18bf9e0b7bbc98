package jobs

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/store"
)

// The X-Gitlab-Event of the two kinds of push, and which hooks want each.
const (
	eventPush    = "Push Hook"
	eventTagPush = "Tag Push Hook"
)

// deliveriesFor builds one delivery job per hook that wants the change: branch changes go to
// hooks with push events, tag changes to hooks with tag push events (GitLab's push_hooks and
// tag_push_hooks).
func deliveriesFor(cfg Config, p store.HookProject, pusher store.User, hooks []store.ProjectHook,
	options receive.PushOptions, refType string, c receive.Change) ([]river.JobArgs, error) {
	event := eventPush
	if refType == refTypeTag {
		event = eventTagPush
	}
	var payload string
	var out []river.JobArgs
	eventUUID := uuid.NewString()
	for _, h := range hooks {
		if (event == eventPush && !h.PushEvents) || (event == eventTagPush && !h.TagPushEvents) {
			continue
		}
		if payload == "" {
			body, err := json.Marshal(pushPayload(cfg, p, pusher, options, refType, c))
			if err != nil {
				return nil, err
			}
			payload = string(body)
		}
		out = append(out, WebhookDelivery{
			HookID: h.ID, Event: event, EventUUID: eventUUID, IdempotencyKey: uuid.NewString(), Payload: payload,
		})
	}
	return out, nil
}

// pushEvent is GitLab's push and tag push webhook body (Gitlab::DataBuilder::Push.build), in
// its key order. glia does not read the repository, so commits is empty and
// total_commits_count 0, message (an annotated tag's) is null, and a tag's checkout_sha is the
// pushed object rather than the commit it peels to. glia keeps no public emails, avatars or
// project descriptions: user_email and description are empty, the avatars null.
type pushEvent struct {
	ObjectKind        string              `json:"object_kind"`
	EventName         string              `json:"event_name"`
	Before            string              `json:"before"`
	After             string              `json:"after"`
	Ref               string              `json:"ref"`
	CheckoutSHA       *string             `json:"checkout_sha"`
	Message           *string             `json:"message"`
	UserID            int64               `json:"user_id"`
	UserName          string              `json:"user_name"`
	UserUsername      string              `json:"user_username"`
	UserEmail         string              `json:"user_email"`
	UserAvatar        *string             `json:"user_avatar"`
	ProjectID         int64               `json:"project_id"`
	Project           hookProject         `json:"project"`
	Commits           []struct{}          `json:"commits"`
	TotalCommitsCount int                 `json:"total_commits_count"`
	PushOptions       receive.PushOptions `json:"push_options"`
	Repository        hookRepository      `json:"repository"`
}

// hookProject is Project#hook_attrs, with its backward-compatible keys.
type hookProject struct {
	ID                int64   `json:"id"`
	Name              string  `json:"name"`
	Description       string  `json:"description"`
	WebURL            string  `json:"web_url"`
	AvatarURL         *string `json:"avatar_url"`
	GitSSHURL         string  `json:"git_ssh_url"`
	GitHTTPURL        string  `json:"git_http_url"`
	Namespace         string  `json:"namespace"`
	VisibilityLevel   int     `json:"visibility_level"`
	PathWithNamespace string  `json:"path_with_namespace"`
	DefaultBranch     *string `json:"default_branch"`
	CIConfigPath      *string `json:"ci_config_path"`
	Homepage          string  `json:"homepage"`
	URL               string  `json:"url"`
	SSHURL            string  `json:"ssh_url"`
	HTTPURL           string  `json:"http_url"`
}

// hookRepository is the deprecated repository object GitLab still sends.
type hookRepository struct {
	Name            string `json:"name"`
	URL             string `json:"url"`
	Description     string `json:"description"`
	Homepage        string `json:"homepage"`
	GitHTTPURL      string `json:"git_http_url"`
	GitSSHURL       string `json:"git_ssh_url"`
	VisibilityLevel int    `json:"visibility_level"`
}

// visibilityLevels are GitLab's Gitlab::VisibilityLevel values.
var visibilityLevels = map[string]int{"private": 0, "internal": 10, "public": 20}

func pushPayload(cfg Config, p store.HookProject, pusher store.User, options receive.PushOptions, refType string, c receive.Change) pushEvent {
	kind := "push"
	if refType == refTypeTag {
		kind = "tag_push"
	}
	var checkout *string
	if !c.Deleted() {
		checkout = &c.NewRev
	}
	if options == nil {
		options = receive.PushOptions{}
	}
	web := strings.TrimSuffix(cfg.ExternalURL.String(), "/") + "/" + p.Project.FullPath
	sshURL := project.SSHCloneURL(cfg.ExternalURL.Hostname(), p.Project.FullPath)
	httpURL := project.HTTPCloneURL(cfg.ExternalURL.String(), p.Project.FullPath)
	level := visibilityLevels[p.Project.Visibility]
	return pushEvent{
		ObjectKind:   kind,
		EventName:    kind,
		Before:       c.OldRev,
		After:        c.NewRev,
		Ref:          c.Ref,
		CheckoutSHA:  checkout,
		UserID:       pusher.ID,
		UserName:     pusher.Name,
		UserUsername: pusher.Username,
		ProjectID:    p.Project.ID,
		Project: hookProject{
			ID: p.Project.ID, Name: p.Project.Name, WebURL: web, GitSSHURL: sshURL, GitHTTPURL: httpURL,
			Namespace: p.NamespaceName, VisibilityLevel: level, PathWithNamespace: p.Project.FullPath,
			DefaultBranch: p.Project.DefaultBranch, Homepage: web, URL: sshURL, SSHURL: sshURL, HTTPURL: httpURL,
		},
		Commits:     []struct{}{},
		PushOptions: options,
		Repository: hookRepository{
			Name: p.Project.Name, URL: sshURL, Homepage: web, GitHTTPURL: httpURL, GitSSHURL: sshURL, VisibilityLevel: level,
		},
	}
}
