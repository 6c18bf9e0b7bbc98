// Package sshkey reads OpenSSH public keys the way GitLab's internal API needs them: the key
// type, the decoded blob and its SHA256 fingerprint. golang.org/x/crypto/ssh checks that a blob
// is a key of its declared type (an ed25519 point of 32 bytes, an RSA exponent and modulus, an
// ECDSA point on its curve…), so a line that merely starts with a known type name is refused.
package sshkey

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"

	"golang.org/x/crypto/ssh"
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
	key, err := ParseBlob(fields[1])
	if err != nil {
		return PublicKey{}, err
	}
	// The blob names its own type; it must agree with the line's.
	if key.Type != fields[0] {
		return PublicKey{}, ErrMalformed
	}
	key.Comment = strings.Join(fields[2:], " ")
	return key, nil
}

// ParseBlob reads a key from its base64 blob alone (as gitlab-sshd and sshd send it to the
// authorized_keys lookup); the type is the one the blob declares.
func ParseBlob(text string) (PublicKey, error) {
	blob, err := DecodeBlob(text)
	if err != nil {
		return PublicKey{}, err
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return PublicKey{}, ErrMalformed
	}
	return PublicKey{Type: key.Type(), Blob: blob}, nil
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
