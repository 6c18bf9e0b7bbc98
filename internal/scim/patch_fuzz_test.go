package scim_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/glia-dev/glia/internal/scim"
)

// FuzzParsePatch feeds the PATCH parser the Operations of a request body as identity providers
// send them (decoded from JSON, as the handler decodes them). Properties: it never panics; a
// refusal is *InvalidValueError; the result is the same on a second parse; operations other than
// add and replace change nothing.
func FuzzParsePatch(f *testing.F) {
	for _, seed := range []string{
		`[{"op":"Replace","path":"active","value":"False"}]`,
		`[{"op":"replace","value":{"active":false}}]`,
		`[{"op":"Add","path":"active","value":"TRUE"}]`,
		`[{"op":"rEpLaCe","path":"ACTIVE","value":false}]`,
		`[{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:active","value":false}]`,
		`[{"op":"replace","path":"active","value":"\"false\""}]`,
		`[{"op":"Remove","path":"active","value":false}]`,
		`[{"op":"Replace","path":"id","value":"new_uid"}]`,
		`[{"op":"Replace","value":{"displayName":"X","active":"False","externalId":"k","id":"j"}}]`,
		`[{"op":"replace","path":"active","value":false},{"op":"replace","path":"active","value":true}]`,
		`[{"op":"replace","path":"active","value":"maybe"}]`,
		`[{"op":"replace","path":"externalId","value":42}]`,
		`[{"op":"replace","value":"not an object"}]`,
		`[{"op":"replace","path":"name.formatted","value":{"a":[1,null]}}]`,
		`[]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var decoded []struct {
			Op    string `json:"op"`
			Path  string `json:"path"`
			Value any    `json:"value"`
		}
		if json.Unmarshal([]byte(body), &decoded) != nil {
			return
		}
		ops := make([]scim.Operation, len(decoded))
		acting := false
		for i, d := range decoded {
			ops[i] = scim.Operation{Op: d.Op, Path: d.Path, Value: d.Value}
			acting = acting || strings.EqualFold(d.Op, "add") || strings.EqualFold(d.Op, "replace")
		}
		update, err := scim.ParsePatch(ops)
		if err != nil {
			var invalid *scim.InvalidValueError
			if !errors.As(err, &invalid) {
				t.Fatalf("ParsePatch(%s) failed with %T %v, not *InvalidValueError", body, err, err)
			}
			return
		}
		if !acting && !reflect.DeepEqual(update, scim.Update{}) {
			t.Fatalf("ParsePatch(%s) = %+v without an add or replace", body, update)
		}
		if again, err := scim.ParsePatch(ops); err != nil || !reflect.DeepEqual(again, update) {
			t.Fatalf("ParsePatch(%s) is not deterministic: %+v then %+v, %v", body, update, again, err)
		}
	})
}
