package subscriptions

import (
	"context"
	"errors"
	"time"

	"github.com/glia-dev/glia/internal/optional"
	"github.com/glia-dev/glia/internal/plans"
	"github.com/glia-dev/glia/internal/store"
)

// ErrNoSubscription means the namespace has no subscription to update.
var ErrNoSubscription = errors.New("namespace has no subscription")

// Store is where subscriptions are kept.
type Store interface {
	Subscription(ctx context.Context, namespaceID int64) (store.Subscription, error)
	BillableMembers(ctx context.Context, namespaceID int64, excludeGuests bool) (int64, error)
	CreateSubscription(ctx context.Context, sub store.NewSubscription) (store.Subscription, error)
	UpdateSubscription(ctx context.Context, namespaceID int64, decide func(tx *store.SubscriptionTx, current store.Subscription) (store.SubscriptionUpdate, error)) (store.Subscription, error)
}

// Namespace is the namespace a subscription belongs to.
type Namespace struct {
	ID    int64
	Group bool // a group rather than a personal namespace
}

// Create gives the namespace its subscription from the supplied attributes, as GitLab's
// create_gitlab_subscription: absent attributes take the column defaults (no plan, 0 seats,
// start today), and the model's validations apply, uniqueness of the namespace's subscription
// included. GitLab leaves seats_in_use at 0 until its seat-refresh job runs; glia has no such
// job and stores the live billable count instead, which the returned entity shows without
// counting again. A *ValidationError when the model refuses.
func Create(ctx context.Context, st Store, ns Namespace, attrs Attributes, today time.Time) (View, error) {
	zero := int32(0)
	sub := state{seats: &zero, maxSeatsUsed: &zero, startDate: &today}
	sub.apply(attrs)
	var errs ValidationError
	if _, err := st.Subscription(ctx, ns.ID); err == nil {
		errs.Add("namespace_id", msgTaken)
	} else if !errors.Is(err, store.ErrNotFound) {
		return View{}, err
	}
	sub.validate(&errs)
	if err := errs.ErrOrNil(); err != nil {
		return View{}, err
	}
	inUse, err := st.BillableMembers(ctx, ns.ID, excludesGuests(ns, sub.plan))
	if err != nil {
		return View{}, err
	}
	maxUsed := int32OrZero(sub.maxSeatsUsed)
	created, err := st.CreateSubscription(ctx, store.NewSubscription{
		NamespaceID: ns.ID, HostedPlan: sub.plan, Seats: *sub.seats, SeatsInUse: clampInt32(inUse),
		MaxSeatsUsed: maxUsed, SeatsOwed: sub.seatsOwed(maxUsed), StartDate: *sub.startDate,
		EndDate: sub.endDate, Trial: sub.trial, TrialStartsOn: sub.trialStartsOn,
		TrialEndsOn: sub.trialEndsOn, TrialExtensionType: sub.trialExtensionType, AutoRenew: sub.autoRenew,
	})
	if errors.Is(err, store.ErrConflict) { // created by a concurrent request since the check
		return View{}, &ValidationError{Messages: map[string][]string{"namespace_id": {msgTaken}}}
	} else if err != nil {
		return View{}, err
	}
	return present(ns, created, today), nil
}

// Update changes the supplied attributes of the namespace's subscription with GitLab's update
// callbacks, in order: max_seats_used_changed_at follows a changed max_seats_used outside a new
// term; the previous values go into the history when a tracked attribute changes; the seat
// statistics reset on a new term, a trial turning paid or a stale maximum. ErrNoSubscription
// without one; a *ValidationError when the model refuses (nothing is written).
func Update(ctx context.Context, st Store, ns Namespace, attrs Attributes, now time.Time) (store.Subscription, error) {
	sub, err := st.UpdateSubscription(ctx, ns.ID, func(tx *store.SubscriptionTx, current store.Subscription) (store.SubscriptionUpdate, error) {
		return decideUpdate(ctx, tx, ns, current, attrs, now)
	})
	if errors.Is(err, store.ErrNotFound) {
		return store.Subscription{}, ErrNoSubscription
	}
	return sub, err
}

