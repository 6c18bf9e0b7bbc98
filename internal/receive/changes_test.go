package receive_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/receive"
)

var (
	zero   = strings.Repeat("0", 40)
	shaA   = "fd9e76b9136bdd9fe217061b497745792fe5a5ee"
	shaB   = "570e7b2abdd848b95f2f578043fc23bd6f6fd24d"
	sha256 = strings.Repeat("ab", 32)
)

func TestParseChanges_ReadsLinesLikeGitLab(t *testing.T) {
	lines := zero + " " + shaA + " refs/heads/main\n" + shaA + " " + shaB + " refs/tags/v1\n"
	both := []receive.Change{{OldRev: zero, NewRev: shaA, Ref: "refs/heads/main"}, {OldRev: shaA, NewRev: shaB, Ref: "refs/tags/v1"}}
	cases := []struct {
		name string
		raw  string
		want []receive.Change
	}{
		{"empty", "", nil},
		{"one line without newline", zero + " " + shaA + " refs/heads/main", both[:1]},
		{"several lines", lines, both},
		{"CRLF, blank lines, runs of blanks and tabs", "\r\n  " + zero + "\t " + shaA + "  refs/heads/main \r\n\n", both[:1]},
		{"SHA-256 repository", sha256 + " " + sha256 + " refs/heads/main\n",
			[]receive.Change{{OldRev: sha256, NewRev: sha256, Ref: "refs/heads/main"}}},
		{"base64 when there is no space", base64.StdEncoding.EncodeToString([]byte(lines)), both},
		{"base64 without padding, wrapped", wrap(base64.RawStdEncoding.EncodeToString([]byte(lines))), both},
		{"the seed's curl, which sends a backslash and an n", zero + " " + shaA + ` gh-pages\n`,
			[]receive.Change{{OldRev: zero, NewRev: shaA, Ref: `gh-pages\n`}}},
		{"a ref outside refs/ is kept (and later ignored)", zero + " " + shaA + " gh-pages\n",
			[]receive.Change{{OldRev: zero, NewRev: shaA, Ref: "gh-pages"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := receive.ParseChanges(tc.raw)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// wrap breaks base64 into 60-character lines, as some encoders do.
func wrap(s string) string {
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60] + "\n")
		s = s[60:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

func TestParseChanges_RefusesWhatIsNotAChangeLine(t *testing.T) {
	cases := map[string]string{
		"two fields":                   zero + " " + shaA + "\n",
		"four fields":                  zero + " " + shaA + " refs/heads/main extra\n",
		"a revision that is not hex":   strings.Repeat("g", 40) + " " + shaA + " refs/heads/main\n",
		"a short revision":             "abc123 " + shaA + " refs/heads/main\n",
		"one good line, one bad":       zero + " " + shaA + " refs/heads/main\nnonsense here\n",
		"base64 that does not decode":  "not*base64!",
		"base64 of something else":     base64.StdEncoding.EncodeToString([]byte("hello\x00world")),
		"a control character in a ref": zero + " " + shaA + " refs/heads/a\x01b\n",
		"a NUL in a ref, via base64":   base64.StdEncoding.EncodeToString([]byte(zero + " " + shaA + " refs/heads/a\x00\n")),
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := receive.ParseChanges(raw)
			assert.ErrorIs(t, err, receive.ErrMalformedChanges)
		})
	}
}

func TestChange_KnowsBranchesTagsCreationsAndDeletions(t *testing.T) {
	created := receive.Change{OldRev: zero, NewRev: shaA, Ref: "refs/heads/feature/x"}
	branch, ok := created.Branch()
	assert.True(t, ok)
	assert.Equal(t, "feature/x", branch)
	assert.True(t, created.Created())
	assert.False(t, created.Deleted())
	assert.False(t, created.IsTag())

	deletedTag := receive.Change{OldRev: shaA, NewRev: zero, Ref: "refs/tags/v1"}
	_, ok = deletedTag.Branch()
	assert.False(t, ok)
	assert.True(t, deletedTag.IsTag())
	assert.True(t, deletedTag.Deleted())
	assert.False(t, deletedTag.Created())

	other := receive.Change{OldRev: shaA, NewRev: shaB, Ref: "refs/merge-requests/1/head"}
	_, ok = other.Branch()
	assert.False(t, ok || other.IsTag())
}
