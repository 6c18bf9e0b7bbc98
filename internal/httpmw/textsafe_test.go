package httpmw

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unstorableName is the parameter err names, or "" when err is nil.
func unstorableName(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var u *unstorableError
	require.True(t, errors.As(err, &u), "%v", err)
	return u.name
}

func TestStorable_RefusesNULAndInvalidUTF8Only(t *testing.T) {
	cases := map[string]bool{
		"":                  true,
		"acme/cluster":      true,
		"é — 日本語 🚀":         true,
		"\ufffd":            true, // the replacement character is text like any other
		"a\x00b":            false,
		"\xff":              false,
		"caf\xc3":           false, // a truncated sequence
		"\xed\xa0\x80":      false, // an encoded surrogate is not UTF-8
		"\xc0\xaf":          false, // an overlong encoding
		"tab\tand\nnewline": true,
	}
	for s, want := range cases {
		assert.Equal(t, want, Storable(s), "%q", s)
	}
}

func TestCheckJSON_NamesTheFirstUnstorableStringAsGrapeWould(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"clean document", `{"project":"acme/cluster","push_options":["ci.skip"]}`, ""},
		{"escaped NUL at the top", `{"project":"a\u0000"}`, "project"},
		{"raw invalid UTF-8", "{\"project\":\"a\xffb\"}", "project"},
		{"nested object", `{"name":{"givenName":"x","formatted":"New\u0000Bie"}}`, "name[formatted]"},
		{"flat dotted key", "{\"name.formatted\":\"\xc3\"}", "name.formatted"},
		{"list of hashes", `{"packs":[{"purchase_xid":"ok"},{"purchase_xid":"x\u0000"}]}`, "packs[1][purchase_xid]"},
		{"list of strings, named by the list", `{"push_options":["a","b","\u0000"]}`, "push_options"},
		{"list of lists", `{"a":[["x"],["\u0000"]]}`, "a[1]"},
		{"bad key in a list of hashes", `{"packs":[{"\u0000":1}]}`, "packs[0]"},
		{"after nested containers", `{"a":{"b":[1,{"c":[]}]},"d":"\u0000"}`, "d"},
		{"bad key at the top", `{"\u0000":"x"}`, "body"},
		{"bad key inside an object", `{"env":{"GIT\u0000":"x"}}`, "env"},
		{"raw invalid UTF-8 in a key", "{\"env\":{\"\xfe\":1}}", "env"},
		{"a scalar document", `"\u0000"`, "body"},
		{"a list document", `["ok","\u0000"]`, "body"},
		{"escaped backslash before u0000 is text", `{"project":"\\u0000"}`, ""},
		{"a lone surrogate escape decodes to U+FFFD", `{"project":"\ud800"}`, ""},
		{"malformed JSON is left to the schema", `{"project":"a\u0000`, ""},
		{"malformed JSON with invalid UTF-8", "{\"project\":\xff", "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, unstorableName(t, checkJSON([]byte(tc.body))))
		})
	}
}

func TestCheckPairs_NamesTheParameterAsSent(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"username=rubi&key_id=7", ""},
		{"username=%ff", "username"},
		{"project=acme%2F%00", "project"},
		{"packs[0][number_of_minutes]=1&packs[0][purchase_xid]=x%00", "packs[0][purchase_xid]"},
		{"packs[0][%00]=1", "packs[0]"},
		{"%00=1", "request"},
		{"=%80", "request"},
		{"[]=%00", "request"},
		{"scopes[]=api&scopes[]=x%00", "scopes"},
		{"emails[][value]=%ff", "emails[][value]"},
		{"bad=%zz&ok=1", ""},   // undecodable pairs are dropped by every reader
		{"a=%00;b=1", "a"},     // url.ParseQuery drops it, the Rails folding keeps it: refused
		{"name=caf%C3%A9", ""}, // percent-encoded UTF-8 is text
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, unstorableName(t, checkPairs(tc.raw, "request")), tc.raw)
	}
}

func TestCheckPathParams_JudgesTheUnescapedSegmentAsANotFound(t *testing.T) {
	assert.NoError(t, checkPathParams(map[string]string{"group_path": "parent%2Fchild", "id": "42"}))
	assert.NoError(t, checkPathParams(map[string]string{"id": "%2500"}), "an escaped percent sign is text")
	err := checkPathParams(map[string]string{"id": "100", "target_id": "%00"})
	assert.Equal(t, "target_id", unstorableName(t, err))
	var u *unstorableError
	require.ErrorAs(t, err, &u)
	got := u.apiError()
	assert.Equal(t, http.StatusNotFound, got.Status)
	assert.Equal(t, "404 Not Found", got.Message)
	assert.False(t, got.Param, "GitLab's not-found answers {\"message\"}")
	got = (&unstorableError{name: "username"}).apiError()
	assert.Equal(t, http.StatusBadRequest, got.Status)
	assert.Equal(t, "username is invalid", got.Message)
	assert.True(t, got.Param)
}
