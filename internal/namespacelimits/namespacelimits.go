// Package namespacelimits applies what CustomersDot sells a namespace beside its subscription —
// compute-minute limits and purchased storage — with the rules of GitLab's namespace update
// (docs/gitlab-rules.md §12.1): the validations of the namespace and of its storage record, and the
// subscription the same request may carry.
package namespacelimits

import (
	"context"
	"errors"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/glia-dev/glia/internal/optional"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// Store is where namespace limits are kept.
type Store interface {
	UpdateNamespaceLimits(ctx context.Context, namespaceID int64, decide func(tx *store.NamespaceLimitsTx, current store.NamespaceLimits) (store.NamespaceLimitsChange, error)) (store.NamespaceLimits, error)
}

// Namespace is the namespace being updated.
type Namespace struct {
	subscriptions.Namespace
	TopLevel bool // no parent: a personal namespace or a top-level group
}

// Change is a namespace update's parameters, each absent (kept), null or a value.
type Change struct {
	SharedRunnersMinutesLimit        nullable.Nullable[int32]
	ExtraSharedRunnersMinutesLimit   nullable.Nullable[int32]
	AdditionalPurchasedStorageSize   nullable.Nullable[int64]
	AdditionalPurchasedStorageEndsOn nullable.Nullable[time.Time]
	// Subscription is the nested gitlab_subscription_attributes; nil when not sent.
	Subscription *subscriptions.Attributes
}

// Messages of the validations, as GitLab words them.
const (
	msgNotSupported = "is not supported for this namespace"
	msgNotRoot      = "must be a root namespace"
	msgBlank        = "can't be blank"
)

// Update applies the change in one transaction, the nested subscription included: it is
// updated under the rules of subscriptions.Update when the namespace has one and created as by
// subscriptions.Create otherwise (Rails' update_only nested attributes), with its validation
// messages prefixed "gitlab_subscription.". Every failed validation is reported together in a
// *subscriptions.ValidationError and nothing is saved.
func Update(ctx context.Context, st Store, ns Namespace, c Change, now time.Time) error {
	_, err := st.UpdateNamespaceLimits(ctx, ns.ID, func(tx *store.NamespaceLimitsTx, current store.NamespaceLimits) (store.NamespaceLimitsChange, error) {
		var errs subscriptions.ValidationError
		next := apply(current, c, ns, &errs)
		if c.Subscription != nil {
			if err := updateSubscription(ctx, tx, ns, *c.Subscription, now, &errs); err != nil {
				return next, err
			}
		}
		return next, errs.ErrOrNil()
	})
	return err
}

// apply validates the limits part of the change and returns the new limits.
func apply(current store.NamespaceLimits, c Change, ns Namespace, errs *subscriptions.ValidationError) store.NamespaceLimitsChange {
	next := store.NamespaceLimitsChange{
		SharedRunnersMinutesLimit:        current.SharedRunnersMinutesLimit,
		ExtraSharedRunnersMinutesLimit:   current.ExtraSharedRunnersMinutesLimit,
		AdditionalPurchasedStorageSize:   current.AdditionalPurchasedStorageSize,
		AdditionalPurchasedStorageEndsOn: current.AdditionalPurchasedStorageEndsOn,
	}
	if c.SharedRunnersMinutesLimit.IsSpecified() {
		limit := optional.Pointer(c.SharedRunnersMinutesLimit)
		// GitLab validates only a change: a subgroup may be sent the (absent) quota it has.
		if !ns.TopLevel && !optional.Equal(limit, current.SharedRunnersMinutesLimit) {
			errs.Add("shared_runners_minutes_limit", msgNotSupported)
		}
		next.SharedRunnersMinutesLimit = limit
	}
	if c.ExtraSharedRunnersMinutesLimit.IsSpecified() {
		// GitLab also clears its compute-minute warnings on a purchase; glia sends none.
		next.ExtraSharedRunnersMinutesLimit = optional.Pointer(c.ExtraSharedRunnersMinutesLimit)
	}
	storage := c.AdditionalPurchasedStorageSize.IsSpecified() || c.AdditionalPurchasedStorageEndsOn.IsSpecified()
	if storage && !ns.TopLevel { // glia's choice 18: refused rather than silently not saved
		errs.Add("namespace_limit.namespace", msgNotRoot)
	}
	if c.AdditionalPurchasedStorageSize.IsSpecified() {
		if size := optional.Pointer(c.AdditionalPurchasedStorageSize); size == nil {
			errs.Add("namespace_limit.additional_purchased_storage_size", msgBlank)
		} else {
			next.AdditionalPurchasedStorageSize = *size
		}
	}
	if c.AdditionalPurchasedStorageEndsOn.IsSpecified() {
		next.AdditionalPurchasedStorageEndsOn = optional.Pointer(c.AdditionalPurchasedStorageEndsOn)
	}
	return next
}

// updateSubscription applies the nested subscription attributes within the transaction; its
// validation failures join errs, other errors are returned.
func updateSubscription(ctx context.Context, tx *store.NamespaceLimitsTx, ns Namespace, attrs subscriptions.Attributes, now time.Time, errs *subscriptions.ValidationError) error {
	_, err := tx.Subscription(ctx, ns.ID)
	switch {
	case err == nil:
		_, err = subscriptions.Update(ctx, tx, ns.Namespace, attrs, now)
	case errors.Is(err, store.ErrNotFound):
		_, err = subscriptions.Create(ctx, tx, ns.Namespace, attrs, subscriptions.DateOf(now))
	}
	var invalid *subscriptions.ValidationError
	if errors.As(err, &invalid) {
		errs.Merge("gitlab_subscription.", invalid)
		return nil
	}
	return err
}
