// Package scim holds GitLab's group SCIM rules: which SCIM identities a filter finds, how a
// provisioning request becomes a user, an identity and a membership, what a PATCH changes, and
// how deprovisioning removes a user from a group. The HTTP layer (internal/api/scimapi) turns its
// results and errors into RFC 7644 responses; the store runs its writes in one transaction per
// request under the group's lock.
package scim

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/glia-dev/glia/internal/store"
)

// Store is what the SCIM rules read and write.
type Store interface {
	SCIMGroup(ctx context.Context, groupPath string) (store.SCIMGroup, error)
	SCIMGroupByID(ctx context.Context, id int64) (store.SCIMGroup, error)
	SCIMIdentities(ctx context.Context, providerID int64, offset int32, limit *int32) ([]store.SCIMIdentity, error)
	CountSCIMIdentities(ctx context.Context, providerID int64) (int64, error)
	SCIMIdentity(ctx context.Context, providerID int64, externUID string) (store.SCIMIdentity, error)
	SCIMIdentityOfUser(ctx context.Context, providerID, userID int64) (store.SCIMIdentity, error)
	UserByUsername(ctx context.Context, username string) (store.User, error)
	UserWithEmail(ctx context.Context, email string) (store.User, error)
	ChangeSCIM(ctx context.Context, g store.SCIMGroup, fn func(tx *store.SCIMTx) error) error
}

// ErrNotFound means the group has no SCIM identity with the id asked for.
var ErrNotFound = errors.New("SCIM identity not found")

// ErrUnsupportedFilter is a filter outside what GitLab supports (`<attribute> eq <value>` on id,
// externalId or userName).
var ErrUnsupportedFilter = errors.New("Unsupported Filter")

// MissingParamsError is a provisioning request without an attribute GitLab requires. Its text is
// GitLab's, naming the attributes as Ruby symbols: "Missing params: [:extern_uid, :email]".
type MissingParamsError struct {
	Params []string
}

func (e *MissingParamsError) Error() string {
	symbols := make([]string, len(e.Params))
	for i, p := range e.Params {
		symbols[i] = ":" + p
	}
	return "Missing params: [" + strings.Join(symbols, ", ") + "]"
}

// SaveError is a provisioning request GitLab could not save; the HTTP layer quotes the request in
// front of Message ("Error saving user with <params>: <Message>"). Conflict is set when a
// uniqueness rule refused it ("… has already been taken"), which GitLab answers with 409.
type SaveError struct {
	Message  string
	Conflict bool
}

func (e *SaveError) Error() string { return e.Message }

// UpdateError is a PATCH that could not be applied; GitLab reports it as
// "Error updating <UserName> with <params>" and keeps the cause to itself (it goes to the log).
type UpdateError struct {
	UserName string
	Cause    error
}

func (e *UpdateError) Error() string { return fmt.Sprintf("update %s: %v", e.UserName, e.Cause) }

func (e *UpdateError) Unwrap() error { return e.Cause }

// LastOwnerError refuses to deprovision the group's last owner, in GitLab's words.
type LastOwnerError struct {
	User, Group string
}

func (e *LastOwnerError) Error() string {
	return fmt.Sprintf("Could not remove %s from %s. Cannot remove last group owner.", e.User, e.Group)
}

// InvalidValueError is a PATCH value of a type the attribute cannot take (RFC 7644 invalidValue).
type InvalidValueError struct {
	Detail string
}

func (e *InvalidValueError) Error() string { return e.Detail }
