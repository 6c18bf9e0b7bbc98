package scimapi

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequestParams_WritesRubyHashInspectWithSecretsFiltered(t *testing.T) {
	body := map[string]any{
		"externalId": "test_uid",
		"active":     nil,
		"emails":     []any{map[string]any{"primary": true, "value": "a@example.com"}},
		"count":      3,
		"ratio":      1.5,
		"password":   "hunter2",
		"nested":     map[string]any{"api_key": map[string]any{"deep": "x"}, "secretSauce": 1, "plain": `q"uo\te #{x}` + "\n\x01"},
	}
	assert.Equal(t,
		`{"active" => nil, "count" => 3, "emails" => [{"primary" => true, "value" => "a@example.com"}], "externalId" => "test_uid", `+
			`"nested" => {"api_key" => "[FILTERED]", "plain" => "q\"uo\\te \#{x}\n\u0001", "secretSauce" => "[FILTERED]"}, `+
			`"password" => "[FILTERED]", "ratio" => 1.5, "group" => "acme", "id" => "a b"}`,
		requestParams(body, [2]string{"group", "acme"}, [2]string{"id", "a b"}))
	assert.Equal(t, `{"group" => "acme"}`, requestParams(map[string]any{}, [2]string{"group", "acme"}))
	assert.Equal(t, `{}`, requestParams(nil))
}
