package twofactor

import (
	"crypto/rand"
	"encoding/base32"
	"net/url"
	"strconv"
)

// NewSecret makes an authenticator-app secret: 20 random bytes (RFC 4226's recommended 160
// bits), base32 without padding, as authenticator apps expect.
func NewSecret() string {
	buf := make([]byte, 20)
	_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(buf)
}

// OTPAuthURI is the otpauth:// URI authenticator apps read (usually from a QR code): TOTP,
// SHA-1, CodeDigits digits, TimeStepLength seconds — exactly what Match accepts.
func OTPAuthURI(issuer, account, secret string) string {
	q := url.Values{
		"secret":    {secret},
		"issuer":    {issuer},
		"algorithm": {"SHA1"},
		"digits":    {strconv.Itoa(CodeDigits)},
		"period":    {strconv.Itoa(int(TimeStepLength.Seconds()))},
	}
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + q.Encode()
}
