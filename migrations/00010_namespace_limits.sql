-- +goose Up

-- What CustomersDot sets on a namespace beside its subscription (the billing API's namespace
-- update). GitLab keeps the compute-minute columns on namespaces and the storage in
-- namespace_limits; glia keeps them all here, off the namespaces row that every Git access
-- reads. A namespace without a row has no limits of its own: the instance's minutes and no
-- purchased storage. GitLab's columns of its compute-minute warnings (which a purchase of extra
-- minutes clears) are not kept: glia runs no CI and sends no such warnings.
CREATE TABLE namespace_limits (
    namespace_id                             bigint PRIMARY KEY REFERENCES namespaces (id) ON DELETE CASCADE,
    -- The namespace's compute-minute quota; NULL: the instance's default.
    shared_runners_minutes_limit             integer CHECK (shared_runners_minutes_limit >= 0),
    -- Purchased minutes on top of the quota; NULL: none.
    extra_shared_runners_minutes_limit       integer CHECK (extra_shared_runners_minutes_limit >= 0),
    -- Purchased storage in MiB, and when that purchase ends (NULL: it does not). Only
    -- top-level namespaces hold purchased storage; subgroups show their root's.
    additional_purchased_storage_size        bigint NOT NULL DEFAULT 0 CHECK (additional_purchased_storage_size >= 0),
    additional_purchased_storage_ends_on     date,
    updated_at                               timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE namespace_limits;
