package store

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/glia-dev/glia/gen/db"
)

// BillingNamespace is a personal namespace or group as the billing API addresses it.
type BillingNamespace = db.GetBillingNamespaceByIDRow

// Subscription is a namespace's GitLab.com subscription row.
type Subscription = db.GitlabSubscription

// NewSubscription is a subscription to create.
type NewSubscription = db.CreateSubscriptionParams

// SubscriptionChange is the whole new state of a subscription (every column, as the update
// writes them).
type SubscriptionChange = db.UpdateSubscriptionParams

// SubscriptionHistory is the previous state of a subscription, recorded before a change.
type SubscriptionHistory = db.GitlabSubscriptionHistory

// AdditionalPack is a stored compute-minute pack.
type AdditionalPack = db.ListNamespaceAdditionalPacksRow

// UpcomingReconciliation is a namespace's next seat reconciliation.
type UpcomingReconciliation = db.GetUpcomingReconciliationRow

// subscriptionUpdated is gitlab_subscription_histories.change_type for an update.
const subscriptionUpdated = 1

// integerID is what GitLab's find_namespace takes for an id rather than a full path.
var integerID = regexp.MustCompile(`^-?[0-9]+$`)

// BillingNamespaceByRef finds a namespace by id ("123") or full path ("group/sub"), ignoring
// the path's case.
func (s *Store) BillingNamespaceByRef(ctx context.Context, ref string) (BillingNamespace, error) {
	if integerID.MatchString(ref) {
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil { // beyond int64: no such namespace
			return BillingNamespace{}, ErrNotFound
		}
		ns, err := s.q.GetBillingNamespaceByID(ctx, id)
		return ns, mapError(err)
	}
	ns, err := s.q.GetBillingNamespaceByPath(ctx, ref)
	return BillingNamespace(ns), mapError(err)
}

// Subscription is the namespace's subscription; ErrNotFound without one.
func (s *Store) Subscription(ctx context.Context, namespaceID int64) (Subscription, error) {
	sub, err := s.q.GetSubscription(ctx, namespaceID)
	return sub, mapError(err)
}

// BillableMembers counts the namespace's billable users, guests left out when excludeGuests.
func (s *Store) BillableMembers(ctx context.Context, namespaceID int64, excludeGuests bool) (int64, error) {
	return billableMembers(ctx, s.q, namespaceID, excludeGuests)
}

func billableMembers(ctx context.Context, q *db.Queries, namespaceID int64, excludeGuests bool) (int64, error) {
	n, err := q.CountBillableMembers(ctx, db.CountBillableMembersParams{NamespaceID: namespaceID, ExcludeGuests: excludeGuests})
	return n, mapError(err)
}

// CreateSubscription stores a new subscription. ErrConflict when the namespace has one already,
// also when another request created it a moment ago.
func (s *Store) CreateSubscription(ctx context.Context, sub NewSubscription) (Subscription, error) {
	return createSubscription(ctx, s.q, sub)
}

func createSubscription(ctx context.Context, q *db.Queries, sub NewSubscription) (Subscription, error) {
	created, err := q.CreateSubscription(ctx, sub)
	if errors.Is(err, pgx.ErrNoRows) {
		return Subscription{}, ErrConflict
	}
	return created, mapError(err)
}

// SubscriptionTx is one update of one subscription, inside a transaction holding its row lock:
// what the update reads (the members, the history) is what it is checked against.
type SubscriptionTx struct {
	q *db.Queries
}

// BillableMembers counts the namespace's billable users as of this transaction.
func (tx *SubscriptionTx) BillableMembers(ctx context.Context, namespaceID int64, excludeGuests bool) (int64, error) {
	return billableMembers(ctx, tx.q, namespaceID, excludeGuests)
}

// LastTermOnPlan is the start and end date the subscription last had while on plan, from its
// history; ErrNotFound when it never was on it.
func (tx *SubscriptionTx) LastTermOnPlan(ctx context.Context, subscriptionID int64, plan string) (start, end *time.Time, err error) {
	term, err := tx.q.LastSubscriptionTermOnPlan(ctx, db.LastSubscriptionTermOnPlanParams{SubscriptionID: subscriptionID, HostedPlan: plan})
	if err != nil {
		return nil, nil, mapError(err)
	}
	return term.StartDate, term.EndDate, nil
}

// SubscriptionUpdate is what an update decided: the new state, and whether the previous one
// goes into the history.
type SubscriptionUpdate struct {
	Change        SubscriptionChange
	RecordHistory bool
}

// UpdateSubscription changes the namespace's subscription in one transaction: decide sees the
// locked current row and returns the new state; the previous state is recorded in the history
// first when decide asks for it. ErrNotFound when the namespace has no subscription; an error
// of decide is returned as it is and nothing is written.
func (s *Store) UpdateSubscription(ctx context.Context, namespaceID int64, decide func(tx *SubscriptionTx, current Subscription) (SubscriptionUpdate, error)) (Subscription, error) {
	var updated Subscription
	err := s.inTx(ctx, func(q *db.Queries) error {
		var err error
		updated, err = updateSubscription(ctx, q, namespaceID, decide)
		return err
	})
	return updated, err
}

