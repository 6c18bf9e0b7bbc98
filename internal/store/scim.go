package store

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/glia-dev/glia/gen/db"
)

// SCIMGroup is a group as its SCIM API sees it: the group and its SAML provider.
type SCIMGroup struct {
	ID       int64
	Name     string
	FullPath string
	// SAMLProviderID is the group's SAML provider; nil when the group has none.
	SAMLProviderID *int64
	// SAMLEnabled says whether that provider is switched on.
	SAMLEnabled bool
	// DefaultRole is the access level provisioning gives new members.
	DefaultRole int32
}

// SCIMIdentity is one of a group's SCIM identities (an identity of its SAML provider) with its
// user, and whether that user is a member of the group.
type SCIMIdentity = db.GetSCIMIdentityRow

// TakenError is ErrConflict naming what a provisioning write found taken, in GitLab's words:
// "Username", "Email", "Extern uid" or "User" (the user already has an identity in the group).
type TakenError struct {
	Attribute string
}

func (e *TakenError) Error() string { return e.Attribute + " has already been taken" }

// Is makes a TakenError an ErrConflict.
func (e *TakenError) Is(target error) bool { return target == ErrConflict }

// takenAttributes maps the unique indexes provisioning can run into to what GitLab says is taken.
var takenAttributes = map[string]string{
	"users_username_lower":           "Username",
	"namespaces_full_path_lower":     "Username", // the personal namespace's path is the username
	"users_email_lower":              "Email",
	"identities_provider_extern_uid": "Extern uid",
	"identities_provider_user":       "User",
}

// mapSCIMError is mapError that names the taken attribute of a uniqueness violation.
func mapSCIMError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		if attribute, ok := takenAttributes[pgErr.ConstraintName]; ok {
			return &TakenError{Attribute: attribute}
		}
	}
	return mapError(err)
}

// SCIMGroup finds the group a SCIM URL names: by id when the path is a number (GitLab's
// find_group), else by full path ignoring case.
func (s *Store) SCIMGroup(ctx context.Context, groupPath string) (SCIMGroup, error) {
	if id, err := strconv.ParseInt(groupPath, 10, 64); err == nil {
		return s.SCIMGroupByID(ctx, id)
	}
	row, err := s.q.GetSCIMGroupByPath(ctx, groupPath)
	if err != nil {
		return SCIMGroup{}, mapError(err)
	}
	return newSCIMGroup(db.GetSCIMGroupByIDRow(row)), nil
}

// SCIMGroupByID finds a group and its SAML provider by the group's id.
func (s *Store) SCIMGroupByID(ctx context.Context, id int64) (SCIMGroup, error) {
	row, err := s.q.GetSCIMGroupByID(ctx, id)
	if err != nil {
		return SCIMGroup{}, mapError(err)
	}
	return newSCIMGroup(row), nil
}

func newSCIMGroup(row db.GetSCIMGroupByIDRow) SCIMGroup {
	g := SCIMGroup{ID: row.ID, Name: row.Name, FullPath: row.FullPath, SAMLProviderID: row.SamlProviderID}
	if row.SamlEnabled != nil {
		g.SAMLEnabled = *row.SamlEnabled
	}
	if row.DefaultMembershipRole != nil {
		g.DefaultRole = *row.DefaultMembershipRole
	}
	return g
}

// SCIMIdentities lists the provider's identities in creation order from offset on, at most limit
// of them (nil: all).
func (s *Store) SCIMIdentities(ctx context.Context, providerID int64, offset int32, limit *int32) ([]SCIMIdentity, error) {
	rows, err := s.q.ListSCIMIdentities(ctx, db.ListSCIMIdentitiesParams{SamlProviderID: &providerID, RowOffset: offset, RowLimit: limit})
	if err != nil {
		return nil, mapError(err)
	}
	out := make([]SCIMIdentity, len(rows))
	for i, r := range rows {
		out[i] = SCIMIdentity(r)
	}
	return out, nil
}

