package scim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/scim"
)

func TestUserRequestParse_AppliesGitLabsRules(t *testing.T) {
	work, home := strPtr("work"), strPtr("home")
	cases := []struct {
		name string
		req  scim.UserRequest
		want scim.NewUser
	}{
		{"seed request", scim.UserRequest{ExternalID: strPtr("test_uid"), UserName: strPtr("username"),
			Emails: []scim.EmailRequest{{Type: work, Value: strPtr("name@example.com"), Primary: true}},
			Name:   &scim.NameRequest{Formatted: strPtr("Test User"), GivenName: strPtr("Test"), FamilyName: strPtr("User")}},
			scim.NewUser{ExternUID: "test_uid", Email: "name@example.com", Username: "username", Name: "Test User"}},
		{"first work or primary email", scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr("u"),
			Emails: []scim.EmailRequest{{Type: home, Value: strPtr("home@example.com")}, {Type: home, Value: strPtr("primary@example.com"), Primary: true}, {Type: work, Value: strPtr("work@example.com")}}},
			scim.NewUser{ExternUID: "u", Email: "primary@example.com", Username: "u"}},
		{"type Work in any case", scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr("u"),
			Emails: []scim.EmailRequest{{Type: strPtr("Work"), Value: strPtr("w@example.com")}}},
			scim.NewUser{ExternUID: "u", Email: "w@example.com", Username: "u"}},
		{"given and family name", scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr("u"), Emails: []scim.EmailRequest{{Type: work, Value: strPtr("e@example.com")}},
			Name: &scim.NameRequest{GivenName: strPtr("Grace"), FamilyName: strPtr("Hopper")}, DisplayName: strPtr("Amazing Grace")},
			scim.NewUser{ExternUID: "u", Email: "e@example.com", Username: "u", Name: "Grace Hopper"}},
		{"given name alone", scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr("u"), Emails: []scim.EmailRequest{{Type: work, Value: strPtr("e@example.com")}},
			Name: &scim.NameRequest{GivenName: strPtr("Cher")}},
			scim.NewUser{ExternUID: "u", Email: "e@example.com", Username: "u", Name: "Cher"}},
		{"display name last", scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr("u"), Emails: []scim.EmailRequest{{Type: work, Value: strPtr("e@example.com")}},
			Name: &scim.NameRequest{Formatted: strPtr(" ")}, DisplayName: strPtr("Amazing Grace")},
			scim.NewUser{ExternUID: "u", Email: "e@example.com", Username: "u", Name: "Amazing Grace"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.req.Parse()
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestUserRequestParse_ListsMissingParamsInGitLabsOrder(t *testing.T) {
	_, err := scim.UserRequest{}.Parse()
	assert.EqualError(t, err, "Missing params: [:extern_uid, :email, :username]")
	_, err = scim.UserRequest{ExternalID: strPtr("u"), UserName: strPtr(""), Emails: []scim.EmailRequest{{Type: strPtr("home"), Value: strPtr("h@example.com")}}}.Parse()
	assert.EqualError(t, err, "Missing params: [:email, :username]")
	var missing *scim.MissingParamsError
	require.ErrorAs(t, err, &missing)
	assert.Equal(t, []string{"email", "username"}, missing.Params)
}

func TestCleanUsername_CleansAsGitLabCleansPaths(t *testing.T) {
	for requested, want := range map[string]string{
		"username":             "username",
		"Jane.Doe@example.com": "Jane.Doe",
		"a@b@c":                "a",
		"jöhn dœ":              "jhnd",
		"--.lead":              "lead",
		"trail.":               "trail",
		"repo.git":             "repo",
		"feed.atom.git.":       "feed",
		"under_score-dash.dot": "under_score-dash.dot",
		"":                     "blank",
		"@example.com":         "blank",
		"...":                  "blank",
		"日本語":                  "blank",
	} {
		assert.Equal(t, want, scim.CleanUsername(requested), requested)
	}
}
