package billingapi

import (
	"context"
	"errors"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	gen "github.com/glia-dev/glia/gen/billingapi"
	"github.com/glia-dev/glia/internal/plans"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/subscriptions"
)

// namespaceEntity is the namespace as GitLab's billing namespace entity presents it: the
// purchased storage and the plan are its top-level namespace's; the seat statistics, the end
// date and the trial are those of its own subscription, when it has one.
func (s *Server) namespaceEntity(ctx context.Context, namespaceID int64) (gen.BillingNamespace, error) {
	d, err := s.store.BillingNamespaceDetails(ctx, namespaceID)
	if err != nil {
		return gen.BillingNamespace{}, err
	}
	group := d.Kind == "group"
	plan := plans.Free
	if d.RootHostedPlan != nil {
		plan = *d.RootHostedPlan
	}
	e := gen.BillingNamespace{
		ID: d.ID, Name: d.Name, Path: d.Path, Kind: gen.BillingNamespaceKind(d.Kind), FullPath: d.FullPath,
		ParentID: orNull(d.ParentID), AvatarURL: nullable.NewNullNullable[string](),
		WebURL:                           s.webURL(group, d.FullPath),
		SharedRunnersMinutesLimit:        countOrNull(d.SharedRunnersMinutesLimit),
		ExtraSharedRunnersMinutesLimit:   countOrNull(d.ExtraSharedRunnersMinutesLimit),
		AdditionalPurchasedStorageSize:   d.AdditionalPurchasedStorageSize,
		AdditionalPurchasedStorageEndsOn: dateOrNull(d.AdditionalPurchasedStorageEndsOn),
		BillableMembersCount:             1, // a personal namespace bills its owner alone
		Plan:                             plan,
		TrialEndsOn:                      nullable.NewNullNullable[openapi_types.Date](),
	}
	if group {
		e.BillableMembersCount, err = s.store.BillableMembers(ctx, d.ID, plans.ExcludesGuests(plan))
		if err != nil {
			return gen.BillingNamespace{}, err
		}
		e.MembersCountWithDescendants, e.ProjectsCount = &d.MembersCountWithDescendants, &d.ProjectsCount
		e.RootRepositorySize = nullable.NewNullNullable[int64]()
	}
	sub, err := s.store.Subscription(ctx, d.ID)
	if errors.Is(err, store.ErrNotFound) {
		return e, nil
	} else if err != nil {
		return gen.BillingNamespace{}, err
	}
	view, err := subscriptions.Present(ctx, s.store, subscriptions.Namespace{ID: d.ID, Group: group}, sub, s.today())
	if err != nil {
		return gen.BillingNamespace{}, err
	}
	inUse, maxUsed := int(view.SeatsInUse), int(view.MaxSeatsUsed)
	e.SeatsInUse, e.MaxSeatsUsed = &inUse, &maxUsed
	e.MaxSeatsUsedChangedAt = orNull(sub.MaxSeatsUsedChangedAt)
	e.EndDate = dateOrNull(sub.EndDate)
	e.Trial, e.TrialEndsOn = sub.Trial, dateOrNull(sub.TrialEndsOn)
	return e, nil
}

// webURL is the namespace's page: a group's under /groups/, a user's at the top.
func (s *Server) webURL(group bool, fullPath string) string {
	if group {
		return s.externalURL + "/groups/" + fullPath
	}
	return s.externalURL + "/" + fullPath
}

func countOrNull(n *int32) nullable.Nullable[int] {
	if n == nil {
		return nullable.NewNullNullable[int]()
	}
	return count(*n)
}
