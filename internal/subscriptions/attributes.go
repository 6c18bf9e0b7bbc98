package subscriptions

import (
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/glia-dev/glia/internal/optional"
	"github.com/glia-dev/glia/internal/plans"
	"github.com/glia-dev/glia/internal/store"
)

// Attributes are the subscription parameters of a create or update. Each is absent (left as
// it is), null, or a value, because GitLab treats those three differently: a null plan_code
// selects the free plan, a null seats fails validation, an absent one changes nothing.
type Attributes struct {
	StartDate, EndDate         nullable.Nullable[time.Time]
	TrialStartsOn, TrialEndsOn nullable.Nullable[time.Time]
	PlanCode                   nullable.Nullable[string]
	Seats, MaxSeatsUsed        nullable.Nullable[int32]
	AutoRenew, Trial           nullable.Nullable[bool]
	TrialExtensionType         nullable.Nullable[int16]
}

// state is a subscription's attributes as the model sees them while validating: seats and
// start_date may be missing (nil) until validation says they must not be.
type state struct {
	plan                       *string
	seats, maxSeatsUsed        *int32
	startDate, endDate         *time.Time
	trial                      bool
	trialStartsOn, trialEndsOn *time.Time
	trialExtensionType         *int16
	autoRenew                  *bool
}

func stateOf(s store.Subscription) state {
	return state{
		plan: s.HostedPlan, seats: &s.Seats, maxSeatsUsed: &s.MaxSeatsUsed,
		startDate: &s.StartDate, endDate: s.EndDate, trial: s.Trial,
		trialStartsOn: s.TrialStartsOn, trialEndsOn: s.TrialEndsOn,
		trialExtensionType: s.TrialExtensionType, autoRenew: s.AutoRenew,
	}
}

// WithTrialStartDefaulted is what the subscription endpoints do before the model sees the
// attributes (`trial_starts_on ||= start_date if trial`): a trial without trial_starts_on gets
// the request's start_date, null when the request has none. Nested subscription attributes of a
// namespace update are not defaulted.
func (a Attributes) WithTrialStartDefaulted() Attributes {
	trial := a.Trial.IsSpecified() && !a.Trial.IsNull() && a.Trial.MustGet()
	if trial && optional.Pointer(a.TrialStartsOn) == nil {
		a.TrialStartsOn = a.StartDate
		if !a.StartDate.IsSpecified() {
			a.TrialStartsOn = nullable.NewNullNullable[time.Time]()
		}
	}
	return a
}

// apply assigns the supplied attributes as GitLab's setters do.
func (st *state) apply(a Attributes) {
	assign(&st.startDate, a.StartDate)
	assign(&st.endDate, a.EndDate)
	assign(&st.trialStartsOn, a.TrialStartsOn)
	assign(&st.trialEndsOn, a.TrialEndsOn)
	assign(&st.seats, a.Seats)
	assign(&st.maxSeatsUsed, a.MaxSeatsUsed)
	assign(&st.autoRenew, a.AutoRenew)
	assign(&st.trialExtensionType, a.TrialExtensionType)
	if a.Trial.IsSpecified() {
		st.trial = !a.Trial.IsNull() && a.Trial.MustGet()
	}
	if a.PlanCode.IsSpecified() {
		st.plan = planFor(a.PlanCode)
	}
}

// planFor is GitLab's plan_code setter: null is the free plan, an unknown code no plan at all.
func planFor(code nullable.Nullable[string]) *string {
	name := plans.Free
	if !code.IsNull() {
		name = code.MustGet()
	}
	if !plans.Known(name) {
		return nil
	}
	return &name
}

func assign[T any](field **T, v nullable.Nullable[T]) {
	if v.IsSpecified() {
		*field = optional.Pointer(v)
	}
}

func planName(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// paid is GitLab's has_a_paid_hosted_plan?: not a trial, some seats, a plan CustomersDot sells.
func (st state) paid() bool {
	return !st.trial && st.seats != nil && *st.seats > 0 && plans.PaidHosted(planName(st.plan))
}

// seatsOwed is calculate_seats_owed: what a paid subscription used beyond its seats.
func (st state) seatsOwed(maxSeatsUsed int32) int32 {
	if !st.paid() {
		return 0
	}
	return max(0, maxSeatsUsed-*st.seats)
}