// CountSCIMIdentities counts the provider's identities.
func (s *Store) CountSCIMIdentities(ctx context.Context, providerID int64) (int64, error) {
	n, err := s.q.CountSCIMIdentities(ctx, &providerID)
	return n, mapError(err)
}

// SCIMIdentity finds the provider's identity with this extern_uid, ignoring case.
func (s *Store) SCIMIdentity(ctx context.Context, providerID int64, externUID string) (SCIMIdentity, error) {
	return getSCIMIdentity(ctx, s.q, db.GetSCIMIdentityParams{SamlProviderID: &providerID, ExternUid: &externUID})
}

// SCIMIdentityOfUser finds the user's identity at the provider.
func (s *Store) SCIMIdentityOfUser(ctx context.Context, providerID, userID int64) (SCIMIdentity, error) {
	return getSCIMIdentity(ctx, s.q, db.GetSCIMIdentityParams{SamlProviderID: &providerID, UserID: &userID})
}

func getSCIMIdentity(ctx context.Context, q *db.Queries, arg db.GetSCIMIdentityParams) (SCIMIdentity, error) {
	i, err := q.GetSCIMIdentity(ctx, arg)
	return i, mapError(err)
}

// UserWithEmail finds the user owning an email address, ignoring case.
func (s *Store) UserWithEmail(ctx context.Context, email string) (User, error) {
	return userWithEmail(ctx, s.q, email)
}

func userWithEmail(ctx context.Context, q *db.Queries, email string) (User, error) {
	u, err := q.GetSCIMUserByEmail(ctx, email)
	return u, mapError(err)
}

// SCIMTx is one provisioning change of one group, inside a transaction that holds the row lock of
// the group's SAML provider: changes of the same group run one after another, so a deprovisioning
// and a provisioning of the same user cannot interleave and leave identity and membership at odds.
type SCIMTx struct {
	q          *db.Queries
	groupID    int64
	providerID int64
}

// ChangeSCIM runs fn as one provisioning change of the group, which must have a SAML provider;
// what fn wrote is committed when it returns nil. ErrNotFound when the provider is gone.
func (s *Store) ChangeSCIM(ctx context.Context, g SCIMGroup, fn func(tx *SCIMTx) error) error {
	if g.SAMLProviderID == nil {
		return ErrNotFound
	}
	return s.inTx(ctx, func(q *db.Queries) error {
		if _, err := q.LockSAMLProviderForSCIM(ctx, *g.SAMLProviderID); err != nil {
			return mapError(err)
		}
		return fn(&SCIMTx{q: q, groupID: g.ID, providerID: *g.SAMLProviderID})
	})
}

// Identity finds the group's identity with this extern_uid, ignoring case.
func (tx *SCIMTx) Identity(ctx context.Context, externUID string) (SCIMIdentity, error) {
	return getSCIMIdentity(ctx, tx.q, db.GetSCIMIdentityParams{SamlProviderID: &tx.providerID, ExternUid: &externUID})
}

// IdentityOfUser finds the user's identity in the group.
func (tx *SCIMTx) IdentityOfUser(ctx context.Context, userID int64) (SCIMIdentity, error) {
	return getSCIMIdentity(ctx, tx.q, db.GetSCIMIdentityParams{SamlProviderID: &tx.providerID, UserID: &userID})
}

// UserWithEmail finds the user owning an email address, ignoring case.
func (tx *SCIMTx) UserWithEmail(ctx context.Context, email string) (User, error) {
	return userWithEmail(ctx, tx.q, email)
}

// UsernameTaken says whether a user or a top-level namespace already has this name.
func (tx *SCIMTx) UsernameTaken(ctx context.Context, username string) (bool, error) {
	taken, err := tx.q.SCIMUsernameTaken(ctx, username)
	return taken, mapError(err)
}

