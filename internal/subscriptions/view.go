package subscriptions

import (
	"context"
	"errors"
	"time"

	"github.com/glia-dev/glia/internal/plans"
	"github.com/glia-dev/glia/internal/store"
)

// View is a subscription as GitLab's GitlabSubscription entity presents it.
type View struct {
	PlanCode, PlanTitle *string // nil without a (known) plan
	Trial               bool
	AutoRenew           *bool
	Upgradable          bool
	ExcludeGuests       bool
	Seats, SeatsInUse   int32
	MaxSeatsUsed        int32
	SeatsOwed           int32
	StartDate           time.Time
	EndDate             *time.Time
	TrialEndsOn         *time.Time
}

// Get presents the namespace's subscription; nil (and no error) when it has none, which GitLab
// answers with an entity of nulls.
func Get(ctx context.Context, st Store, ns Namespace, today time.Time) (*View, error) {
	sub, err := st.Subscription(ctx, ns.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	v, err := Present(ctx, st, ns, sub, today)
	return &v, err
}

// Present builds the entity of a stored subscription: seats_in_use is the stored count for a
// paid plan and the live billable count otherwise; upgradable means a paid plan, not expired
// (an end date before today), below the top plans.
func Present(ctx context.Context, st Store, ns Namespace, sub store.Subscription, today time.Time) (View, error) {
	v := present(ns, sub, today)
	if !stateOf(sub).paid() {
		inUse, err := st.BillableMembers(ctx, ns.ID, v.ExcludeGuests)
		if err != nil {
			return View{}, err
		}
		v.SeatsInUse = clampInt32(inUse)
	}
	return v, nil
}

// present is Present with the stored seats_in_use, for a subscription whose stored count is
// the live one already.
func present(ns Namespace, sub store.Subscription, today time.Time) View {
	v := View{
		Trial: sub.Trial, AutoRenew: sub.AutoRenew, ExcludeGuests: excludesGuests(ns, sub.HostedPlan),
		Seats: sub.Seats, SeatsInUse: sub.SeatsInUse, MaxSeatsUsed: sub.MaxSeatsUsed, SeatsOwed: sub.SeatsOwed,
		StartDate: sub.StartDate, EndDate: sub.EndDate, TrialEndsOn: sub.TrialEndsOn,
	}
	if sub.HostedPlan != nil {
		title := plans.Title(*sub.HostedPlan)
		v.PlanCode, v.PlanTitle = sub.HostedPlan, &title
	}
	expired := sub.EndDate != nil && sub.EndDate.Before(DateOf(today))
	v.Upgradable = stateOf(sub).paid() && !expired && !plans.Top(planName(sub.HostedPlan))
	return v
}
