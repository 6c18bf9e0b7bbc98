package accesstoken

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/glia-dev/glia/internal/store"
)

// MaxLifetimeDays is how long a token may live: GitLab's MAX_PERSONAL_ACCESS_TOKEN_LIFETIME_IN_DAYS.
const MaxLifetimeDays = 365

// maxNameLength is the longest token name, in characters.
const maxNameLength = 255

// creationProblem applies the rules of GitLab's PersonalAccessTokens::CreateService and of the
// token's validations, and returns GitLab's reason for refusing ("" when there is none).
//
// The latest expiry allowed is today + MaxLifetimeDays, and that date itself is what GitLab
// prints: "must be before <max>" although <max> is allowed (PersonalAccessToken#
// expires_at_before_instance_max_expiry_date compares expires_at > max and formats max). A date
// in the past is accepted, as GitLab's model has no lower bound: the token is born expired.
func creationProblem(user store.User, name string, expiresAt, today time.Time) string {
	if !mayCreateTokens(user) {
		return "Not permitted to create"
	}
	var problems []string
	if utf8.RuneCountInString(name) > maxNameLength {
		problems = append(problems, "Name is too long (maximum is 255 characters)")
	}
	if latest := today.AddDate(0, 0, MaxLifetimeDays); expiresAt.After(latest) {
		problems = append(problems, "Expires at must be before "+latest.Format(time.DateOnly))
	}
	// Rails joins full messages with to_sentence, which for two is "a and b".
	return strings.Join(problems, " and ")
}

// mayCreateTokens is GitLab's create_user_personal_access_token ability for a user acting for
// themself: only an active human may. Blocked, deactivated, banned and pending users, bots and
// internal users may not.
func mayCreateTokens(u store.User) bool {
	return u.State == "active" && u.UserType == "human"
}
