package access

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzParseChanges feeds /internal/allowed's changes parser what GitLab Shell or Gitaly may send.
// Properties: it never panics; a refusal wraps ErrMalformedChanges; what it accepts are object ids
// and single-field refs, which read back the same when written out as lines; validRefName,
// which judges each branch and tag name of a push, never panics on what the parser lets through.
func FuzzParseChanges(f *testing.F) {
	sha1A, sha1B := "fd9e76b9136bdd9fe217061b497745792fe5a5ee", "570e7b2abdd848b95f2f578043fc23bd6f6fd24d"
	zero, sha256 := strings.Repeat("0", 40), strings.Repeat("ab", 32)
	for _, seed := range []string{
		"",
		"_any",
		zero + " " + sha1A + " refs/heads/main",
		zero + " " + sha1A + " refs/heads/main\n" + sha1A + " " + sha1B + " refs/tags/v1\n",
		"\r\n  " + zero + "\t " + sha1A + "  refs/heads/main \r\n\n",
		sha256 + " " + sha256 + " refs/heads/main\n",
		sha1A + " " + zero + " refs/heads/feature/x\n",
		zero + " " + sha1A + " refs/heads/a..b\n",
		zero + " " + sha1A + " refs/heads/ümlaut\n",
		zero + " " + sha1A + "\n",
		"xyz " + sha1A + " refs/heads/main\n",
		zero + " " + sha1A + " refs/heads/a\x00b\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		changes, err := parseChanges(raw)
		if err != nil {
			if !errors.Is(err, ErrMalformedChanges) {
				t.Fatalf("parseChanges(%q) failed with %v, not ErrMalformedChanges", raw, err)
			}
			return
		}
		var out strings.Builder
		for _, c := range changes {
			if !isObjectID(c.oldrev) || !isObjectID(c.newrev) || len(strings.Fields(c.ref)) != 1 {
				t.Fatalf("parseChanges(%q) accepted %+v", raw, c)
			}
			_ = validRefName(strings.TrimPrefix(c.ref, "refs/heads/"))
			out.WriteString(c.oldrev + " " + c.newrev + " " + c.ref + "\n")
		}
		again, err := parseChanges(out.String())
		if err != nil || !slices.Equal(again, changes) {
			t.Fatalf("parseChanges(%q) = %+v, but its lines read back as %+v, %v", raw, changes, again, err)
		}
	})
}
