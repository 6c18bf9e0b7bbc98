package sshkey_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/glia-dev/glia/internal/sshkey"
)

// Seeds: real keys of each type glia sees (generated with ssh-keygen), in the shapes callers
// send them.
const (
	fuzzECDSA256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIdTmdjaIVh51pqMO6ZRGQtsFOccwDnWkZ0biZAMiPjkDPMClji/Iy/1qQbMB9+Wymjw5WkanXqEDqz6VyEuM4Q="
	fuzzECDSA384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBGOPgGZC4ZIEPMWoSjPymNHUwbtLiL3gumP76TUjuUiP9jmegULddvFYmfzP8ktpRAzGKm7LYrg/sfqnyorKc9DHct6jPeFqCBU7ohjve2ELKGtDGXa7ZrFIRzbK0/qzjA=="
	fuzzRSA      = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCxGP487s+vEI9sZRWKws2NqHCsSXOWxH5SwWYMDEypnPfcilR+nm3flZG+X0HecCBrsGAftFVe6ttyM1cdWE32GHdGYhMtmCAWLALo7+bGskYXwYWhWWPuiT2Ds84/+Po+ubWTnnYFFbmvqfHZ085WvJiP6PJPJQvyTyiF/6YGHw=="
)

// FuzzParse feeds the key parser authorized_keys-style lines, as fixtures, glia key add and the
// seed's examples carry them. Properties: it never panics; a refusal is ErrMalformed; an accepted
// key writes out (Line) as a line that reads back as the same key, whose blob alone reads back as
// the same type.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		ed25519Line,
		fuzzECDSA256 + " rubi@test",
		fuzzECDSA384,
		fuzzRSA + " a comment  with   blanks",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5Kj72waA+ktB2f5aXiQEui3hTsyk01DeLVQx132zMZ",
		"ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIA5Kj72waA+ktB2f5aXiQEui3hTsyk01DeLVQx132zMZ mismatched type",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAHw5Kj72waA+ktB2f5aXiQEui3hTsyk01DeLVQx132zM short point",
		"ssh-ed25519",
		"",
		"ssh-ed25519 !!!notbase64",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		key, err := sshkey.Parse(line)
		if err != nil {
			if !errors.Is(err, sshkey.ErrMalformed) {
				t.Fatalf("Parse(%q) failed with %v, not ErrMalformed", line, err)
			}
			return
		}
		again, err := sshkey.Parse(key.Line(key.Comment))
		if err != nil || again.Type != key.Type || !bytes.Equal(again.Blob, key.Blob) || again.Comment != key.Comment {
			t.Fatalf("Parse(%q) = %+v, but its Line reads back as %+v, %v", line, key, again, err)
		}
		blob, err := sshkey.ParseBlob(base64.RawStdEncoding.EncodeToString(key.Blob))
		if err != nil || blob.Type != key.Type {
			t.Fatalf("Parse(%q) = %+v, but its blob reads back as %+v, %v", line, key, blob, err)
		}
	})
}

// FuzzParseBlob feeds the blob parser what gitlab-sshd and sshd send to the authorized_keys
// lookup (padded, unpadded, with the "+" signs of a hand-written query turned into spaces).
// Properties: it never panics; a refusal is ErrMalformed; an accepted blob has a fingerprint of
// 43 characters (SHA-256, unpadded base64) whatever its padding, and reads back the same padded.
func FuzzParseBlob(f *testing.F) {
	for _, line := range []string{ed25519Line, fuzzECDSA256, fuzzECDSA384, fuzzRSA} {
		blob := strings.Fields(line)[1]
		f.Add(blob)
		f.Add(strings.TrimRight(blob, "="))
		f.Add(strings.ReplaceAll(blob, "+", " "))
	}
	f.Add("")
	f.Add("====")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, text string) {
		key, err := sshkey.ParseBlob(text)
		if err != nil {
			if !errors.Is(err, sshkey.ErrMalformed) {
				t.Fatalf("ParseBlob(%q) failed with %v, not ErrMalformed", text, err)
			}
			return
		}
		if fp := sshkey.Fingerprint(key.Blob); len(fp) != 43 {
			t.Fatalf("ParseBlob(%q): fingerprint %q", text, fp)
		}
		again, err := sshkey.ParseBlob(base64.StdEncoding.EncodeToString(key.Blob))
		if err != nil || again.Type != key.Type || !bytes.Equal(again.Blob, key.Blob) {
			t.Fatalf("ParseBlob(%q) = %+v, but its padded blob reads back as %+v, %v", text, key, again, err)
		}
	})
}
