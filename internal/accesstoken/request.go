package accesstoken

import (
	"strings"
	"time"
)

// checkRequest applies the endpoint's own checks, in GitLab's order, and returns the expiry
// date: the one asked for, or today + MaxLifetimeDays when none is, as GitLab's creation
// service does while token expiry is required (its default since 16.0).
func checkRequest(req Request, allowed []string, today time.Time) (time.Time, error) {
	if strings.TrimSpace(req.Name) == "" {
		return time.Time{}, refusedNoName
	}
	if len(req.Scopes) == 0 {
		return time.Time{}, refusedNoScopes
	}
	if scope, ok := firstInvalidScope(req.Scopes, allowed); ok {
		return time.Time{}, Refusal(invalidScopeMessage(scope, allowed))
	}
	if strings.TrimSpace(req.ExpiresAt) == "" {
		return today.AddDate(0, 0, MaxLifetimeDays), nil
	}
	date, ok := parseDate(req.ExpiresAt)
	if !ok {
		return time.Time{}, Refusal("Invalid token expiry date: '" + req.ExpiresAt + "'")
	}
	return date, nil
}
