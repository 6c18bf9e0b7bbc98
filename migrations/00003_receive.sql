-- +goose Up

-- Push bookkeeping that GitLab keeps in Redis with a TTL. Here the expiry is a column compared
-- with the database's clock (as Redis measures TTLs by its own), so replicas agree whatever their
-- clocks say.

-- The reference counter of each repository (Gitlab::ReferenceCounter, key
-- git-receive-pack-reference-counter:<gl_repository>): pushes between pre_receive and
-- post_receive. pre_receive increments it and restarts its 600 s expiry; post_receive decrements
-- it, and a value that would drop below 0 removes the row, as GitLab deletes the key. An expired
-- row counts as absent. The key is the gl_repository as the caller sent it, as in GitLab.
CREATE TABLE reference_counters (
    gl_repository text PRIMARY KEY,
    value         bigint NOT NULL CHECK (value >= 0),
    expires_at    timestamptz NOT NULL
);

-- Messages /internal/allowed leaves for the post_receive of the same user and repository
-- ("project moved", "project created"; GitLab's redirect_namespace:<user>:<repo> and
-- project_created:<user>:<repo> keys, 5-minute TTL). post_receive reads and deletes them in
-- insertion order. Storing the same text again only refreshes its expiry, as GitLab overwrites
-- its key: a push asks /allowed twice (GitLab Shell, then Gitaly's hook) but prints a notice once.
CREATE TABLE push_notices (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    gl_repository text NOT NULL,
    text          text NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX push_notices_user_repository_text ON push_notices (user_id, gl_repository, md5(text));

-- +goose Down
DROP TABLE push_notices, reference_counters;
