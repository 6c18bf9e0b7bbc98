-- name: ReplaceRecoveryCodeDigests :execrows
-- All previous recovery codes stop working at once: the new digests replace the whole list.
UPDATE users SET otp_backup_code_digests = @digests::text[], updated_at = now()
WHERE id = @user_id;

-- name: LockUserForOTP :one
-- Serialises OTP checks of one user: the row stays locked until the check's transaction ends, so
-- parallel attempts see each other's consumed time steps and failure counts.
SELECT * FROM users WHERE id = $1 FOR UPDATE;

-- name: ConsumeOTPTimestep :execrows
-- Records step as the user's last accepted time step, unless it is not later than the one already
-- recorded (a replay); 0 rows affected means refused.
INSERT INTO otp_consumed_timesteps AS c (user_id, timestep)
VALUES (@user_id, @timestep)
ON CONFLICT (user_id) DO UPDATE SET timestep = excluded.timestep
WHERE c.timestep < excluded.timestep;

-- name: RecordFailedOTPAttempt :exec
-- One more failed attempt; locked_at is set when this attempt locks the account.
UPDATE users SET failed_attempts = failed_attempts + 1,
                 locked_at = coalesce(sqlc.narg(locked_at)::timestamptz, locked_at),
                 updated_at = now()
WHERE id = @user_id;

-- name: ResetFailedOTPAttempts :exec
-- A successful verification clears the failure count and any lapsed lock, as Devise's
-- unlock_access! does.
UPDATE users SET failed_attempts = 0, locked_at = NULL, updated_at = now()
WHERE id = @user_id AND (failed_attempts <> 0 OR locked_at IS NOT NULL);

-- name: UpsertOTPSession :exec
-- Opens the key's OTP session, or extends it (GitLab's SETEX on session:otp:<key id>).
INSERT INTO otp_sessions (key_id, expires_at)
VALUES (@key_id, @expires_at)
ON CONFLICT (key_id) DO UPDATE SET expires_at = excluded.expires_at, created_at = now();

-- name: GetOTPSessionExpiry :one
SELECT expires_at FROM otp_sessions WHERE key_id = $1;

-- name: EnableOTP :one
-- Enrols a new authenticator-app secret (replacing any previous one) and requires it; the old
-- recovery codes belonged to the old secret and go with it.
UPDATE users SET otp_secret = @otp_secret::text, otp_required = true, otp_backup_code_digests = '{}',
    updated_at = now()
WHERE lower(username) = lower(@username::text)
RETURNING *;
