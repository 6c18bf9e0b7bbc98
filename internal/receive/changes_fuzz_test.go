package receive_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/glia-dev/glia/internal/receive"
)

// FuzzParseChanges feeds post_receive's changes parser what Gitaly (or anyone holding the shell
// secret) may send. Properties: it never panics; a refusal is ErrMalformedChanges; what it accepts
// are object ids and refs without control characters or blanks, which read back the same when
// written out as "<oldrev> <newrev> <ref>" lines, and from their base64.
func FuzzParseChanges(f *testing.F) {
	sha1A, sha1B := "fd9e76b9136bdd9fe217061b497745792fe5a5ee", "570e7b2abdd848b95f2f578043fc23bd6f6fd24d"
	zero, sha256 := strings.Repeat("0", 40), strings.Repeat("ab", 32)
	lines := zero + " " + sha1A + " refs/heads/main\n" + sha1A + " " + sha1B + " refs/tags/v1\n"
	for _, seed := range []string{
		"",
		lines,
		zero + " " + sha1A + " refs/heads/main",
		"\r\n  " + zero + "\t " + sha1A + "  refs/heads/main \r\n\n",
		sha256 + " " + sha256 + " refs/heads/main\n",
		base64.StdEncoding.EncodeToString([]byte(lines)),
		base64.RawStdEncoding.EncodeToString([]byte(lines)),
		zero + " " + sha1A + ` gh-pages\n`,
		zero + " " + sha1A + " refs/heads/ümlaut\n",
		zero + " " + sha1A + "\n",
		zero + " " + sha1A + " refs/heads/a\x00b\n",
		"not base64!",
		"_any",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		changes, err := receive.ParseChanges(raw)
		if err != nil {
			if !errors.Is(err, receive.ErrMalformedChanges) {
				t.Fatalf("ParseChanges(%q) failed with %v, not ErrMalformedChanges", raw, err)
			}
			return
		}
		var out strings.Builder
		for _, c := range changes {
			for _, rev := range []string{c.OldRev, c.NewRev} {
				if (len(rev) != 40 && len(rev) != 64) || strings.Trim(rev, "0123456789abcdefABCDEF") != "" {
					t.Fatalf("ParseChanges(%q) accepted revision %q", raw, rev)
				}
			}
			if c.Ref == "" || strings.ContainsFunc(c.Ref, func(r rune) bool { return r < 0x20 || r == 0x7f }) ||
				len(strings.Fields(c.Ref)) != 1 {
				t.Fatalf("ParseChanges(%q) accepted ref %q", raw, c.Ref)
			}
			out.WriteString(c.OldRev + " " + c.NewRev + " " + c.Ref + "\n")
		}
		for _, written := range []string{out.String(), base64.StdEncoding.EncodeToString([]byte(out.String()))} {
			again, err := receive.ParseChanges(written)
			if err != nil || !equalChanges(again, changes) {
				t.Fatalf("ParseChanges(%q) = %q, but its lines %q read back as %q, %v", raw, changes, written, again, err)
			}
		}
	})
}

func equalChanges(a, b []receive.Change) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
