-- name: GetErrorTrackingKeyStatus :one
-- Whether a project has error tracking on and an active client key with exactly this public key,
-- in one probe of the project's primary key and the (project_id, public_key) unique index. No row
-- means no such project.
SELECT p.error_tracking_enabled AS tracking_enabled,
       EXISTS (
           SELECT 1 FROM error_tracking_client_keys k
           WHERE k.project_id = p.id AND k.public_key = @public_key::text AND k.active
       ) AS key_active
FROM projects p
WHERE p.id = @project_id::bigint;

-- name: CreateErrorTrackingClientKey :exec
INSERT INTO error_tracking_client_keys (project_id, public_key) VALUES ($1, $2);
