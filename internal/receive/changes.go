package receive

import (
	"encoding/base64"
	"errors"
	"strings"
)

// ErrMalformedChanges means post_receive's changes hold a line that is not
// "<oldrev> <newrev> <ref>", or base64 that does not decode.
var ErrMalformedChanges = errors.New("malformed changes")

// Ref name prefixes of the two kinds of ref pushes act on.
const (
	branchPrefix = "refs/heads/"
	tagPrefix    = "refs/tags/"
)

// Change is one ref a push moved. A blank revision (all zeros) on the old side means the ref was
// created, on the new side that it was deleted.
type Change struct {
	OldRev string `json:"oldrev"`
	NewRev string `json:"newrev"`
	Ref    string `json:"ref"`
}

// Branch is the branch name of a change to refs/heads/…, and false for any other ref.
func (c Change) Branch() (string, bool) { return strings.CutPrefix(c.Ref, branchPrefix) }

// IsTag reports a change to refs/tags/….
func (c Change) IsTag() bool { return strings.HasPrefix(c.Ref, tagPrefix) }

// Created reports a ref that did not exist before the push.
func (c Change) Created() bool { return blankRev(c.OldRev) }

// Deleted reports a ref the push removed.
func (c Change) Deleted() bool { return blankRev(c.NewRev) }

// blankRev is Gitlab::Git.blank_ref?: a revision of zeros only.
func blankRev(rev string) bool { return strings.Trim(rev, "0") == "" }

// ParseChanges reads post_receive's changes: one "<oldrev> <newrev> <ref>" line per ref, as
// git's post-receive hook gets them. A string without a space is base64 of those lines, which
// GitLab's worker decodes (PostReceive#perform); so does glia. Blank lines are skipped, fields may
// be separated by any run of spaces or tabs, as GitLab splits them. Unlike GitLab, which skips
// what it cannot read, glia refuses the request (ErrMalformedChanges): a malformed line is a
// broken caller, and recording half a push would hide it.
func ParseChanges(raw string) ([]Change, error) {
	if !strings.Contains(raw, " ") {
		decoded, err := decodeBase64(raw)
		if err != nil {
			return nil, err
		}
		raw = decoded
	}
	var changes []Change
	for line := range strings.Lines(raw) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 || !isRev(fields[0]) || !isRev(fields[1]) || !isRefName(fields[2]) {
			return nil, ErrMalformedChanges
		}
		changes = append(changes, Change{OldRev: fields[0], NewRev: fields[1], Ref: fields[2]})
	}
	return changes, nil
}

// decodeBase64 reads standard base64 with or without padding; line breaks and surrounding
// whitespace are ignored, as Ruby's Base64.decode64 ignores them.
func decodeBase64(s string) (string, error) {
	s = strings.Join(strings.Fields(s), "")
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return "", ErrMalformedChanges
	}
	return string(b), nil
}

// isRev accepts an object id: 40 (SHA-1) or 64 (SHA-256) hexadecimal digits.
func isRev(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := range len(s) {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

// isRefName accepts a ref without control characters, which git never allows in one (and which
// could not be stored: PostgreSQL refuses NUL).
func isRefName(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	return true
}
