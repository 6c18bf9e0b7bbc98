package store

import (
	"context"
	"fmt"

	"github.com/glia-dev/glia/gen/db"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/world"
)

// ApplyWorld writes a fixture world into the database.
//
//   - All or nothing: everything happens in one transaction, so on any error (a uniqueness
//     conflict with rows already in the database, say) nothing is written. Only sequences may
//     have moved, which PostgreSQL never rolls back.
//   - Idempotent: rows are upserted, found by the id the file pins or else by their natural key
//     (username, full path, key fingerprint, token digest, (project, name) …), so applying the
//     same world again leaves every table as it was.
//   - Additive: rows the world does not mention are left alone; a smaller file never deletes
//     anything. The one exception is the access lists of each protected branch and tag the file
//     declares, which become exactly the file's.
//   - Pinned ids are written as given, and the id sequences are first moved past every id the
//     file pins, so rows without an id (here or later) never collide with them.
//
// Tokens are stored as secret.Digest of the file's plaintext, never as given.
func (s *Store) ApplyWorld(ctx context.Context, w *world.World) error {
	return s.inTx(ctx, func(q *db.Queries) error {
		return newWorldWriter(q).write(ctx, w)
	})
}

// worldWriter remembers the id of everything written so far, by the natural key the World uses
// in its references.
type worldWriter struct {
	q          *db.Queries
	users      map[string]int64 // by username
	namespaces map[string]int64 // by full path (a username for a personal namespace)
	projects   map[string]int64 // by full path
	deployKeys map[string]int64 // by title
}

func newWorldWriter(q *db.Queries) *worldWriter {
	return &worldWriter{
		q:          q,
		users:      map[string]int64{},
		namespaces: map[string]int64{},
		projects:   map[string]int64{},
		deployKeys: map[string]int64{},
	}
}

