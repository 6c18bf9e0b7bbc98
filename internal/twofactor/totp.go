package twofactor

import (
	"crypto/hmac"
	"crypto/sha1" // RFC 6238's default and what authenticator apps use for GitLab's secrets
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// RFC 6238 parameters GitLab uses (devise-two-factor over ROTP): HMAC-SHA-1, 6 digits, 30 s
// steps, and Devise's otp_allowed_drift of 30 s either way, i.e. one step before and one after
// the current one, for clocks that are slightly off and codes typed as they roll over.
//
// TOTP is written here on crypto/hmac rather than taken from a library because it is a dozen
// lines, and replay protection needs to know which time step a code matched, which the usual
// libraries' validate functions do not tell.
const (
	TimeStepLength = 30 * time.Second
	CodeDigits     = 6
	driftSteps     = 1
)

// TimeStep is the RFC 6238 counter at t: whole 30-second steps since the Unix epoch.
func TimeStep(t time.Time) int64 {
	return t.Unix() / int64(TimeStepLength/time.Second)
}

// Code is the RFC 4226 HOTP value of secret at counter step, digits long with leading zeros.
func Code(secret []byte, step int64, digits int) string {
	mac := hmac.New(sha1.New, secret)
	_ = binary.Write(mac, binary.BigEndian, step) // writing to a hash never fails
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	value := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, value%mod)
}

// Match finds the time step, among the current one and its neighbours, whose code the user
// typed. Whitespace is ignored ("123 456"), as Devise strips it.
func Match(secret []byte, typed string, now time.Time) (step int64, ok bool) {
	typed = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, typed)
	if len(typed) != CodeDigits {
		return 0, false
	}
	current := TimeStep(now)
	for s := current - driftSteps; s <= current+driftSteps; s++ {
		if subtle.ConstantTimeCompare([]byte(Code(secret, s, CodeDigits)), []byte(typed)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// DecodeSecret reads a base32 secret the way authenticator apps and ROTP do: case and "="
// padding do not matter.
func DecodeSecret(s string) ([]byte, error) {
	return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(s, "=")))
}
