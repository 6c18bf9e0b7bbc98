package sshkey_test

import (
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
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sshkey.Parse(line)
			assert.ErrorIs(t, err, sshkey.ErrMalformed)
		})
	}
}
