package scim

import (
	"context"
	"errors"
	"net/mail"

	"github.com/glia-dev/glia/internal/store"
)

// Provision answers POST /Users, in one transaction under the group's lock:
//
//   - the group has an identity with this extern_uid: nothing to do when it is active and its user
//     a member (GitLab's idempotence); otherwise it is reprovisioned — reactivated, its user a
//     member again — so that identity and membership agree (GitLab re-adds the member but leaves
//     the identity inactive);
//   - else the user owning the email, or a new user (cleaned, unique username; personal
//     namespace), gets an active identity and, unless a member already, a membership with the SAML
//     provider's default role.
//
// It returns the identity as it is afterwards. A user who already has another identity in the
// group, and a username or email taken by a concurrent request, are *SaveError with Conflict;
// a new user without a name or with an invalid email is a plain *SaveError.
func Provision(ctx context.Context, st Store, g store.SCIMGroup, u NewUser) (store.SCIMIdentity, error) {
	var out store.SCIMIdentity
	err := st.ChangeSCIM(ctx, g, func(tx *store.SCIMTx) error {
		identity, err := tx.Identity(ctx, u.ExternUID)
		switch {
		case err == nil:
			err = reprovision(ctx, tx, g, identity)
		case errors.Is(err, store.ErrNotFound):
			err = link(ctx, tx, g, u)
		}
		if err != nil {
			return err
		}
		out, err = tx.Identity(ctx, u.ExternUID)
		return err
	})
	var taken *store.TakenError
	if errors.As(err, &taken) {
		return out, &SaveError{Message: taken.Error(), Conflict: true}
	}
	return out, err
}

// link gives the user owning the email, or a new user, an identity and a membership.
func link(ctx context.Context, tx *store.SCIMTx, g store.SCIMGroup, u NewUser) error {
	user, err := tx.UserWithEmail(ctx, u.Email)
	if errors.Is(err, store.ErrNotFound) {
		user, err = createUser(ctx, tx, u)
	}
	if err != nil {
		return err
	}
	if err := tx.CreateIdentity(ctx, user.ID, u.ExternUID); err != nil {
		return err
	}
	// A member keeps the access it has; AddMember leaves an existing membership alone.
	return tx.AddMember(ctx, user.ID, g.DefaultRole)
}

func createUser(ctx context.Context, tx *store.SCIMTx, u NewUser) (store.User, error) {
	if u.Name == "" {
		return store.User{}, &SaveError{Message: "Name can't be blank"}
	}
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email {
		return store.User{}, &SaveError{Message: "Email is invalid"}
	}
	username, err := freeUsername(ctx, tx, u.Username)
	if err != nil {
		return store.User{}, err
	}
	return tx.CreateUser(ctx, store.NewUser{Username: username, Name: u.Name, Email: u.Email})
}

// reprovision makes an identity active and its user a member (with the default role) again.
func reprovision(ctx context.Context, tx *store.SCIMTx, g store.SCIMGroup, identity store.SCIMIdentity) error {
	if !identity.Active {
		if err := tx.SetIdentityActive(ctx, identity.ID, true); err != nil {
			return err
		}
	}
	if identity.Member {
		return nil
	}
	return tx.AddMember(ctx, identity.UserID, g.DefaultRole)
}

// deprovision deactivates an identity and removes its user from the group, the group's subgroups
// and their projects — unless the user is the group's last owner (*LastOwnerError).
func deprovision(ctx context.Context, tx *store.SCIMTx, g store.SCIMGroup, identity store.SCIMIdentity) error {
	owners, err := tx.Owners(ctx)
	if err != nil {
		return err
	}
	if len(owners) == 1 && owners[0] == identity.UserID {
		return &LastOwnerError{User: identity.Name, Group: g.Name}
	}
	if err := tx.SetIdentityActive(ctx, identity.ID, false); err != nil {
		return err
	}
	return tx.RemoveMemberships(ctx, identity.UserID)
}

// Deprovision answers DELETE /Users/{id}: the identity is deactivated (kept) and its user removed
// from the group and everything below it. ErrNotFound for an unknown id, *LastOwnerError for the
// group's last owner.
func Deprovision(ctx context.Context, st Store, g store.SCIMGroup, id string) error {
	return change(ctx, st, g, id, func(tx *store.SCIMTx, identity store.SCIMIdentity) error {
		return deprovision(ctx, tx, g, identity)
	})
}

// Apply answers PATCH /Users/{id}, deciding in GitLab's order: active false deprovisions; active
// true reprovisions an inactive identity; else an extern_uid re-keys the identity; else nothing
// changes. ErrNotFound for an unknown id; what GitLab refuses (the last owner, an empty or taken
// extern_uid) is an *UpdateError.
func Apply(ctx context.Context, st Store, g store.SCIMGroup, id string, u Update) error {
	return change(ctx, st, g, id, func(tx *store.SCIMTx, identity store.SCIMIdentity) error {
		var err error
		switch {
		case u.Active != nil && !*u.Active:
			err = deprovision(ctx, tx, g, identity)
		case u.Active != nil && *u.Active && !identity.Active:
			err = reprovision(ctx, tx, g, identity)
		case u.ExternUID != nil && *u.ExternUID == "":
			err = errBlankExternUID
		case u.ExternUID != nil:
			err = tx.SetExternUID(ctx, identity.ID, *u.ExternUID)
		}
		var lastOwner *LastOwnerError
		if errors.As(err, &lastOwner) || errors.Is(err, store.ErrConflict) || errors.Is(err, errBlankExternUID) {
			return &UpdateError{UserName: identity.Name, Cause: err}
		}
		return err
	})
}

// errBlankExternUID refuses to re-key an identity to nothing, as GitLab's validation does.
var errBlankExternUID = errors.New("Extern uid can't be blank")

// change runs fn on the group's identity with this extern_uid, under the group's lock.
func change(ctx context.Context, st Store, g store.SCIMGroup, id string, fn func(*store.SCIMTx, store.SCIMIdentity) error) error {
	return st.ChangeSCIM(ctx, g, func(tx *store.SCIMTx) error {
		identity, err := tx.Identity(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		return fn(tx, identity)
	})
}
