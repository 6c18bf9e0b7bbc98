package receive_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/glia-dev/glia/internal/receive"
)

// knownPushOptions are the namespaces and keys GitLab acts on (Gitlab::PushOptions).
var knownPushOptions = map[string]string{
	"merge_request":          " assign create description draft label merge_when_pipeline_succeeds milestone remove_source_branch squash target target_project title unassign unlabel ",
	"ci":                     " skip variable ",
	"integrations":           " skip_ci ",
	"secret_detection":       " skip_all ",
	"secret_push_protection": " skip_all ",
}

// FuzzParsePushOptions feeds the push options parser options as `git push -o` passes them on
// (one per line of the input). Properties: it never panics; it keeps only options GitLab knows;
// its result is JSON (what job and webhook payloads carry) and the same on a second parse;
// counted values never count more options than were given.
func FuzzParsePushOptions(f *testing.F) {
	for _, seed := range []string{
		"",
		"ci.skip",
		"merge_request.target=main",
		"mr.create\nmr.title=Fix it",
		"merge_request.draft=",
		"ci.variable=A=1=2",
		"  mr . title =  spaced out  ",
		"mr.target=a\nmr.target=b",
		"mr.label=bug\nmr.label=ui\nmerge_request.label=bug\nmr.unlabel=old",
		"mr.label\nmr.label",
		"secret_push_protection.skip_all\nintegrations.skip_ci",
		"unknown.option=x\nnodot\n.=\n..=..",
		"ci.variable=\x00\nmr.title=\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		raw := strings.Split(input, "\n")
		options := receive.ParsePushOptions(raw)
		counted := 0
		for namespace, keys := range options {
			known, ok := knownPushOptions[namespace]
			if !ok {
				t.Fatalf("ParsePushOptions(%q) kept namespace %q", raw, namespace)
			}
			for key, value := range keys {
				if !strings.Contains(known, " "+key+" ") {
					t.Fatalf("ParsePushOptions(%q) kept %s.%s", raw, namespace, key)
				}
				if counts, ok := value.(map[string]int); ok {
					for _, n := range counts {
						counted += n
					}
				}
			}
		}
		if counted > len(raw) {
			t.Fatalf("ParsePushOptions(%q) counted %d values of %d options", raw, counted, len(raw))
		}
		if _, err := json.Marshal(options); err != nil {
			t.Fatalf("ParsePushOptions(%q) does not marshal: %v", raw, err)
		}
		if again := receive.ParsePushOptions(raw); !reflect.DeepEqual(again, options) {
			t.Fatalf("ParsePushOptions(%q) is not deterministic: %v then %v", raw, options, again)
		}
	})
}
