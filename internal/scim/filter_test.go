package scim_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/scim"
)

func TestParseFilter_ReadsEqOnIDExternalIDAndUserName(t *testing.T) {
	cases := []struct {
		expr string
		want scim.Filter
	}{
		{`id eq "0b1d561c-21ff-4092-beab-8154b17f82f2"`, scim.Filter{Attribute: scim.FilterExternUID, Value: "0b1d561c-21ff-4092-beab-8154b17f82f2"}},
		{`externalId eq "abc"`, scim.Filter{Attribute: scim.FilterExternUID, Value: "abc"}},
		{`userName eq "name@example.com"`, scim.Filter{Attribute: scim.FilterUserName, Value: "name@example.com"}},
		{`USERNAME EQ "x"`, scim.Filter{Attribute: scim.FilterUserName, Value: "x"}},
		{`ExternalID eQ "x"`, scim.Filter{Attribute: scim.FilterExternUID, Value: "x"}},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"`, scim.Filter{Attribute: scim.FilterUserName, Value: "x"}},
		{`id eq a-b-c-d`, scim.Filter{Attribute: scim.FilterExternUID, Value: "a-b-c-d"}},
		{`id eq 42`, scim.Filter{Attribute: scim.FilterExternUID, Value: "42"}},
		{`id eq "CN=Jane Doe, OU=People"`, scim.Filter{Attribute: scim.FilterExternUID, Value: "CN=Jane Doe, OU=People"}},
		{`id eq "say \"hi\" \\ \u00e9"`, scim.Filter{Attribute: scim.FilterExternUID, Value: `say "hi" \ é`}},
		{"\tid\t eq  \"x\"  ", scim.Filter{Attribute: scim.FilterExternUID, Value: "x"}},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			got, err := scim.ParseFilter(tc.expr)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseFilter_RefusesEverythingElse(t *testing.T) {
	for _, expr := range []string{
		``, `id`, `id eq`, `eq "x"`, `id eq ""`,
		`id ne "x"`, `id co "x"`, `id sw "x"`, `id ew "x"`, `id gt "x"`, `id pr`,
		`id eq "x" and userName eq "y"`, `id eq "x" or id eq "y"`, `not (id eq "x")`, `(id eq "x")`,
		`emails[type eq "work"].value eq "a@example.com"`, `emails.value eq "a@example.com"`,
		`displayName eq "x"`, `name.formatted eq "x"`, `active eq true`, `meta.lastModified gt "2020"`,
		`id eq "unterminated`, `id eq "bad escape \q"`, `id eq x"y`, `id eq "x"y`, `id eq "x" "y"`,
		`id eq "\"`, `id eq "` + strings.Repeat(`\`, 3) + `"`,
	} {
		t.Run(expr, func(t *testing.T) {
			_, err := scim.ParseFilter(expr)
			assert.ErrorIs(t, err, scim.ErrUnsupportedFilter)
		})
	}
}