// write goes in dependency order: owners before what they own, deploy keys before the
// protected branches that name them.
func (ww *worldWriter) write(ctx context.Context, w *world.World) error {
	if err := ww.q.WorldLock(ctx); err != nil {
		return fmt.Errorf("wait for other world loads: %w", mapError(err))
	}
	if err := ww.q.WorldReserveIDs(ctx, pinnedMaxima(w)); err != nil {
		return fmt.Errorf("reserve pinned ids: %w", mapError(err))
	}
	for _, step := range []func(context.Context, *world.World) error{
		ww.writeUsers, ww.writeGroups, ww.writeProjects, ww.writeDeployKeys,
		ww.writeProtectedRefs, ww.writeReconciliations,
	} {
		if err := step(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

// pinnedMaxima is the largest id the world pins in each table with pinnable ids.
func pinnedMaxima(w *world.World) db.WorldReserveIDsParams {
	var m db.WorldReserveIDsParams
	for _, u := range w.Users {
		m.Users = max(m.Users, u.ID)
		m.Namespaces = max(m.Namespaces, u.NamespaceID)
		for _, k := range u.SSHKeys {
			m.Keys = max(m.Keys, k.ID)
		}
	}
	for _, g := range w.Groups {
		m.Namespaces = max(m.Namespaces, g.ID)
	}
	for _, p := range w.Projects {
		m.Projects = max(m.Projects, p.ID)
		for _, a := range p.Agents {
			m.ClusterAgents = max(m.ClusterAgents, a.ID)
		}
	}
	for _, k := range w.DeployKeys {
		m.Keys = max(m.Keys, k.ID)
	}
	return m
}

func (ww *worldWriter) writeUsers(ctx context.Context, w *world.World) error {
	for _, u := range w.Users {
		id, err := ww.q.WorldUpsertUser(ctx, db.WorldUpsertUserParams{
			ID:                 pinned(u.ID),
			Username:           u.Username,
			Name:               u.Name,
			Email:              u.Email,
			State:              u.State,
			UserType:           u.UserType,
			Admin:              u.Admin,
			External:           u.External,
			CanCreateProjects:  u.CanCreateProjects,
			Confirmed:          u.Confirmed,
			TermsAccepted:      u.TermsAccepted,
			PasswordExpiresAt:  u.PasswordExpiresAt,
			OTPSecret:          optional(u.OTPSecret),
			OTPRequired:        u.OTPRequired,
			WebauthnRegistered: u.WebauthnRegistered,
		})
		if err != nil {
			return fmt.Errorf("user %q: %w", u.Username, mapError(err))
		}
		ww.users[u.Username] = id
		nsID, err := ww.q.WorldUpsertPersonalNamespace(ctx, db.WorldUpsertPersonalNamespaceParams{
			ID: pinned(u.NamespaceID), OwnerID: id, Name: u.Name, Path: u.Username,
		})
		if err != nil {
			return fmt.Errorf("personal namespace of %q: %w", u.Username, mapError(err))
		}
		ww.namespaces[u.Username] = nsID
		for _, k := range u.SSHKeys {
			if _, err := ww.writeKey(ctx, "user", &id, k); err != nil {
				return fmt.Errorf("SSH key %q of %q: %w", k.Title, u.Username, err)
			}
		}
		for _, t := range u.AccessTokens {
			err := ww.q.WorldUpsertPersonalAccessToken(ctx, db.WorldUpsertPersonalAccessTokenParams{
				UserID:      id,
				Name:        t.Name,
				TokenDigest: secret.Digest(t.Token),
				Scopes:      t.Scopes,
				ExpiresAt:   t.ExpiresAt,
				Revoked:     t.Revoked,
			})
			if err != nil {
				return fmt.Errorf("personal access token %q of %q: %w", t.Name, u.Username, mapError(err))
			}
		}
	}
	return nil
}

func (ww *worldWriter) writeKey(ctx context.Context, kind string, userID *int64, k world.SSHKey) (int64, error) {
	id, err := ww.q.WorldUpsertKey(ctx, db.WorldUpsertKeyParams{
		ID:                pinned(k.ID),
		FingerprintSHA256: k.Fingerprint,
		Kind:              kind,
		UserID:            userID,
		Title:             k.Title,
		Key:               k.Key,
		KeyType:           k.Type,
		UsageType:         k.UsageType,
		ExpiresAt:         k.ExpiresAt,
	})
	return id, mapError(err)
}

// writeGroups relies on World.Groups listing parents before their subgroups.
func (ww *worldWriter) writeGroups(ctx context.Context, w *world.World) error {
	for _, g := range w.Groups {
		id, err := ww.q.WorldUpsertGroup(ctx, db.WorldUpsertGroupParams{
			ID:                pinned(g.ID),
			FullPath:          g.FullPath,
			Name:              g.Name,
			Path:              g.Path,
			ParentID:          optionalID(ww.namespaces, g.Parent),
			Visibility:        g.Visibility,
			GitAccessProtocol: g.GitAccessProtocol,
		})
		if err != nil {
			return fmt.Errorf("group %q: %w", g.FullPath, mapError(err))
		}
		ww.namespaces[g.FullPath] = id
		if err := ww.writeGroupDetails(ctx, id, g); err != nil {
			return fmt.Errorf("group %q: %w", g.FullPath, err)
		}
	}
	return nil
}

func (ww *worldWriter) writeGroupDetails(ctx context.Context, id int64, g world.Group) error {
	for _, m := range g.Members {
		err := ww.q.WorldUpsertGroupMember(ctx, db.WorldUpsertGroupMemberParams{
			UserID:      ww.users[m.User],
			NamespaceID: id,
			AccessLevel: int32(m.Access),
			Requested:   m.Requested,
			ExpiresAt:   m.ExpiresAt,
		})
		if err != nil {
			return fmt.Errorf("member %q: %w", m.User, mapError(err))
		}
	}
	if g.SAML != nil {
		if err := ww.writeSAML(ctx, id, *g.SAML); err != nil {
			return err
		}
	}
	if g.SCIMToken != "" {
		err := ww.q.WorldUpsertSCIMToken(ctx, db.WorldUpsertSCIMTokenParams{GroupID: id, TokenDigest: secret.Digest(g.SCIMToken)})
		if err != nil {
			return fmt.Errorf("SCIM token: %w", mapError(err))
		}
	}
	for _, path := range g.RedirectRoutes {
		err := ww.q.WorldUpsertRedirectRoute(ctx, db.WorldUpsertRedirectRouteParams{Path: path, NamespaceID: &id})
		if err != nil {
			return fmt.Errorf("redirect route %q: %w", path, mapError(err))
		}
	}
	if s := g.Subscription; s != nil {
		err := ww.q.WorldUpsertSubscription(ctx, db.WorldUpsertSubscriptionParams{
			NamespaceID: id, HostedPlan: s.Plan, Seats: int32(s.Seats), MaxSeatsUsed: int32(s.MaxSeatsUsed),
			StartDate: s.StartDate, EndDate: s.EndDate, Trial: s.Trial,
			TrialStartsOn: s.TrialStartsOn, TrialEndsOn: s.TrialEndsOn, AutoRenew: s.AutoRenew,
		})
		if err != nil {
			return fmt.Errorf("subscription: %w", mapError(err))
		}
	}
	return nil
}

func (ww *worldWriter) writeSAML(ctx context.Context, groupID int64, p world.SAMLProvider) error {
	providerID, err := ww.q.WorldUpsertSAMLProvider(ctx, db.WorldUpsertSAMLProviderParams{
		GroupID:               groupID,
		Enabled:               p.Enabled,
		SsoURL:                p.SSOURL,
		DefaultMembershipRole: int32(p.DefaultRole),
	})
	if err != nil {
		return fmt.Errorf("SAML provider: %w", mapError(err))
	}
	for _, i := range p.Identities {
		err := ww.q.WorldUpsertIdentity(ctx, db.WorldUpsertIdentityParams{
			UserID:         ww.users[i.User],
			ExternUid:      i.ExternUID,
			SamlProviderID: providerID,
			Active:         i.Active,
		})
		if err != nil {
			return fmt.Errorf("SAML identity %q: %w", i.ExternUID, mapError(err))
		}
	}
	return nil
}

func (ww *worldWriter) writeProjects(ctx context.Context, w *world.World) error {
	for _, p := range w.Projects {
		id, err := ww.q.WorldUpsertProject(ctx, db.WorldUpsertProjectParams{
			ID:                       pinned(p.ID),
			FullPath:                 p.FullPath,
			NamespaceID:              ww.namespaces[p.Namespace],
			Name:                     p.Name,
			Path:                     p.Path,
			Visibility:               p.Visibility,
			Archived:                 p.Archived,
			DefaultBranch:            optional(p.DefaultBranch),
			RepositoryStorage:        p.RepositoryStorage,
			RepositoryExists:         p.RepositoryExists,
			RepositoryReadOnly:       p.RepositoryReadOnly,
			LFSEnabled:               p.LFSEnabled,
			RepositoryAccessLevel:    int32(p.RepositoryAccessLevel),
			WikiAccessLevel:          int32(p.WikiAccessLevel),
			MergeRequestsAccessLevel: int32(p.MergeRequestsAccessLevel),
			ErrorTrackingEnabled:     p.ErrorTrackingEnabled,
			CreatorID:                optionalID(ww.users, p.Creator),
		})
		if err != nil {
			return fmt.Errorf("project %q: %w", p.FullPath, mapError(err))
		}
		ww.projects[p.FullPath] = id
		if err := ww.writeProjectDetails(ctx, id, p); err != nil {
			return fmt.Errorf("project %q: %w", p.FullPath, err)
		}
	}
	return nil
}

func (ww *worldWriter) writeProjectDetails(ctx context.Context, id int64, p world.Project) error {
	for _, m := range p.Members {
		err := ww.q.WorldUpsertProjectMember(ctx, db.WorldUpsertProjectMemberParams{
			UserID:      ww.users[m.User],
			ProjectID:   id,
			AccessLevel: int32(m.Access),
			Requested:   m.Requested,
			ExpiresAt:   m.ExpiresAt,
		})
		if err != nil {
			return fmt.Errorf("member %q: %w", m.User, mapError(err))
		}
	}
	for _, k := range p.ErrorTrackingClientKeys {
		err := ww.q.WorldUpsertErrorTrackingClientKey(ctx, db.WorldUpsertErrorTrackingClientKeyParams{
			ProjectID: id, PublicKey: k.PublicKey, Active: k.Active,
		})
		if err != nil {
			return fmt.Errorf("error tracking key %q: %w", k.PublicKey, mapError(err))
		}
	}
	for _, a := range p.Agents {
		if err := ww.writeAgent(ctx, id, a); err != nil {
			return fmt.Errorf("agent %q: %w", a.Name, err)
		}
	}
	for _, path := range p.RedirectRoutes {
		err := ww.q.WorldUpsertRedirectRoute(ctx, db.WorldUpsertRedirectRouteParams{Path: path, ProjectID: &id})
		if err != nil {
			return fmt.Errorf("redirect route %q: %w", path, mapError(err))
		}
	}
	for _, h := range p.Hooks {
		err := ww.q.WorldUpsertProjectHook(ctx, db.WorldUpsertProjectHookParams{
			ProjectID: id, URL: h.URL, Token: h.Token, PushEvents: h.PushEvents, TagPushEvents: h.TagPushEvents,
		})
		if err != nil {
			return fmt.Errorf("hook %q: %w", h.URL, mapError(err))
		}
	}
	for i, sp := range p.ScanExecutionPolicies {
		err := ww.q.WorldUpsertScanExecutionPolicy(ctx, db.WorldUpsertScanExecutionPolicyParams{
			ProjectID: id, Position: int32(i), Name: sp.Name, Description: sp.Description,
			Enabled: sp.Enabled, Rules: sp.Rules, Actions: sp.Actions, UpdatedAt: sp.UpdatedAt,
		})
		if err != nil {
			return fmt.Errorf("scan execution policy %q: %w", sp.Name, mapError(err))
		}
	}
	return nil
}

func (ww *worldWriter) writeAgent(ctx context.Context, projectID int64, a world.Agent) error {
	agentID, err := ww.q.WorldUpsertClusterAgent(ctx, db.WorldUpsertClusterAgentParams{
		ID:              pinned(a.ID),
		ProjectID:       projectID,
		Name:            a.Name,
		CreatedByUserID: optionalID(ww.users, a.CreatedBy),
		Config:          a.Config,
	})
	if err != nil {
		return mapError(err)
	}
	for _, t := range a.Tokens {
		err := ww.q.WorldUpsertClusterAgentToken(ctx, db.WorldUpsertClusterAgentTokenParams{
			AgentID: agentID, Name: t.Name, TokenDigest: secret.Digest(t.Token), Revoked: t.Revoked,
		})
		if err != nil {
			return fmt.Errorf("token %q: %w", t.Name, mapError(err))
		}
	}
	return nil
}

func (ww *worldWriter) writeDeployKeys(ctx context.Context, w *world.World) error {
	for _, k := range w.DeployKeys {
		id, err := ww.writeKey(ctx, "deploy", optionalID(ww.users, k.User), k.SSHKey)
		if err != nil {
			return fmt.Errorf("deploy key %q: %w", k.Title, err)
		}
		ww.deployKeys[k.Title] = id
		for _, p := range k.Projects {
			err := ww.q.WorldUpsertDeployKeyProject(ctx, db.WorldUpsertDeployKeyProjectParams{
				DeployKeyID: id, ProjectID: ww.projects[p.Project], CanPush: p.CanPush,
			})
			if err != nil {
				return fmt.Errorf("deploy key %q on %q: %w", k.Title, p.Project, mapError(err))
			}
		}
	}
	return nil
}

func (ww *worldWriter) writeProtectedRefs(ctx context.Context, w *world.World) error {
	for _, p := range w.Projects {
		projectID := ww.projects[p.FullPath]
		for _, b := range p.ProtectedBranches {
			if err := ww.writeProtectedBranch(ctx, projectID, b); err != nil {
				return fmt.Errorf("project %q, protected branch %q: %w", p.FullPath, b.Name, err)
			}
		}
		for _, t := range p.ProtectedTags {
			if err := ww.writeProtectedTag(ctx, projectID, t); err != nil {
				return fmt.Errorf("project %q, protected tag %q: %w", p.FullPath, t.Name, err)
			}
		}
	}
	return nil
}

func (ww *worldWriter) writeProtectedBranch(ctx context.Context, projectID int64, b world.ProtectedBranch) error {
	branchID, err := ww.q.WorldUpsertProtectedBranch(ctx, db.WorldUpsertProtectedBranchParams{
		ProjectID: projectID, Name: b.Name, AllowForcePush: b.AllowForcePush,
	})
	if err != nil {
		return mapError(err)
	}
	var keep []int64
	actions := []struct {
		name string
		list []world.RefAccess
	}{{"push", b.Push}, {"merge", b.Merge}, {"unprotect", b.Unprotect}}
	for _, action := range actions {
		for _, r := range action.list {
			role, userID, keyID := ww.refAccess(r)
			id, err := ww.q.WorldEnsureProtectedBranchAccess(ctx, db.WorldEnsureProtectedBranchAccessParams{
				ProtectedBranchID: branchID, Action: action.name, AccessLevel: role, UserID: userID, DeployKeyID: keyID,
			})
			if err != nil {
				return fmt.Errorf("%s access: %w", action.name, mapError(err))
			}
			keep = append(keep, id)
		}
	}
	err = ww.q.WorldDeleteProtectedBranchAccessExcept(ctx, db.WorldDeleteProtectedBranchAccessExceptParams{
		ProtectedBranchID: branchID, KeepIds: keep,
	})
	return mapError(err)
}

func (ww *worldWriter) writeProtectedTag(ctx context.Context, projectID int64, t world.ProtectedTag) error {
	tagID, err := ww.q.WorldUpsertProtectedTag(ctx, db.WorldUpsertProtectedTagParams{ProjectID: projectID, Name: t.Name})
	if err != nil {
		return mapError(err)
	}
	var keep []int64
	for _, r := range t.Create {
		role, userID, keyID := ww.refAccess(r)
		id, err := ww.q.WorldEnsureProtectedTagAccess(ctx, db.WorldEnsureProtectedTagAccessParams{
			ProtectedTagID: tagID, AccessLevel: role, UserID: userID, DeployKeyID: keyID,
		})
		if err != nil {
			return fmt.Errorf("create access: %w", mapError(err))
		}
		keep = append(keep, id)
	}
	err = ww.q.WorldDeleteProtectedTagAccessExcept(ctx, db.WorldDeleteProtectedTagAccessExceptParams{
		ProtectedTagID: tagID, KeepIds: keep,
	})
	return mapError(err)
}

// refAccess is the one non-null column of an access-list row: role, user or deploy key.
func (ww *worldWriter) refAccess(r world.RefAccess) (role *int32, userID, deployKeyID *int64) {
	switch {
	case r.User != "":
		return nil, optionalID(ww.users, r.User), nil
	case r.DeployKey != "":
		return nil, nil, optionalID(ww.deployKeys, r.DeployKey)
	}
	level := int32(r.Role)
	return &level, nil, nil
}

func (ww *worldWriter) writeReconciliations(ctx context.Context, w *world.World) error {
	for _, r := range w.UpcomingReconciliations {
		err := ww.q.WorldUpsertUpcomingReconciliation(ctx, db.WorldUpsertUpcomingReconciliationParams{
			NamespaceID:            ww.namespaces[r.Namespace],
			NextReconciliationDate: r.NextReconciliationDate,
			DisplayAlertFrom:       r.DisplayAlertFrom,
		})
		if err != nil {
			return fmt.Errorf("upcoming reconciliation of %q: %w", r.Namespace, mapError(err))
		}
	}
	return nil
}

// optionalID is the id written for name, or nil (SQL NULL) when name is "".
func optionalID(ids map[string]int64, name string) *int64 {
	if name == "" {
		return nil
	}
	id := ids[name]
	return &id
}

// pinned is a pinned id, or nil to let the database find or assign one.
func pinned(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optional maps "" to SQL NULL.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
