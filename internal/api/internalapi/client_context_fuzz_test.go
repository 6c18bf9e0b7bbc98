package internalapi

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	gen "github.com/glia-dev/glia/gen/internalapi"
)

// FuzzClientContext feeds the checks of Gitaly's gitaly_client_context_bin (standard base64 of a
// JSON object) in /allowed and post_receive what a caller may send: the raw parameter, and the
// base64 of arbitrary bytes. Properties: they never panic; /allowed answers nothing or one of
// GitLab's two messages, nothing exactly when the parameter is absent or decodes to a JSON object;
// post_receive refuses exactly what is not standard base64, naming the parameter.
func FuzzClientContext(f *testing.F) {
	for _, seed := range []struct {
		bin     string
		payload []byte
	}{
		{"", []byte(`{}`)},
		{base64.StdEncoding.EncodeToString([]byte(`{"gitaly-client-context":{"remote_ip":"1.2.3.4"}}`)), []byte(`{"a":1}`)},
		{"eyJ9", []byte(`[]`)},
		{"not base64!", []byte(`null`)},
		{base64.RawStdEncoding.EncodeToString([]byte(`{"a":1}`)), []byte(`"string"`)},
		{base64.URLEncoding.EncodeToString([]byte(`{"?>":"~~~"}`)), []byte("{\"a\":\"\xff\"}")},
		{"e30=\n", []byte(`{"a":{"b":[1,2,{"c":null}]}}`)},
	} {
		f.Add(seed.bin, seed.payload)
	}
	f.Fuzz(func(t *testing.T, bin string, payload []byte) {
		check := func(bin string) string {
			msg := clientContextProblem(&bin)
			switch msg {
			case "", messageMalformedClientContext, messageClientContextNotObject:
			default:
				t.Fatalf("clientContextProblem(%q) = %q", bin, msg)
			}
			decoded, err := base64.StdEncoding.DecodeString(bin)
			var object map[string]any
			isObject := err == nil && json.Unmarshal(decoded, &object) == nil && object != nil
			if (msg == "") != (bin == "" || isObject) {
				t.Fatalf("clientContextProblem(%q) = %q; base64 error %v, a JSON object: %v", bin, msg, err, isObject)
			}
			body := gen.PostReceive{GlRepository: "project-1", Identifier: "key-1", GitalyClientContextBin: &bin}
			if name := invalidPostReceiveParam(&body); (name == "gitaly_client_context_bin") != (err != nil) {
				t.Fatalf("post_receive with gitaly_client_context_bin %q names %q; base64 error %v", bin, name, err)
			}
			return msg
		}
		check(bin)
		if encoded := base64.StdEncoding.EncodeToString(payload); check(encoded) == messageMalformedClientContext {
			t.Fatalf("standard base64 %q was called malformed", encoded)
		}
		if msg := clientContextProblem(nil); msg != "" {
			t.Fatalf("an absent gitaly_client_context_bin is %q", msg)
		}
	})
}
