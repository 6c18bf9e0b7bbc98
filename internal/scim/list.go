package scim

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"github.com/glia-dev/glia/internal/store"
)

// Pagination defaults and cap of GitLab's SCIM API.
const (
	DefaultCount = 20
	MaxCount     = 100
)

// Page is one page of a group's SCIM identities.
type Page struct {
	Identities []store.SCIMIdentity
	// Total counts every match, not just this page's.
	Total int64
	// StartIndex and Count are the effective 1-based start and page size.
	StartIndex, Count int
}

// List answers GET /Users: the group's identities matching filter ("" for all), paginated the
// SCIM way (startIndex below 1 is 1; count absent or not positive is 20, and at most 100). A
// group whose SAML provider is switched off lists nothing, as GitLab does (before even reading
// the filter). A filter GitLab does not support is ErrUnsupportedFilter.
func List(ctx context.Context, st Store, g store.SCIMGroup, filter string, startIndex, count *int) (Page, error) {
	page := Page{StartIndex: 1, Count: DefaultCount}
	if startIndex != nil && *startIndex > 1 {
		page.StartIndex = *startIndex
	}
	if count != nil && *count > 0 {
		page.Count = min(*count, MaxCount)
	}
	if g.SAMLProviderID == nil || !g.SAMLEnabled {
		return page, nil
	}
	if strings.TrimSpace(filter) == "" {
		return listAll(ctx, st, *g.SAMLProviderID, page)
	}
	f, err := ParseFilter(filter)
	if err != nil {
		return Page{}, err
	}
	identity, err := find(ctx, st, *g.SAMLProviderID, f)
	if errors.Is(err, store.ErrNotFound) {
		return page, nil
	} else if err != nil {
		return Page{}, err
	}
	// A filter matches at most one identity, which only the first page shows.
	page.Total = 1
	if page.StartIndex == 1 {
		page.Identities = []store.SCIMIdentity{identity}
	}
	return page, nil
}

func listAll(ctx context.Context, st Store, providerID int64, page Page) (Page, error) {
	total, err := st.CountSCIMIdentities(ctx, providerID)
	if err != nil {
		return Page{}, err
	}
	page.Total = total
	if int64(page.StartIndex) > total {
		return page, nil
	}
	limit := int32(page.Count)
	page.Identities, err = st.SCIMIdentities(ctx, providerID, int32(page.StartIndex-1), &limit)
	return page, err
}

// find is GitLab's ScimFinder for one filter: id and externalId match the extern_uid; userName
// matches an extern_uid first, then the identity of the user with that username, and when the
// value is an email address, of the user with that email or whose username is its local part.
func find(ctx context.Context, st Store, providerID int64, f Filter) (store.SCIMIdentity, error) {
	identity, err := st.SCIMIdentity(ctx, providerID, f.Value)
	if f.Attribute == FilterExternUID || !errors.Is(err, store.ErrNotFound) {
		return identity, err
	}
	user, err := st.UserByUsername(ctx, f.Value)
	if errors.Is(err, store.ErrNotFound) {
		if addr, parseErr := mail.ParseAddress(f.Value); parseErr == nil && addr.Address == f.Value {
			user, err = st.UserWithEmail(ctx, f.Value)
			if errors.Is(err, store.ErrNotFound) {
				user, err = st.UserByUsername(ctx, f.Value[:strings.LastIndexByte(f.Value, '@')])
			}
		}
	}
	if err != nil {
		return store.SCIMIdentity{}, err
	}
	return st.SCIMIdentityOfUser(ctx, providerID, user.ID)
}

// Get answers GET /Users/{id}: the group's identity with that extern_uid, ignoring case.
func Get(ctx context.Context, st Store, g store.SCIMGroup, id string) (store.SCIMIdentity, error) {
	if g.SAMLProviderID == nil {
		return store.SCIMIdentity{}, ErrNotFound
	}
	identity, err := st.SCIMIdentity(ctx, *g.SAMLProviderID, id)
	if errors.Is(err, store.ErrNotFound) {
		return identity, ErrNotFound
	}
	return identity, err
}
