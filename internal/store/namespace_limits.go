package store

import (
	"context"
	"errors"

	"github.com/glia-dev/glia/gen/db"
)

// NamespaceLimits is what CustomersDot has set on a namespace beside its subscription: the
// compute-minute limits and the purchased storage.
type NamespaceLimits = db.NamespaceLimit

// NamespaceLimitsChange is the whole new state of a namespace's limits.
type NamespaceLimitsChange = db.UpdateNamespaceLimitsParams

// BillingNamespaceDetails is a namespace with everything the billing API's namespace entity
// shows of it.
type BillingNamespaceDetails = db.GetBillingNamespaceDetailsRow

// NamespaceLimits is the namespace's limits; a namespace that never had any gets the empty
// ones (no limits of its own, no purchased storage).
func (s *Store) NamespaceLimits(ctx context.Context, namespaceID int64) (NamespaceLimits, error) {
	limits, err := s.q.GetNamespaceLimits(ctx, namespaceID)
	if err := mapError(err); errors.Is(err, ErrNotFound) {
		return NamespaceLimits{NamespaceID: namespaceID}, nil
	} else if err != nil {
		return NamespaceLimits{}, err
	}
	return limits, nil
}

// BillingNamespaceDetails reads the namespace as the billing API's namespace entity shows it;
// ErrNotFound when there is no such namespace.
func (s *Store) BillingNamespaceDetails(ctx context.Context, namespaceID int64) (BillingNamespaceDetails, error) {
	details, err := s.q.GetBillingNamespaceDetails(ctx, namespaceID)
	return details, mapError(err)
}

// NamespaceLimitsTx is one update of a namespace's limits, inside the transaction that holds
// their row lock. It is also a subscription store, so the subscription a namespace update
// carries is created or changed in the same transaction: all of it is saved, or none.
type NamespaceLimitsTx struct {
	SubscriptionTx
}

// Subscription is the namespace's subscription as of this transaction.
func (tx *NamespaceLimitsTx) Subscription(ctx context.Context, namespaceID int64) (Subscription, error) {
	sub, err := tx.q.GetSubscription(ctx, namespaceID)
	return sub, mapError(err)
}

// CreateSubscription stores a new subscription within this transaction (see
// Store.CreateSubscription).
func (tx *NamespaceLimitsTx) CreateSubscription(ctx context.Context, sub NewSubscription) (Subscription, error) {
	return createSubscription(ctx, tx.q, sub)
}

// UpdateSubscription changes the namespace's subscription within this transaction (see
// Store.UpdateSubscription).
func (tx *NamespaceLimitsTx) UpdateSubscription(ctx context.Context, namespaceID int64, decide func(tx *SubscriptionTx, current Subscription) (SubscriptionUpdate, error)) (Subscription, error) {
	return updateSubscription(ctx, tx.q, namespaceID, decide)
}

// UpdateNamespaceLimits changes the namespace's limits in one transaction: decide sees the
// locked current limits (empty ones the first time) and returns the new state, and may change
// the subscription through tx meanwhile. An error of decide is returned as it is and nothing is
// written.
func (s *Store) UpdateNamespaceLimits(ctx context.Context, namespaceID int64, decide func(tx *NamespaceLimitsTx, current NamespaceLimits) (NamespaceLimitsChange, error)) (NamespaceLimits, error) {
	var updated NamespaceLimits
	err := s.inTx(ctx, func(q *db.Queries) error {
		if err := q.EnsureNamespaceLimits(ctx, namespaceID); err != nil {
			return mapError(err)
		}
		current, err := q.LockNamespaceLimits(ctx, namespaceID)
		if err != nil {
			return mapError(err)
		}
		change, err := decide(&NamespaceLimitsTx{SubscriptionTx{q: q}}, current)
		if err != nil {
			return err
		}
		change.NamespaceID = namespaceID
		updated, err = q.UpdateNamespaceLimits(ctx, change)
		return mapError(err)
	})
	return updated, err
}
