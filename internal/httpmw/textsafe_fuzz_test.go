package httpmw

import (
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"unicode/utf8"
)

// hasUnstorable reports a NUL or invalid UTF-8 in any string or key of a decoded JSON value.
func hasUnstorable(v any) bool {
	switch t := v.(type) {
	case string:
		return !Storable(t)
	case []any:
		for _, e := range t {
			if hasUnstorable(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range t {
			if !Storable(k) || hasUnstorable(e) {
				return true
			}
		}
	}
	return false
}

// requireNamed checks a finding: an *unstorableError whose name can itself be shown and stored.
func requireNamed(t *testing.T, input any, err error) {
	t.Helper()
	var u *unstorableError
	if !errors.As(err, &u) {
		t.Fatalf("%q: %T %v is not an *unstorableError", input, err, err)
	}
	if u.name == "" || !Storable(u.name) {
		t.Fatalf("%q: the finding names %q", input, u.name)
	}
}

// FuzzCheckJSON feeds the body check any bytes. Properties: it never panics; for a document that
// parses, it finds something exactly when the bytes are not UTF-8 or a decoded string or key
// holds a NUL; a finding is named by a name that can be shown (never the hostile bytes).
func FuzzCheckJSON(f *testing.F) {
	for _, seed := range []string{
		`{"action":"git-receive-pack","protocol":"ssh","project":"acme/cluster","changes":"0 1 refs/heads/main"}`,
		`{"project":"acme/\u0000"}`,
		"{\"project\":\"acme/\xff\"}",
		`{"packs":[{"number_of_minutes":10,"expires_at":"2030-01-01","purchase_xid":"x\u0000"}]}`,
		`{"name":{"formatted":"New\u0000Bie"},"emails":[{"type":"work","value":"a@example.com"}]}`,
		`{"Operations":[{"op":"replace","value":{"active":"\u0000"}}]}`,
		`{"\u0000":1}`,
		`{"env":{"GIT\u0000":"x"}}`,
		`["ok","\u0000"]`,
		`"\u0000"`,
		`{"project":"\\u0000"}`,
		`{"project":"\ud800"}`,
		`{"a":[[],{},[{"b":"\u0000"}]]}`,
		`{"project":"a\u0000`,
		"{\"project\":\xff",
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := checkJSON(data)
		var doc any
		if json.Unmarshal(data, &doc) == nil {
			if want := !utf8.Valid(data) || hasUnstorable(doc); want != (err != nil) {
				t.Fatalf("checkJSON(%q) = %v, want a finding: %v", data, err, want)
			}
		}
		if err != nil {
			requireNamed(t, data, err)
		}
	})
}

// FuzzCheckPairs feeds the query string and form body check any text. Properties: it never
// panics; what it passes holds no unstorable key or value for any reader (url.ParseQuery and the
// Rails folding's splitPairs); a finding is named by a name that can be shown.
func FuzzCheckPairs(f *testing.F) {
	for _, seed := range []string{
		"username=rubi&key_id=7",
		"username=%ff",
		"project=acme%2F%00",
		"packs[0][number_of_minutes]=1&packs[0][purchase_xid]=x%00",
		"packs[0][%00]=1",
		"%00=1",
		"scopes[]=api&scopes[]=x%00",
		"bad=%zz&ok=1",
		"a=%00;b=1",
		"name=caf%C3%A9&x=%C3",
		"filter=externalId+eq+%22%00%22",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := checkPairs(raw, "request")
		if err != nil {
			requireNamed(t, raw, err)
			return
		}
		values, _ := url.ParseQuery(raw)
		for k, vs := range values {
			for _, v := range vs {
				if !Storable(k) || !Storable(v) {
					t.Fatalf("checkPairs(%q) passed %q=%q", raw, k, v)
				}
			}
		}
		for _, pair := range splitPairs(raw) {
			if !Storable(pair[0]) || !Storable(pair[1]) {
				t.Fatalf("checkPairs(%q) passed %q=%q", raw, pair[0], pair[1])
			}
		}
	})
}