func decideUpdate(ctx context.Context, tx *store.SubscriptionTx, ns Namespace, current store.Subscription, attrs Attributes, now time.Time) (store.SubscriptionUpdate, error) {
	before := stateOf(current)
	after := before
	after.apply(attrs)
	var errs ValidationError
	after.validate(&errs)
	if err := errs.ErrOrNil(); err != nil {
		return store.SubscriptionUpdate{}, err
	}
	changes := diff(before, after)
	change := store.SubscriptionChange{
		HostedPlan: after.plan, Seats: *after.seats, SeatsInUse: current.SeatsInUse,
		MaxSeatsUsed: *after.maxSeatsUsed, MaxSeatsUsedChangedAt: current.MaxSeatsUsedChangedAt,
		SeatsOwed: current.SeatsOwed, StartDate: *after.startDate, EndDate: after.endDate,
		Trial: after.trial, TrialStartsOn: after.trialStartsOn, TrialEndsOn: after.trialEndsOn,
		TrialExtensionType: after.trialExtensionType, AutoRenew: after.autoRenew,
	}
	newTerm := changes.startDate && changes.endDate && (before.endDate == nil || !after.startDate.Before(*before.endDate))
	if !newTerm && changes.maxSeatsUsed {
		change.MaxSeatsUsedChangedAt = &now
	}
	reset, err := resetsSeatStatistics(ctx, tx, current, before, after, changes, newTerm, change.MaxSeatsUsedChangedAt)
	if err != nil {
		return store.SubscriptionUpdate{}, err
	}
	if reset {
		inUse, err := tx.BillableMembers(ctx, ns.ID, excludesGuests(ns, after.plan))
		if err != nil {
			return store.SubscriptionUpdate{}, err
		}
		change.SeatsInUse = clampInt32(inUse)
		change.MaxSeatsUsed = change.SeatsInUse
		change.SeatsOwed = after.seatsOwed(change.MaxSeatsUsed)
		change.MaxSeatsUsedChangedAt = &now
	}
	return store.SubscriptionUpdate{Change: change, RecordHistory: changes.tracked()}, nil
}

// resetsSeatStatistics is GitLab's reset_seat_statistics?. Switching away from
// ultimate_trial_paid_customer resets, except back to a premium term that was not renewed
// meanwhile; otherwise only paid subscriptions reset, on a new term, when a trial ends, or
// when the maximum was last changed before the term started.
func resetsSeatStatistics(ctx context.Context, tx *store.SubscriptionTx, current store.Subscription, before, after state, changes changed, newTerm bool, maxChangedAt *time.Time) (bool, error) {
	if planName(before.plan) == plans.UltimateTrialPaidCustomer || planName(after.plan) == plans.UltimateTrialPaidCustomer {
		if !changes.plan || planName(after.plan) == plans.UltimateTrialPaidCustomer {
			return false, nil
		}
		if planName(after.plan) != plans.Premium {
			return true, nil
		}
		start, end, err := tx.LastTermOnPlan(ctx, current.ID, plans.Premium)
		if errors.Is(err, store.ErrNotFound) {
			return true, nil
		} else if err != nil {
			return false, err
		}
		notRenewed := sameDate(start, after.startDate) && sameDate(end, after.endDate)
		return !notRenewed, nil
	}
	if !after.paid() {
		return false, nil
	}
	if newTerm || (changes.trial && !after.trial) {
		return true, nil
	}
	return maxChangedAt != nil && DateOf(*maxChangedAt).Before(*after.startDate), nil
}

// changed says which attributes an update changes (Rails' dirty tracking: assigning the same
// value is no change).
type changed struct {
	plan, seats, maxSeatsUsed, startDate, endDate, trial bool
	trialStartsOn, trialEndsOn, trialExtensionType       bool
	autoRenew                                            bool
}

func diff(a, b state) changed {
	return changed{
		plan: !optional.Equal(a.plan, b.plan), seats: !optional.Equal(a.seats, b.seats),
		maxSeatsUsed: !optional.Equal(a.maxSeatsUsed, b.maxSeatsUsed),
		startDate:    !sameDate(a.startDate, b.startDate), endDate: !sameDate(a.endDate, b.endDate),
		trial: a.trial != b.trial, trialStartsOn: !sameDate(a.trialStartsOn, b.trialStartsOn),
		trialEndsOn:        !sameDate(a.trialEndsOn, b.trialEndsOn),
		trialExtensionType: !optional.Equal(a.trialExtensionType, b.trialExtensionType),
		autoRenew:          !optional.Equal(a.autoRenew, b.autoRenew),
	}
}

// tracked reports whether any attribute the history records changed (all of these are; the
// seat statistics the callbacks recompute are not what the request changed).
func (c changed) tracked() bool {
	return c.plan || c.seats || c.maxSeatsUsed || c.startDate || c.endDate || c.trial ||
		c.trialStartsOn || c.trialEndsOn || c.trialExtensionType || c.autoRenew
}

func excludesGuests(ns Namespace, plan *string) bool {
	return ns.Group && plans.ExcludesGuests(planName(plan))
}

func sameDate(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// DateOf is the calendar day t falls on by GitLab.com's clock (UTC), at midnight: the "today"
// that subscription dates, trials and pack expiry are compared with.
func DateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func int32OrZero(v *int32) int32 {
	if v == nil {
		return 0
	}
	return *v
}

func clampInt32(n int64) int32 {
	return int32(min(n, 1<<31-1))
}