// CreateUser creates a user with a personal namespace, as every user has (the same queries as
// the administrator's CreateUser); a TakenError when the username or email is taken meanwhile.
func (tx *SCIMTx) CreateUser(ctx context.Context, u NewUser) (User, error) {
	created, err := tx.q.AdminCreateUser(ctx, db.AdminCreateUserParams{Username: u.Username, Name: u.Name, Email: u.Email, Admin: u.Admin})
	if err != nil {
		return User{}, mapSCIMError(err)
	}
	err = tx.q.AdminCreatePersonalNamespace(ctx, db.AdminCreatePersonalNamespaceParams{Name: u.Name, Username: u.Username, OwnerID: &created.ID})
	return created, mapSCIMError(err)
}

// CreateIdentity gives the user an active identity in the group; a TakenError when the
// extern_uid or the user already has one.
func (tx *SCIMTx) CreateIdentity(ctx context.Context, userID int64, externUID string) error {
	return mapSCIMError(tx.q.CreateSCIMIdentity(ctx, db.CreateSCIMIdentityParams{UserID: userID, ExternUid: externUID, SamlProviderID: &tx.providerID}))
}

// SetIdentityActive activates or deactivates an identity.
func (tx *SCIMTx) SetIdentityActive(ctx context.Context, identityID int64, active bool) error {
	return mapError(tx.q.SetSCIMIdentityActive(ctx, db.SetSCIMIdentityActiveParams{Active: active, ID: identityID}))
}

// SetExternUID changes an identity's extern_uid; a TakenError when another identity of the group
// has it.
func (tx *SCIMTx) SetExternUID(ctx context.Context, identityID int64, externUID string) error {
	return mapSCIMError(tx.q.SetSCIMIdentityExternUID(ctx, db.SetSCIMIdentityExternUIDParams{ExternUid: externUID, ID: identityID}))
}

// AddMember makes the user a member of the group with this access level (a pending access
// request becomes the membership; an existing membership is left as it is).
func (tx *SCIMTx) AddMember(ctx context.Context, userID int64, accessLevel int32) error {
	return mapError(tx.q.AddSCIMGroupMember(ctx, db.AddSCIMGroupMemberParams{UserID: userID, GroupID: &tx.groupID, AccessLevel: accessLevel}))
}

// Owners lists the users who own the group, directly or through an ancestor (bots excluded).
func (tx *SCIMTx) Owners(ctx context.Context) ([]int64, error) {
	ids, err := tx.q.ListSCIMGroupOwners(ctx, tx.groupID)
	return ids, mapError(err)
}

// RemoveMemberships removes the user from the group, its subgroups and their projects.
func (tx *SCIMTx) RemoveMemberships(ctx context.Context, userID int64) error {
	return mapError(tx.q.RemoveSCIMGroupHierarchyMembers(ctx, db.RemoveSCIMGroupHierarchyMembersParams{GroupID: tx.groupID, UserID: userID}))
}

// EnableSAML switches the group's SAML provider on, creating it when missing; a nil SSO URL or
// default role keeps the current one (a new provider: none and guest).
func (s *Store) EnableSAML(ctx context.Context, groupID int64, ssoURL *string, defaultRole *int32) error {
	return mapError(s.q.EnableSAMLProvider(ctx, db.EnableSAMLProviderParams{GroupID: groupID, SsoURL: ssoURL, DefaultRole: defaultRole}))
}

// DisableSAML switches the group's SAML provider off; ErrNotFound when it has none.
func (s *Store) DisableSAML(ctx context.Context, groupID int64) error {
	n, err := s.q.DisableSAMLProvider(ctx, groupID)
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return mapError(err)
}

// ReplaceSCIMToken makes digest the group's only SCIM token digest.
func (s *Store) ReplaceSCIMToken(ctx context.Context, groupID int64, digest string) error {
	return mapError(s.q.ReplaceSCIMToken(ctx, db.ReplaceSCIMTokenParams{GroupID: groupID, TokenDigest: digest}))
}
