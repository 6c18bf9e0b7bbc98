// Proves the contract in openapi/*.yaml yields usable typed clients: openapi-typescript turns each
// spec into generated/<api>.d.ts (make ts-check), openapi-fetch builds a client from those types,
// and `tsc --noEmit` checks every call below against the contract: paths, methods, path and query
// parameters, request bodies, and the fields read from the responses. Nothing here is run; the
// conformance suite is what talks to a server.
import createClient from "openapi-fetch";

import type { components as Billing, paths as BillingPaths } from "./generated/billing";
import type { paths as InternalPaths } from "./generated/internal";
import type { paths as SCIMPaths } from "./generated/scim";

export interface Credentials {
  baseUrl: string; // e.g. http://127.0.0.1:3000
  shellJWT: string; // Gitlab-Shell-Api-Request: an HS256 JWT signed with the shell secret
  billingToken: string; // an admin personal access token (PRIVATE-TOKEN)
  scimToken: string; // the group's SCIM token (glsoat-...)
}

// GitLab Shell: is `git-upload-pack` over SSH with key 11 allowed on gnuwget/wget2?
export async function checkAccess(c: Credentials): Promise<string> {
  const internal = createClient<InternalPaths>({
    baseUrl: c.baseUrl,
    headers: { "Gitlab-Shell-Api-Request": c.shellJWT },
  });
  const { data, error, response } = await internal.POST("/api/v4/internal/allowed", {
    body: { action: "git-upload-pack", protocol: "ssh", project: "gnuwget/wget2", key_id: "11", changes: "_any" },
  });
  if (error !== undefined) {
    // 400/401/404/... bodies: the denial text GitLab Shell prints.
    return `denied (${response.status}): ${"message" in error ? JSON.stringify(error.message) : "?"}`;
  }
  const repository: string = data.gl_repository; // "project-3"
  const granted: boolean = data.status;
  const gitalyAddress: string = data.gitaly.address;
  return `${granted} ${repository} via ${gitalyAddress} as ${data.gl_username ?? "(no user)"}`;
}

// GitLab Shell: who is behind SSH key 11? (`ssh git@host` prints "Welcome to GitLab, @<username>!")
export async function welcome(c: Credentials): Promise<string> {
  const internal = createClient<InternalPaths>({
    baseUrl: c.baseUrl,
    headers: { "Gitlab-Shell-Api-Request": c.shellJWT },
  });
  const { data, error } = await internal.GET("/api/v4/internal/discover", {
    params: { query: { key_id: 11 } },
  });
  if (error !== undefined) throw new Error("discover failed");
  // The contract says an unknown key answers 200 with `null`: the type forces the check.
  if (data === null) return "Welcome to GitLab, Anonymous!";
  const username: string = data.username;
  const id: number = data.id;
  return `Welcome to GitLab, @${username}! (user ${id})`;
}

// CustomersDot: which plan is group 22 on?
export async function planOf(c: Credentials, namespace: string): Promise<string | null> {
  const billing = createClient<BillingPaths>({
    baseUrl: c.baseUrl,
    headers: { "PRIVATE-TOKEN": c.billingToken },
  });
  const { data, error } = await billing.GET(
    "/api/v4/internal/gitlab_subscriptions/namespaces/{id}/gitlab_subscription",
    { params: { path: { id: namespace } } },
  );
  if (error !== undefined) throw new Error(`subscription lookup failed: ${JSON.stringify(error)}`);
  const plan: Billing["schemas"]["SubscriptionPlan"] = data.plan;
  const code: string | null = plan.code; // "ultimate"; null for a namespace without a subscription
  const seats: number | null = data.usage.seats_in_use;
  return code === null ? null : `${code} (${seats ?? 0} seats in use)`;
}

// Okta / Entra ID: is externalId "test_uid" provisioned in group "my-group"?
export async function findSCIMUser(c: Credentials, group: string, externalId: string): Promise<string[]> {
  const scim = createClient<SCIMPaths>({
    baseUrl: c.baseUrl,
    headers: { Authorization: `Bearer ${c.scimToken}` },
  });
  const { data, error } = await scim.GET("/api/scim/v2/groups/{group_path}/Users", {
    params: {
      path: { group_path: group },
      query: { filter: `externalId eq "${externalId}"`, startIndex: 1, count: 20 },
    },
  });
  if (error !== undefined) throw new Error(`SCIM list failed: ${"detail" in error ? error.detail : JSON.stringify(error)}`);
  const total: number = data.totalResults;
  const names = data.Resources.map((u) => `${u.userName} (${u.id}, active=${u.active})`);
  return [`${total} result(s)`, ...names];
}

// The types are enforced: a misspelled response field does not compile.
export async function typesAreEnforced(c: Credentials): Promise<void> {
  const internal = createClient<InternalPaths>({ baseUrl: c.baseUrl });
  const { data } = await internal.POST("/api/v4/internal/allowed", {
    body: { action: "git-receive-pack", protocol: "ssh", project: "gnuwget/wget2", key_id: 11, changes: "_any" },
  });
  if (data === undefined) return;
  // @ts-expect-error -- AllowedSuccess has `gl_repository`, not `gl_repo`.
  console.log(data.gl_repo);
}
