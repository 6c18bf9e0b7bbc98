package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// One case per row of docs/gitlab-rules.md §1.4. Each user also meets every condition further down
// the table, so a case passes only if its reason takes precedence over theirs.
func TestCheck_UserDeniedMessagesInGitLabsOrder(t *testing.T) {
	internal := func(u *User) { u.UserType = "internal" }
	pending := func(u *User) { u.State = "blocked_pending_approval" }
	terms := func(u *User) { u.TermsAccepted = false }
	deactivated := func(u *User) { u.State = "deactivated" }
	unconfirmed := func(u *User) { u.Confirmed = false }
	blocked := func(u *User) { u.State = "blocked" }
	expired := func(u *User) { u.PasswordExpired = true }

	cases := []struct {
		name string
		user []func(*User)
		want string
	}{
		{"internal users are refused first", us(internal, pending, terms, unconfirmed, expired),
			"This action cannot be performed by internal users"},
		{"the ghost user is an internal user", us(func(u *User) { u.UserType = "ghost" }),
			"This action cannot be performed by internal users"},
		{"pending approval comes before the terms", us(pending, terms, unconfirmed, expired),
			"Your account is pending approval from your administrator and hence blocked."},
		{"unaccepted terms come before deactivation", us(terms, deactivated, unconfirmed, expired),
			"You (@alice) must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser at https://gitlab.example.com."},
		{"deactivation comes before an unconfirmed email", us(deactivated, unconfirmed, expired),
			"Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at https://gitlab.example.com"},
		{"an unconfirmed email comes before a block", us(unconfirmed, blocked, expired),
			"Your primary email address is not confirmed. Please check your inbox for the confirmation instructions. In case the link is expired, you can request a new confirmation email at https://gitlab.example.com/users/confirmation/new"},
		{"a block comes before an expired password", us(blocked, expired), "Your account has been blocked."},
		{"a ban reads as a block", us(func(u *User) { u.State = "banned" }), "Your account has been blocked."},
		{"an expired password is refused", us(expired),
			"Your password expired. Please access GitLab from a web browser to update your password."},
		{"a state GitLab does not know is refused without a reason", us(func(u *User) { u.State = "ldap_blocked" }),
			"Your request has been rejected for an unknown reason.Please contact your GitLab administrator and/or GitLab Support."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decide(t, nil, func(f *Facts) {
				for _, change := range tc.user {
					change(f.Actor.User)
				}
			})
			assert.Equal(t, refused(401, tc.want), d)
		})
	}
}

func TestCheck_UsersWhoMayUseGit(t *testing.T) {
	for _, userType := range []string{"human", "bot"} {
		t.Run(userType+" users in good standing pass", func(t *testing.T) {
			assert.Equal(t, allowed(), decide(t, nil, func(f *Facts) { f.Actor.User.UserType = userType }))
		})
	}
	t.Run("the user check comes after the key check", func(t *testing.T) {
		d := decide(t, nil, func(f *Facts) { f.Actor.User.State = "blocked"; f.Actor.Key.Expired = true })
		assert.Equal(t, refused(401, "Your SSH key has expired."), d)
	})
}

func us(changes ...func(*User)) []func(*User) { return changes }
