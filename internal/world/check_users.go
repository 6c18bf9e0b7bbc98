package world

import (
	"encoding/base32"
	"strings"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/sshkey"
)

func (c *checker) user(f fileUser, at pos) User {
	u := User{
		ID:                 c.id("user id", f.ID, at.key("id")),
		NamespaceID:        c.id("namespace id", f.NamespaceID, at.key("namespace_id")),
		Username:           f.Username,
		Name:               orName(f.Name, f.Username),
		Email:              f.Email,
		State:              pick(c, at.key("state"), "user state", f.State, "active", userStates),
		UserType:           pick(c, at.key("user_type"), "user type", f.UserType, "human", userTypes),
		Admin:              f.Admin,
		External:           f.External,
		CanCreateProjects:  orDefault(f.CanCreateProjects, true),
		Confirmed:          orDefault(f.Confirmed, true),
		TermsAccepted:      orDefault(f.TermsAccepted, true),
		PasswordExpiresAt:  f.PasswordExpiresAt,
		OTPSecret:          f.OTPSecret,
		OTPRequired:        orDefault(f.OTPRequired, f.OTPSecret != ""),
		WebauthnRegistered: f.WebauthnRegistered,
		SSHKeys:            make([]SSHKey, len(f.SSHKeys)),
		AccessTokens:       make([]PersonalAccessToken, len(f.PersonalAccessTokens)),
	}
	c.require(at.key("email"), "email", f.Email)
	if f.Email != "" {
		if !strings.Contains(f.Email, "@") {
			c.errorf(at.key("email"), "email %q has no @", f.Email)
		}
		c.claim("email", strings.ToLower(f.Email), at.key("email"))
	}
	if f.OTPSecret != "" && !isBase32(f.OTPSecret) {
		c.errorf(at.key("otp_secret"), "otp_secret must be base32 (RFC 4648, as authenticator apps read it)")
	}
	for i, k := range f.SSHKeys {
		u.SSHKeys[i] = c.sshKey(k, at.key("ssh_keys").index(i))
	}
	for i, t := range f.PersonalAccessTokens {
		u.AccessTokens[i] = c.accessToken(t, at.key("personal_access_tokens").index(i))
	}
	return u
}

func isBase32(s string) bool {
	_, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(s, "=")))
	return err == nil
}

// sshKey parses a public key. Fingerprints are unique across user and deploy keys: both live in
// one table, and the fingerprint is how a presented key is found.
func (c *checker) sshKey(f fileSSHKey, at pos) SSHKey {
	k := SSHKey{
		ID:        c.id("SSH key id", f.ID, at.key("id")),
		Title:     keyTitle(f),
		Key:       strings.TrimSpace(f.Key),
		UsageType: pick(c, at.key("usage_type"), "key usage type", f.UsageType, "auth_and_signing", sshKeyUsageTypes),
		ExpiresAt: f.ExpiresAt,
	}
	if k.Key == "" {
		c.errorf(at.key("key"), "key is required")
		return k
	}
	pk, err := sshkey.Parse(k.Key)
	if err != nil {
		c.errorf(at.key("key"), "bad SSH key: %v", err)
		return k
	}
	k.Type = pk.Type
	k.Fingerprint = sshkey.Fingerprint(pk.Blob)
	c.claim("SSH key with fingerprint", "SHA256:"+k.Fingerprint, at.key("key"))
	return k
}

func (c *checker) accessToken(f fileAccessToken, at pos) PersonalAccessToken {
	c.require(at.key("name"), "name", f.Name)
	if len(f.Scopes) == 0 {
		c.errorf(at.key("scopes"), "scopes must name at least one scope")
	}
	return PersonalAccessToken{
		Name:      f.Name,
		Token:     c.token(at.key("token"), "personal access token", secret.PersonalAccessTokenPrefix, f.Token),
		Scopes:    f.Scopes,
		ExpiresAt: f.ExpiresAt,
		Revoked:   f.Revoked,
	}
}

// token checks a plaintext token: present, carrying GitLab's prefix for its kind (secret
// scanners recognise tokens by it), and not used twice.
func (c *checker) token(at pos, kind, prefix, token string) string {
	switch {
	case token == "":
		c.errorf(at, "token is required")
	case !strings.HasPrefix(token, prefix):
		c.errorf(at, "%s must start with %q", kind, prefix)
	default:
		c.claimAs(kind, token, "", at) // the message must not echo the token
	}
	return token
}
