package sshkey_test

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/sshkey"
)

// Generated with ssh-keygen -t ed25519; ssh-keygen -lf prints the fingerprint below.
const (
	ed25519Line        = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5Kj72waA+ktB2f5aXiQEui3hTsyk01DeLVQx132zMZ demo@glia"
	ed25519Fingerprint = "J7HKB5BlTIP4SwpcTsmZt55RKFZPPzqGncSUuyvEBQE"
)

func TestParse_ReadsTypeBlobAndComment(t *testing.T) {
	key, err := sshkey.Parse(ed25519Line)
	require.NoError(t, err)
	assert.Equal(t, "ssh-ed25519", key.Type)
	assert.Equal(t, "demo@glia", key.Comment)
	assert.Equal(t, strings.TrimSuffix(ed25519Line, " demo@glia"), key.Line(""))
}

func TestFingerprint_MatchesSSHKeygenWithOrWithoutPadding(t *testing.T) {
	blob := strings.Fields(ed25519Line)[1]
	padded, err := sshkey.DecodeBlob(blob)
	require.NoError(t, err)
	unpadded, err := sshkey.DecodeBlob(strings.TrimRight(blob, "="))
	require.NoError(t, err)
	assert.Equal(t, ed25519Fingerprint, sshkey.Fingerprint(padded))
	assert.Equal(t, ed25519Fingerprint, sshkey.Fingerprint(unpadded))
}

func TestDecodeBlob_ReadsPlusSignsAQueryStringTurnedIntoSpaces(t *testing.T) {
	blob := strings.Fields(ed25519Line)[1]
	require.Contains(t, blob, "+")
	decoded, err := sshkey.DecodeBlob(strings.ReplaceAll(blob, "+", " "))
	require.NoError(t, err)
	assert.Equal(t, ed25519Fingerprint, sshkey.Fingerprint(decoded))
}

func TestParse_RejectsMalformedKeys(t *testing.T) {
	for name, line := range map[string]string{
		"empty":          "",
		"type only":      "ssh-ed25519",
		"not base64":     "ssh-ed25519 !!!",
		"type mismatch":  "ssh-rsa " + strings.Fields(ed25519Line)[1],
		"truncated blob": "ssh-ed25519 AAAA",
		// The blob names its type correctly, but what follows is no ed25519 key.
		"short ed25519 point": "ssh-ed25519 " + sshBlob("ssh-ed25519", make([]byte, 31)),
		"rsa without modulus": "ssh-rsa " + sshBlob("ssh-rsa", []byte{1, 0, 1}),
		"trailing bytes":      "ssh-ed25519 " + sshBlob("ssh-ed25519", make([]byte, 32), []byte("junk")),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sshkey.Parse(line)
			assert.ErrorIs(t, err, sshkey.ErrMalformed)
		})
	}
}

func TestParseBlob_ReadsTheTypeTheBlobDeclares(t *testing.T) {
	key, err := sshkey.ParseBlob(strings.Fields(ed25519Line)[1])
	require.NoError(t, err)
	assert.Equal(t, "ssh-ed25519", key.Type)
	assert.Equal(t, ed25519Fingerprint, sshkey.Fingerprint(key.Blob))

	_, err = sshkey.ParseBlob(sshBlob("ssh-ed25519", make([]byte, 31)))
	assert.ErrorIs(t, err, sshkey.ErrMalformed)
}

// sshBlob encodes SSH wire strings (a length, then the bytes) as base64, the way a key blob is
// built: its type name first, then the key's own fields.
func sshBlob(typ string, fields ...[]byte) string {
	var blob []byte
	for _, f := range append([][]byte{[]byte(typ)}, fields...) {
		blob = binary.BigEndian.AppendUint32(blob, uint32(len(f)))
		blob = append(blob, f...)
	}
	return base64.StdEncoding.EncodeToString(blob)
}
