package billingapi

import (
	"time"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// subscriptionEntity is GitLab's GitlabSubscription entity; a nil view (no subscription) has
// every leaf null, as GitLab presents an empty hash.
func subscriptionEntity(v *subscriptions.View) gen.GitlabSubscription {
	if v == nil {
		return gen.GitlabSubscription{
			Plan: gen.SubscriptionPlan{
				Code: nullable.NewNullNullable[string](), Name: nullable.NewNullNullable[string](),
				Trial: nullable.NewNullNullable[bool](), AutoRenew: nullable.NewNullNullable[bool](),
				Upgradable: nullable.NewNullNullable[bool](), ExcludeGuests: nullable.NewNullNullable[bool](),
			},
			Usage: gen.SubscriptionUsage{
				SeatsInSubscription: nullable.NewNullNullable[int](), SeatsInUse: nullable.NewNullNullable[int](),
				MaxSeatsUsed: nullable.NewNullNullable[int](), SeatsOwed: nullable.NewNullNullable[int](),
			},
			Billing: gen.SubscriptionBilling{
				SubscriptionStartDate: nullable.NewNullNullable[openapi_types.Date](),
				SubscriptionEndDate:   nullable.NewNullNullable[openapi_types.Date](),
				TrialEndsOn:           nullable.NewNullNullable[openapi_types.Date](),
			},
		}
	}
	return gen.GitlabSubscription{
		Plan: gen.SubscriptionPlan{
			Code: orNull(v.PlanCode), Name: orNull(v.PlanTitle),
			Trial: nullable.NewNullableWithValue(v.Trial), AutoRenew: orNull(v.AutoRenew),
			Upgradable: nullable.NewNullableWithValue(v.Upgradable), ExcludeGuests: nullable.NewNullableWithValue(v.ExcludeGuests),
		},
		Usage: gen.SubscriptionUsage{
			SeatsInSubscription: count(v.Seats), SeatsInUse: count(v.SeatsInUse),
			MaxSeatsUsed: count(v.MaxSeatsUsed), SeatsOwed: count(v.SeatsOwed),
		},
		Billing: gen.SubscriptionBilling{
			SubscriptionStartDate: nullable.NewNullableWithValue(openapi_types.Date{Time: v.StartDate}),
			SubscriptionEndDate:   dateOrNull(v.EndDate),
			TrialEndsOn:           dateOrNull(v.TrialEndsOn),
		},
	}
}

// subscriptionAttributes reads a request's parameters; plan is glia's alias of plan_code (the
// seed's POST sends it), used only when plan_code is not sent.
func subscriptionAttributes(body *gen.SubscriptionAttributes) subscriptions.Attributes {
	if body == nil {
		return subscriptions.Attributes{}
	}
	planCode := body.PlanCode
	if !planCode.IsSpecified() {
		planCode = body.Plan
	}
	return subscriptions.Attributes{
		StartDate: date(body.StartDate), EndDate: date(body.EndDate),
		TrialStartsOn: date(body.TrialStartsOn), TrialEndsOn: date(body.TrialEndsOn),
		PlanCode: planCode, Seats: body.Seats, MaxSeatsUsed: body.MaxSeatsUsed,
		AutoRenew: body.AutoRenew, Trial: body.Trial,
		TrialExtensionType: convert(body.TrialExtensionType, func(t gen.TrialExtensionType) int16 { return int16(t) }),
	}
}

// validationError is render_validation_error!'s body.
func validationError(err *subscriptions.ValidationError) answer {
	return answer{400, gen.ValidationError{Message: err.Messages}}
}

func subscriptionNamespace(ns store.BillingNamespace) subscriptions.Namespace {
	return subscriptions.Namespace{ID: ns.ID, Group: ns.Kind == "group"}
}

func date(v nullable.Nullable[openapi_types.Date]) nullable.Nullable[time.Time] {
	return convert(v, func(d openapi_types.Date) time.Time { return d.Time })
}

// convert maps a value that may be absent or null, keeping which of the three it is.
func convert[T, U any](v nullable.Nullable[T], f func(T) U) nullable.Nullable[U] {
	switch {
	case !v.IsSpecified():
		return nullable.Nullable[U]{}
	case v.IsNull():
		return nullable.NewNullNullable[U]()
	}
	return nullable.NewNullableWithValue(f(v.MustGet()))
}

func orNull[T any](v *T) nullable.Nullable[T] {
	if v == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*v)
}

func dateOrNull(t *time.Time) nullable.Nullable[openapi_types.Date] {
	if t == nil {
		return nullable.NewNullNullable[openapi_types.Date]()
	}
	return nullable.NewNullableWithValue(openapi_types.Date{Time: *t})
}

func count(n int32) nullable.Nullable[int] { return nullable.NewNullableWithValue(int(n)) }
