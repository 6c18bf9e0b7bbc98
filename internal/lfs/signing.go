package lfs

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
)

// signingKey derives the HMAC key of an actor's tokens. GitLab mixes its db_key_base with the
// tail of the user's encrypted password, or with the deploy key's fingerprint; glia does the
// same with an HMAC of its key base over:
//
//	"lfs:user:<id>:<users.password_digest>"
//	"lfs:deploy-key:<id>:<keys.fingerprint_sha256>"
//
// Why these ingredients:
//   - The credential field makes revocation implicit: a password change, or a key replaced
//     under the same id, changes the key and every outstanding token stops verifying. A deleted
//     key or user cannot be looked up at all. No token list is kept.
//   - Keying the HMAC with the key base means reading the database is not enough to forge a
//     token, and the key base itself never signs anything.
//   - The "lfs:" label keeps these keys apart from anything else derived from the key base; the
//     id keeps actors apart where credential fields are equal (users without a password share
//     the empty digest). The id is digits, so the ":" after it ends it unambiguously.
func signingKey(keyBase []byte, a Actor) []byte {
	mac := hmac.New(sha256.New, keyBase)
	if a.DeployKey != nil {
		fmt.Fprintf(mac, "lfs:deploy-key:%d:%s", a.DeployKey.ID, a.DeployKey.FingerprintSHA256)
	} else {
		fmt.Fprintf(mac, "lfs:user:%d:%s", a.User.ID, a.User.PasswordDigest)
	}
	return mac.Sum(nil)
}
