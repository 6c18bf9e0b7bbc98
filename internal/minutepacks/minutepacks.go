// Package minutepacks records the compute-minute packs bought through CustomersDot and moves
// them between namespaces (docs/gitlab-rules.md §12.4). A pack is money: recording is all or
// nothing and idempotent per purchase, so a retried or doubled purchase never counts twice.
package minutepacks

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/glia-dev/glia/internal/store"
)

// ErrUnsaved means the packs could not be saved (an invalid pack, or a purchase recorded for
// another namespace); none were.
var ErrUnsaved = errors.New("unable to save additional packs")

// maxPurchaseXIDLength is the AdditionalPack model's limit.
const maxPurchaseXIDLength = 32

// Store is where packs are kept.
type Store interface {
	AddAdditionalPacks(ctx context.Context, namespaceID int64, packs []store.NewAdditionalPack) (map[string]store.AdditionalPack, error)
	MoveAdditionalPacksToCoOwned(ctx context.Context, fromID, toID int64) (sharedOwner bool, err error)
	NamespaceAdditionalPacks(ctx context.Context, namespaceID int64) ([]store.AdditionalPack, error)
}

// Pack is one purchased pack.
type Pack struct {
	PurchaseXID     string
	NumberOfMinutes int32
	ExpiresAt       time.Time
}

// Add records the namespace's purchased packs and returns, in request order, the stored pack
// of each: new ones as sent, those whose purchase_xid the namespace already has unchanged (as
// GitLab's find_or_initialize_by does). ErrUnsaved, with nothing saved, when any pack fails the
// model's validation or its purchase_xid belongs to another namespace (GitLab.com's
// purchase_xid is unique across namespaces).
func Add(ctx context.Context, st Store, namespaceID int64, packs []Pack) ([]store.AdditionalPack, error) {
	toSave := make([]store.NewAdditionalPack, len(packs))
	for i, p := range packs {
		if p.PurchaseXID == "" || utf8.RuneCountInString(p.PurchaseXID) > maxPurchaseXIDLength {
			return nil, ErrUnsaved
		}
		toSave[i] = store.NewAdditionalPack(p)
	}
	stored, err := st.AddAdditionalPacks(ctx, namespaceID, toSave)
	if errors.Is(err, store.ErrConflict) {
		return nil, ErrUnsaved
	} else if err != nil {
		return nil, err
	}
	out := make([]store.AdditionalPack, len(packs))
	for i, p := range packs {
		pack, ok := stored[p.PurchaseXID]
		if !ok { // removed between insert and read in the same transaction: cannot happen
			return nil, ErrUnsaved
		}
		out[i] = pack
	}
	return out, nil
}

// Namespace is a namespace packs move from or to.
type Namespace struct {
	ID       int64
	TopLevel bool
}

// MoveError is a move the rules refuse, with GitLab's reason.
type MoveError struct{ Reason string }

func (e *MoveError) Error() string { return e.Reason }

// Move re-points every pack of namespace to target under ChangeNamespaceService's rules: both
// top-level, sharing an owner. A *MoveError when refused.
func Move(ctx context.Context, st Store, namespace, target Namespace) error {
	switch {
	case !namespace.TopLevel:
		return &MoveError{"Namespace must be a top-level namespace"}
	case !target.TopLevel:
		return &MoveError{"Target namespace must be a top-level namespace"}
	}
	sharedOwner, err := st.MoveAdditionalPacksToCoOwned(ctx, namespace.ID, target.ID)
	if err != nil {
		return err
	}
	if !sharedOwner {
		return &MoveError{"Both namespaces must share the same owner"}
	}
	return nil
}

// Total is a namespace's purchased minutes: the packs not yet expired on day, and all of them.
type Total struct {
	Packs                  []store.AdditionalPack
	ActiveMinutes, Minutes int64
}

// Purchased sums the namespace's packs (what GitLab adds to its compute-minute quota is the
// packs not yet expired).
func Purchased(ctx context.Context, st Store, namespaceID int64, day time.Time) (Total, error) {
	packs, err := st.NamespaceAdditionalPacks(ctx, namespaceID)
	if err != nil {
		return Total{}, err
	}
	t := Total{Packs: packs}
	for _, p := range packs {
		t.Minutes += int64(p.NumberOfMinutes)
		if !p.ExpiresAt.Before(day) {
			t.ActiveMinutes += int64(p.NumberOfMinutes)
		}
	}
	return t, nil
}
