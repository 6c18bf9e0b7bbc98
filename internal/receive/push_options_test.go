package receive_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/receive"
)

func TestParsePushOptions_AsGitLabDoes(t *testing.T) {
	cases := []struct {
		name string
		raw  []string
		want string // as JSON: what the job and webhook payloads carry
	}{
		{"none", nil, `{}`},
		{"a bare option is true", []string{"ci.skip"}, `{"ci":{"skip":true}}`},
		{"a value", []string{"merge_request.target=main"}, `{"merge_request":{"target":"main"}}`},
		{"mr is merge_request", []string{"mr.create", "mr.title=Fix it"}, `{"merge_request":{"create":true,"title":"Fix it"}}`},
		{"an empty value is true", []string{"merge_request.draft="}, `{"merge_request":{"draft":true}}`},
		{"the value keeps its equals signs", []string{"ci.variable=A=1=2"}, `{"ci":{"variable":{"A=1=2":1}}}`},
		{"parts are stripped", []string{"  mr . title =  spaced out  "}, `{"merge_request":{"title":"spaced out"}}`},
		{"the last single value wins", []string{"mr.target=a", "mr.target=b"}, `{"merge_request":{"target":"b"}}`},
		{"multi-value options count each value",
			[]string{"mr.label=bug", "mr.label=ui", "merge_request.label=bug", "mr.unlabel=old", "mr.assign=ada", "mr.unassign=bob", "ci.variable=X=1"},
			`{"ci":{"variable":{"X=1":1}},"merge_request":{"assign":{"ada":1},"label":{"bug":2,"ui":1},"unassign":{"bob":1},"unlabel":{"old":1}}}`},
		{"a bare multi-value option counts true", []string{"mr.label", "mr.label"}, `{"merge_request":{"label":{"true":2}}}`},
		{"every other known option",
			[]string{"integrations.skip_ci", "secret_detection.skip_all", "secret_push_protection.skip_all", "mr.squash",
				"mr.merge_when_pipeline_succeeds", "mr.remove_source_branch", "mr.milestone=1.0", "mr.description=d",
				"mr.target_project=a/b"},
			`{"integrations":{"skip_ci":true},"merge_request":{"description":"d","merge_when_pipeline_succeeds":true,"milestone":"1.0","remove_source_branch":true,"squash":true,"target_project":"a/b"},"secret_detection":{"skip_all":true},"secret_push_protection":{"skip_all":true}}`},
		{"unknown namespaces and keys are dropped",
			[]string{"foo.bar", "ci.unknown", "merge_request.Create", "MR.create", "nodot", "=x", ".skip"}, `{}`},
		{"the namespace ends at the first dot", []string{"x.ci.skip"}, `{}`},
		{"a leading dot is passed over, as GitLab's unanchored matcher does", []string{".ci.skip"}, `{"ci":{"skip":true}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(receive.ParsePushOptions(tc.raw))
			assert.NoError(t, err)
			assert.JSONEq(t, tc.want, string(got))
		})
	}
}
