-- The benchmark's world at GitLab scale, built in bulk (one INSERT … SELECT per table) on a
-- freshly migrated database: 100,000 users with personal namespaces, 1,000,000 SSH keys, 20,000
-- groups, 200,000 projects, 1,000,000 memberships and protected default branches on 10% of the
-- projects, 11,000 redirect routes and 10,000 deploy keys. The driver (world.go) derives the same ids, paths and key blobs to aim its requests; it fills in
-- {{scim_token_digest}} and {{admin_token_digest}}.

-- Users 1..100000 ("user<N>"), each with a personal namespace of the same id; user 1 is an admin.
INSERT INTO users (id, username, name, email, admin)
SELECT i, 'user' || i, 'User ' || i, 'user' || i || '@example.com', i = 1
FROM generate_series(1, 100000) i;
INSERT INTO namespaces (id, kind, name, path, full_path, owner_id)
SELECT i, 'user', 'user' || i, 'user' || i, 'user' || i, i
FROM generate_series(1, 100000) i;

-- Groups 100001..120000 ("group<N>"), public when N is even.
INSERT INTO namespaces (id, kind, name, path, full_path, visibility)
SELECT 100000 + g, 'group', 'group' || g, 'group' || g, 'group' || g,
       CASE WHEN g % 2 = 0 THEN 'public' ELSE 'private' END
FROM generate_series(1, 20000) g;

-- Projects 1..200000 ("group<G>/project<N>", G = (N-1) % 20000 + 1): public in public groups
-- when N is even, private otherwise.
INSERT INTO projects (id, namespace_id, name, path, full_path, visibility, default_branch, disk_path)
SELECT i, 100000 + g, 'project' || i, 'project' || i, 'group' || g || '/project' || i,
       CASE WHEN i % 2 = 0 AND g % 2 = 0 THEN 'public' ELSE 'private' END, 'main',
       '@hashed/' || substr(h, 1, 2) || '/' || substr(h, 3, 2) || '/' || h
FROM generate_series(1, 200000) i,
     LATERAL (SELECT (i - 1) % 20000 + 1 AS g, encode(sha256(i::text::bytea), 'hex') AS h) x;

-- SSH keys 1..1000000, ten per user (key K belongs to user (K-1) % 100000 + 1). Each is an
-- ed25519 key whose 32 key bytes are the SHA-256 of its id.
INSERT INTO keys (id, kind, user_id, title, key, key_type, fingerprint_sha256, usage_type)
SELECT k, 'user', (k - 1) % 100000 + 1, 'key' || k, 'ssh-ed25519 ' || encode(b.blob, 'base64'),
       'ssh-ed25519', rtrim(encode(sha256(b.blob), 'base64'), '='), 'auth_and_signing'
FROM generate_series(1, 1000000) k,
     LATERAL (SELECT '\x0000000b'::bytea || 'ssh-ed25519'::bytea || '\x00000020'::bytea || sha256(k::text::bytea) AS blob) b;

-- 1,000,000 memberships, ten per user U (slot S = 0..9): slots 0-4 in group
-- 100001 + (5U + S) % 20000, slots 5-9 in project ((5U + S - 5) * 13) % 200000 + 1, with the
-- access level guest, reporter, developer, maintainer, owner for S % 5 = 0..4.
INSERT INTO members (user_id, namespace_id, project_id, access_level)
SELECT u,
       CASE WHEN s < 5 THEN 100001 + (5 * u + s) % 20000 END,
       CASE WHEN s >= 5 THEN ((5 * u + s - 5) * 13) % 200000 + 1 END,
       (ARRAY[10, 20, 30, 40, 50])[s % 5 + 1]
FROM generate_series(1, 100000) u, generate_series(0, 9) s;

-- Protected main branch on every tenth project: maintainers push, developers merge.
INSERT INTO protected_branches (id, project_id, name)
SELECT p / 10, p, 'main' FROM generate_series(10, 200000, 10) p;
INSERT INTO protected_branch_access_levels (protected_branch_id, action, access_level)
SELECT b, a.action, a.level
FROM generate_series(1, 20000) b, (VALUES ('push', 40), ('merge', 30), ('unprotect', 40)) a(action, level);

-- Renames leave redirect routes: the old paths of every twentieth project and of the first
-- 1,000 groups (so the path lookups' redirect branches read a populated index).
INSERT INTO redirect_routes (path, project_id)
SELECT 'old-group' || ((i - 1) % 20000 + 1) || '/old-project' || i, i FROM generate_series(1, 200000, 20) i;
INSERT INTO redirect_routes (path, namespace_id)
SELECT 'old-group' || g, 100000 + g FROM generate_series(1, 1000) g;

-- Deploy keys 1000001..1010000 (key bytes: the SHA-256 of "deploy<id>", so the misses the
-- driver derives from ids past the users' keys stay misses), each enabled on one project (every twentieth), writable on half.
INSERT INTO keys (id, kind, title, key, key_type, fingerprint_sha256)
SELECT k, 'deploy', 'deploy' || k, 'ssh-ed25519 ' || encode(b.blob, 'base64'), 'ssh-ed25519',
       rtrim(encode(sha256(b.blob), 'base64'), '=')
FROM generate_series(1000001, 1010000) k,
     LATERAL (SELECT '\x0000000b'::bytea || 'ssh-ed25519'::bytea || '\x00000020'::bytea || sha256(('deploy' || k)::bytea) AS blob) b;
INSERT INTO deploy_keys_projects (deploy_key_id, project_id, can_push)
SELECT k, ((k - 1000001) * 20) % 200000 + 1, k % 2 = 0 FROM generate_series(1000001, 1010000) k;

-- Group 100001 provisions its members through SCIM: SAML, a SCIM token and an identity for each
-- of the 1,000 first users.
INSERT INTO saml_providers (id, group_id, sso_url) VALUES (1, 100001, 'https://idp.example.com/saml/sso');
INSERT INTO scim_tokens (group_id, token_digest) VALUES (100001, '{{scim_token_digest}}');
INSERT INTO identities (user_id, extern_uid, saml_provider_id)
SELECT u, 'extern-' || u, 1 FROM generate_series(1, 1000) u;

-- The administrator's token CustomersDot-like callers use, and subscriptions on 1,000 groups.
INSERT INTO personal_access_tokens (user_id, name, token_digest, scopes)
VALUES (1, 'billing', '{{admin_token_digest}}', ARRAY['api', 'admin_mode']);
INSERT INTO gitlab_subscriptions (namespace_id, hosted_plan, seats, start_date, end_date)
SELECT 100000 + g, 'premium', 10, DATE '2026-01-01', DATE '2027-01-01' FROM generate_series(1, 1000) g;

-- Move every sequence past the ids written here, as the world loader does, and give the planner
-- statistics of the new rows.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'namespaces', 'projects', 'keys', 'members', 'protected_branches',
        'protected_branch_access_levels', 'saml_providers', 'scim_tokens', 'identities',
        'personal_access_tokens', 'gitlab_subscriptions', 'redirect_routes'] LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), (SELECT max(id) FROM %I))', t, t);
    END LOOP;
END $$;
ANALYZE;
