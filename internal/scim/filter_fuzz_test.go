package scim_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/glia-dev/glia/internal/scim"
)

// FuzzParseFilter feeds the filter parser what identity providers send in ?filter=. Properties:
// it never panics; a refusal is ErrUnsupportedFilter; an accepted filter has a value, and written
// out again (`<attribute> eq <value>`, the value as a JSON string, and as a bare word where it is
// one) reads back as the same filter.
func FuzzParseFilter(f *testing.F) {
	for _, seed := range []string{
		`id eq "0b1d561c-21ff-4092-beab-8154b17f82f2"`,
		`externalId eq "abc"`,
		`userName eq "name@example.com"`,
		`USERNAME EQ "x"`,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"`,
		`id eq a-b-c-d`,
		`id eq "CN=Jane Doe, OU=People"`,
		`id eq "say \"hi\" \\ \u00e9"`,
		"\tid\t eq  \"x\"  ",
		`emails[type eq "work"].value eq "x"`,
		`userName eq "a" and id eq "b"`,
		`id co "x"`,
		`id eq "unterminated`,
		`id eq ""`,
		`id eq "\u0000"`,
		"id eq \"\xff\"",
		"id eq \xff",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		filter, err := scim.ParseFilter(expr)
		if err != nil {
			if !errors.Is(err, scim.ErrUnsupportedFilter) {
				t.Fatalf("ParseFilter(%q) failed with %v, not ErrUnsupportedFilter", expr, err)
			}
			return
		}
		if filter.Value == "" {
			t.Fatalf("ParseFilter(%q) accepted an empty value", expr)
		}
		attribute := map[scim.FilterAttribute]string{scim.FilterExternUID: "externalId", scim.FilterUserName: "userName"}[filter.Attribute]
		if attribute == "" {
			t.Fatalf("ParseFilter(%q) = %+v: no attribute", expr, filter)
		}
		var written []string
		if utf8.ValidString(filter.Value) {
			quoted, _ := json.Marshal(filter.Value)
			written = append(written, attribute+" eq "+string(quoted))
		}
		if !strings.ContainsAny(filter.Value, " \t\"") {
			written = append(written, attribute+" eq "+filter.Value)
		}
		for _, w := range written {
			if again, err := scim.ParseFilter(w); err != nil || again != filter {
				t.Fatalf("ParseFilter(%q) = %+v, but %q reads back as %+v, %v", expr, filter, w, again, err)
			}
		}
	})
}
