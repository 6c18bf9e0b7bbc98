// Package twofactor implements two-factor authentication for SSH users: recovery codes
// (2fa_recovery_codes) and one-time-password checks (2fa_verify).
package twofactor

// Store is what two-factor authentication needs from the database.
type Store interface{}
