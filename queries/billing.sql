-- What CustomersDot's billing API reads and writes: namespaces' subscriptions with their history,
-- compute-minute packs and upcoming reconciliations.

-- name: GetBillingNamespaceByID :one
SELECT id, kind, parent_id, owner_id, full_path FROM namespaces WHERE id = $1;

-- name: GetBillingNamespaceByPath :one
SELECT id, kind, parent_id, owner_id, full_path FROM namespaces WHERE lower(full_path) = lower(@full_path::text);

-- name: GetSubscription :one
SELECT * FROM gitlab_subscriptions WHERE namespace_id = $1;

-- name: LockSubscription :one
-- The subscription an update is about to change, held until the transaction ends so that
-- concurrent updates apply one after the other to what the previous one left.
SELECT * FROM gitlab_subscriptions WHERE namespace_id = $1 FOR UPDATE;

-- name: CreateSubscription :one
-- No row comes back when the namespace already has a subscription (a concurrent create
-- included): the caller answers "has already been taken" instead of failing the transaction.
INSERT INTO gitlab_subscriptions (namespace_id, hosted_plan, seats, seats_in_use, max_seats_used,
    seats_owed, start_date, end_date, trial, trial_starts_on, trial_ends_on, trial_extension_type,
    auto_renew)
VALUES (@namespace_id, sqlc.narg(hosted_plan), @seats, @seats_in_use, @max_seats_used, @seats_owed,
    @start_date, sqlc.narg(end_date), @trial, sqlc.narg(trial_starts_on), sqlc.narg(trial_ends_on),
    sqlc.narg(trial_extension_type), sqlc.narg(auto_renew))
ON CONFLICT (namespace_id) DO NOTHING
RETURNING *;

-- name: UpdateSubscription :one
-- Writes every attribute (the caller merged the request into the locked row) and always
-- touches updated_at, as GitLab's PUT does.
UPDATE gitlab_subscriptions SET
    hosted_plan = sqlc.narg(hosted_plan), seats = @seats, seats_in_use = @seats_in_use,
    max_seats_used = @max_seats_used, max_seats_used_changed_at = sqlc.narg(max_seats_used_changed_at),
    seats_owed = @seats_owed, start_date = @start_date, end_date = sqlc.narg(end_date),
    trial = @trial, trial_starts_on = sqlc.narg(trial_starts_on),
    trial_ends_on = sqlc.narg(trial_ends_on), trial_extension_type = sqlc.narg(trial_extension_type),
    auto_renew = sqlc.narg(auto_renew), updated_at = now()
WHERE id = @id
RETURNING *;

-- name: InsertSubscriptionHistory :exec
-- Records a subscription's values before a change.
INSERT INTO gitlab_subscription_histories (gitlab_subscription_id, change_type, namespace_id,
    hosted_plan, seats, seats_in_use, max_seats_used, start_date, end_date, trial, trial_starts_on,
    trial_ends_on, trial_extension_type, auto_renew, gitlab_subscription_created_at,
    gitlab_subscription_updated_at)
SELECT s.id, @change_type, s.namespace_id, s.hosted_plan, s.seats, s.seats_in_use,
    s.max_seats_used, s.start_date, s.end_date, s.trial, s.trial_starts_on, s.trial_ends_on,
    s.trial_extension_type, s.auto_renew, s.created_at, s.updated_at
FROM gitlab_subscriptions s WHERE s.id = @subscription_id;

-- name: ListSubscriptionHistory :many
SELECT * FROM gitlab_subscription_histories WHERE gitlab_subscription_id = $1 ORDER BY id;

-- name: LastSubscriptionTermOnPlan :one
-- The term the subscription last had while on a plan (GitLab's check whether a premium
-- subscription was renewed before its switch to ultimate_trial_paid_customer).
SELECT start_date, end_date FROM gitlab_subscription_histories
WHERE gitlab_subscription_id = @subscription_id AND hosted_plan = @hosted_plan::text
ORDER BY id DESC LIMIT 1;