// updateSubscription is UpdateSubscription within the caller's transaction.
func updateSubscription(ctx context.Context, q *db.Queries, namespaceID int64, decide func(tx *SubscriptionTx, current Subscription) (SubscriptionUpdate, error)) (Subscription, error) {
	current, err := q.LockSubscription(ctx, namespaceID)
	if err != nil {
		return Subscription{}, mapError(err)
	}
	update, err := decide(&SubscriptionTx{q: q}, current)
	if err != nil {
		return Subscription{}, err
	}
	if update.RecordHistory {
		err := q.InsertSubscriptionHistory(ctx, db.InsertSubscriptionHistoryParams{ChangeType: subscriptionUpdated, SubscriptionID: current.ID})
		if err != nil {
			return Subscription{}, mapError(err)
		}
	}
	update.Change.ID = current.ID
	updated, err := q.UpdateSubscription(ctx, update.Change)
	return updated, mapError(err)
}

// SubscriptionHistory lists a subscription's recorded previous states, oldest first.
func (s *Store) SubscriptionHistory(ctx context.Context, subscriptionID int64) ([]SubscriptionHistory, error) {
	rows, err := s.q.ListSubscriptionHistory(ctx, subscriptionID)
	return rows, mapError(err)
}

// NewAdditionalPack is a purchased compute-minute pack to record.
type NewAdditionalPack struct {
	PurchaseXID     string
	NumberOfMinutes int32
	ExpiresAt       time.Time
}

// AddAdditionalPacks records the namespace's purchased packs in one transaction and returns
// the stored pack of each purchase_xid asked for. A purchase_xid already recorded is left as it
// was. ErrConflict, with nothing recorded, when a purchase_xid belongs to another namespace.
func (s *Store) AddAdditionalPacks(ctx context.Context, namespaceID int64, packs []NewAdditionalPack) (map[string]AdditionalPack, error) {
	params := db.InsertAdditionalPacksParams{
		NamespaceID:      namespaceID,
		PurchaseXids:     make([]string, len(packs)),
		NumbersOfMinutes: make([]int32, len(packs)),
		ExpiresAts:       make([]time.Time, len(packs)),
	}
	for i, p := range packs {
		params.PurchaseXids[i], params.NumbersOfMinutes[i], params.ExpiresAts[i] = p.PurchaseXID, p.NumberOfMinutes, p.ExpiresAt
	}
	stored := make(map[string]AdditionalPack, len(packs))
	err := s.inTx(ctx, func(q *db.Queries) error {
		if err := q.InsertAdditionalPacks(ctx, params); err != nil {
			return mapError(err)
		}
		rows, err := q.GetAdditionalPacksByXID(ctx, params.PurchaseXids)
		if err != nil {
			return mapError(err)
		}
		for _, r := range rows {
			if r.NamespaceID != namespaceID {
				return ErrConflict
			}
			stored[r.PurchaseXID] = AdditionalPack(r)
		}
		return nil
	})
	return stored, err
}

// NamespaceAdditionalPacks lists the namespace's packs, soonest to expire first.
func (s *Store) NamespaceAdditionalPacks(ctx context.Context, namespaceID int64) ([]AdditionalPack, error) {
	rows, err := s.q.ListNamespaceAdditionalPacks(ctx, namespaceID)
	return rows, mapError(err)
}

// MoveAdditionalPacksToCoOwned re-points every pack of one namespace to another if the two
// share an owner, in one statement; it says whether they do.
func (s *Store) MoveAdditionalPacksToCoOwned(ctx context.Context, fromID, toID int64) (sharedOwner bool, err error) {
	shared, err := s.q.MoveAdditionalPacksToCoOwned(ctx, db.MoveAdditionalPacksToCoOwnedParams{NamespaceID: fromID, TargetID: toID})
	return shared, mapError(err)
}

// ExistingNamespaces returns which of ids name a namespace.
func (s *Store) ExistingNamespaces(ctx context.Context, ids []int64) ([]int64, error) {
	found, err := s.q.GetExistingNamespaceIDs(ctx, ids)
	return found, mapError(err)
}

// UpsertUpcomingReconciliations creates or replaces the upcoming reconciliation of each
// namespace, all in one statement. The namespaces must exist and appear once each.
func (s *Store) UpsertUpcomingReconciliations(ctx context.Context, rs []UpcomingReconciliation) error {
	params := db.UpsertUpcomingReconciliationsParams{
		NamespaceIds:            make([]int64, len(rs)),
		NextReconciliationDates: make([]time.Time, len(rs)),
		DisplayAlertsFrom:       make([]time.Time, len(rs)),
	}
	for i, r := range rs {
		params.NamespaceIds[i], params.NextReconciliationDates[i], params.DisplayAlertsFrom[i] = r.NamespaceID, r.NextReconciliationDate, r.DisplayAlertFrom
	}
	return mapError(s.q.UpsertUpcomingReconciliations(ctx, params))
}

// UpcomingReconciliation is the namespace's upcoming reconciliation; ErrNotFound without one.
func (s *Store) UpcomingReconciliation(ctx context.Context, namespaceID int64) (UpcomingReconciliation, error) {
	r, err := s.q.GetUpcomingReconciliation(ctx, namespaceID)
	return r, mapError(err)
}

// DeleteUpcomingReconciliation removes the namespace's upcoming reconciliation; ErrNotFound
// when it has none.
func (s *Store) DeleteUpcomingReconciliation(ctx context.Context, namespaceID int64) error {
	n, err := s.q.DeleteUpcomingReconciliation(ctx, namespaceID)
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
