-- +goose Up

-- Two-factor authentication over SSH (GitLab Shell's 2fa_verify). The user's own two-factor
-- settings (otp_secret, otp_required, webauthn_registered, recovery-code digests, failed_attempts,
-- locked_at) live on users; these tables hold what verification itself produces.

-- The OTP sessions 2fa_verify opens: while one is unexpired, /internal/allowed lets the key's
-- git commands through where two-factor for Git over SSH is enforced. GitLab keeps them in Redis
-- under session:otp:<key id> with a TTL; here the expiry is a column, compared with the caller's
-- clock, and a new verification of the same key overwrites it. One row per key at most, so the
-- table never outgrows the keys table and needs no sweeping.
CREATE TABLE otp_sessions (
    key_id     bigint PRIMARY KEY REFERENCES keys (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Replay protection: the RFC 6238 time step of the last code each user had accepted. A code is
-- accepted only for a later step, so no code works twice (GitLab's users.consumed_timestep). It
-- is a table of its own rather than a users column so that the users row, which every
-- internal-API request reads, stays as it is.
CREATE TABLE otp_consumed_timesteps (
    user_id  bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    timestep bigint NOT NULL
);

-- +goose Down
DROP TABLE otp_consumed_timesteps, otp_sessions;
