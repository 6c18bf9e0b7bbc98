// Package sshkey reads OpenSSH public keys the way GitLab's internal API needs them: the key
// type, the decoded blob and its SHA256 fingerprint.
package sshkey

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// ErrMalformed means the text is not an OpenSSH public key.
var ErrMalformed = errors.New("not an OpenSSH public key")

// PublicKey is a parsed "type base64-blob [comment]" line.
type PublicKey struct {
	Type    string
	Blob    []byte
	Comment string
}

// Parse reads an authorized_keys-style line (without options).
func Parse(line string) (PublicKey, error) {
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return PublicKey{}, ErrMalformed
	}
	blob, err := DecodeBlob(fields[1])
	if err != nil {
		return PublicKey{}, err
	}
	// The blob starts with its own type as an SSH string; it must agree with the first field.
	if len(blob) < 4 {
		return PublicKey{}, ErrMalformed
	}
	n := int(blob[0])<<24 | int(blob[1])<<16 | int(blob[2])<<8 | int(blob[3])
	if n <= 0 || 4+n > len(blob) || string(blob[4:4+n]) != fields[0] {
		return PublicKey{}, ErrMalformed
	}
	return PublicKey{Type: fields[0], Blob: blob, Comment: strings.Join(fields[2:], " ")}, nil
}

// DecodeBlob decodes standard base64 with or without "=" padding: sshd passes padded keys to
// gitlab-shell-authorized-keys-check, gitlab-sshd sends them unpadded. A blob never holds a space,
// so spaces are "+" signs a hand-written query string (curl "…?key=AAAA+…") left unencoded.
func DecodeBlob(text string) ([]byte, error) {
	text = strings.ReplaceAll(text, " ", "+")
	blob, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
	if err != nil || len(blob) == 0 {
		return nil, ErrMalformed
	}
	return blob, nil
}

// Fingerprint is the SHA256 fingerprint of a key blob as OpenSSH prints it after "SHA256:"
// (base64 without padding) — the form glia stores and looks keys up by.
func Fingerprint(blob []byte) string {
	sum := sha256.Sum256(blob)
	return base64.RawStdEncoding.EncodeToString(sum[:])
}

// Line renders the key as an OpenSSH line with the given comment.
func (k PublicKey) Line(comment string) string {
	line := k.Type + " " + base64.StdEncoding.EncodeToString(k.Blob)
	if comment != "" {
		line += " " + comment
	}
	return line
}