-- name: CountBillableMembers :one
-- A namespace's billable users (GitLab's billable_members_count): active human users with an
-- accepted, unexpired membership of the group, its subgroups or their unarchived projects (of
-- a personal namespace: its owner and its projects' members), guests and minimal-access members
-- left out when the plan excludes guests.
WITH RECURSIVE hierarchy AS (
    SELECT n.id FROM namespaces n WHERE n.id = @namespace_id
  UNION ALL
    SELECT n.id FROM namespaces n JOIN hierarchy h ON n.parent_id = h.id
), billed AS (
    SELECT m.user_id FROM members m
    WHERE m.namespace_id IN (SELECT id FROM hierarchy)
      AND m.requested_at IS NULL AND (m.expires_at IS NULL OR m.expires_at >= current_date)
      AND (NOT @exclude_guests::boolean OR m.access_level > 10)
  UNION
    SELECT m.user_id FROM members m JOIN projects p ON p.id = m.project_id
    WHERE p.namespace_id IN (SELECT id FROM hierarchy) AND NOT p.archived
      AND m.requested_at IS NULL AND (m.expires_at IS NULL OR m.expires_at >= current_date)
      AND (NOT @exclude_guests::boolean OR m.access_level > 10)
  UNION
    SELECT n.owner_id FROM namespaces n WHERE n.id = @namespace_id AND n.kind = 'user'
)
SELECT count(*) FROM users u
WHERE u.id IN (SELECT user_id FROM billed) AND u.state = 'active' AND u.user_type = 'human';

-- name: InsertAdditionalPacks :exec
-- Records purchased packs; a purchase_xid already recorded (for this namespace or any other)
-- is left as it is, and the caller reads back whose it is.
INSERT INTO ci_minutes_additional_packs (namespace_id, purchase_xid, number_of_minutes, expires_at)
SELECT @namespace_id::bigint, unnest(@purchase_xids::text[]), unnest(@numbers_of_minutes::integer[]),
    unnest(@expires_ats::date[])
ON CONFLICT (purchase_xid) DO NOTHING;

-- name: GetAdditionalPacksByXID :many
SELECT namespace_id, purchase_xid, number_of_minutes, expires_at FROM ci_minutes_additional_packs
WHERE purchase_xid = ANY (@purchase_xids::text[]);

-- name: ListNamespaceAdditionalPacks :many
SELECT namespace_id, purchase_xid, number_of_minutes, expires_at FROM ci_minutes_additional_packs
WHERE namespace_id = $1 ORDER BY expires_at, id;

-- name: MoveAdditionalPacksToCoOwned :one
-- Re-points every pack of one namespace to another when the two share an owner (a personal
-- namespace's user, a group's direct members with the Owner role), and says whether they do.
-- One statement, so the move follows from the owners it read, not from ones changed since (a
-- data-modifying WITH runs whether or not the query reads it).
WITH owners AS (
    SELECT n.id AS namespace_id, n.owner_id::bigint AS user_id FROM namespaces n
    WHERE n.id IN (@namespace_id, @target_id) AND n.kind = 'user'
  UNION
    SELECT m.namespace_id, m.user_id FROM members m
    WHERE m.namespace_id IN (@namespace_id, @target_id) AND m.access_level = 50 AND m.requested_at IS NULL
), shared AS (
    SELECT EXISTS (
        SELECT FROM owners o JOIN owners t ON t.user_id = o.user_id
        WHERE o.namespace_id = @namespace_id AND t.namespace_id = @target_id
    ) AS owner
), moved AS (
    UPDATE ci_minutes_additional_packs SET namespace_id = @target_id, updated_at = now()
    WHERE namespace_id = @namespace_id AND (SELECT owner FROM shared)
)
SELECT owner AS shared_owner FROM shared;

-- name: GetExistingNamespaceIDs :many
SELECT id FROM namespaces WHERE id = ANY (@ids::bigint[]);

-- name: UpsertUpcomingReconciliations :exec
INSERT INTO upcoming_reconciliations AS r (namespace_id, next_reconciliation_date, display_alert_from)
SELECT unnest(@namespace_ids::bigint[]), unnest(@next_reconciliation_dates::date[]),
    unnest(@display_alerts_from::date[])
ON CONFLICT (namespace_id) DO UPDATE SET
    next_reconciliation_date = excluded.next_reconciliation_date,
    display_alert_from = excluded.display_alert_from, updated_at = now();

-- name: GetUpcomingReconciliation :one
SELECT namespace_id, next_reconciliation_date, display_alert_from FROM upcoming_reconciliations
WHERE namespace_id = $1;

-- name: DeleteUpcomingReconciliation :execrows
DELETE FROM upcoming_reconciliations WHERE namespace_id = $1;
