package scim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/scim"
)

func boolPtr(b bool) *bool                    { return &b }
func strPtr(s string) *string                 { return &s }
func op(o, path string, v any) scim.Operation { return scim.Operation{Op: o, Path: path, Value: v} }

func TestParsePatch_ReadsOperationsGitLabsWay(t *testing.T) {
	cases := []struct {
		name string
		ops  []scim.Operation
		want scim.Update
	}{
		{"Entra deactivation", []scim.Operation{op("Replace", "active", "False")}, scim.Update{Active: boolPtr(false)}},
		{"Okta deactivation without path", []scim.Operation{op("replace", "", map[string]any{"active": false})}, scim.Update{Active: boolPtr(false)}},
		{"add acts like replace", []scim.Operation{op("Add", "active", "TRUE")}, scim.Update{Active: boolPtr(true)}},
		{"op and path in any case", []scim.Operation{op("rEpLaCe", "ACTIVE", false)}, scim.Update{Active: boolPtr(false)}},
		{"schema-qualified path", []scim.Operation{op("replace", "urn:ietf:params:scim:schemas:core:2.0:User:active", false)}, scim.Update{Active: boolPtr(false)}},
		{"quotes inside strings are dropped", []scim.Operation{op("replace", "active", `"false"`)}, scim.Update{Active: boolPtr(false)}},
		{"remove is ignored", []scim.Operation{op("Remove", "active", false)}, scim.Update{}},
		{"GitLab docs' Update is ignored", []scim.Operation{op("Update", "active", false)}, scim.Update{}},
		{"null is not given", []scim.Operation{op("replace", "active", nil)}, scim.Update{}},
		{"id re-keys", []scim.Operation{op("Replace", "id", "new_uid")}, scim.Update{ExternUID: strPtr("new_uid")}},
		{"externalId re-keys", []scim.Operation{op("replace", "externalId", "new_uid")}, scim.Update{ExternUID: strPtr("new_uid")}},
		{"user attributes are ignored", []scim.Operation{
			op("Add", "name.formatted", "New Name"), op("replace", `emails[type eq "work"].value`, "a@b.example"),
			op("replace", "userName", "x"), op("replace", "displayName", "x"),
		}, scim.Update{}},
		{"every attribute of a path-less value", []scim.Operation{op("Replace", "", map[string]any{"displayName": "X", "active": "False", "externalId": "k"})},
			scim.Update{Active: boolPtr(false), ExternUID: strPtr("k")}},
		{"later operations win", []scim.Operation{op("replace", "active", false), op("replace", "active", true), op("replace", "id", "a"), op("replace", "externalId", "b")},
			scim.Update{Active: boolPtr(true), ExternUID: strPtr("b")}},
		{"nothing", nil, scim.Update{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := scim.ParsePatch(tc.ops)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParsePatch_RefusesValuesTheAttributeCannotTake(t *testing.T) {
	cases := []struct {
		op     scim.Operation
		detail string
	}{
		{op("replace", "active", "maybe"), `active must be a boolean or "true"/"false", got "maybe"`},
		{op("replace", "active", 0.0), `active must be a boolean or "true"/"false", got a number`},
		{op("replace", "active", []any{}), `active must be a boolean or "true"/"false", got an array`},
		{op("replace", "externalId", true), `externalId must be a string, got a boolean`},
		{op("replace", "id", map[string]any{}), `id must be a string, got an object`},
		{op("replace", "", "False"), `Operations[0]: an operation without path needs an object value`},
		{op("replace", "", map[string]any{"active": "nope"}), `active must be a boolean or "true"/"false", got "nope"`},
	}
	for _, tc := range cases {
		t.Run(tc.detail, func(t *testing.T) {
			_, err := scim.ParsePatch([]scim.Operation{tc.op})
			var invalid *scim.InvalidValueError
			require.ErrorAs(t, err, &invalid)
			assert.Equal(t, tc.detail, invalid.Detail)
		})
	}
	// An ignored operation is not read at all.
	_, err := scim.ParsePatch([]scim.Operation{op("remove", "active", "maybe")})
	assert.NoError(t, err)
}
