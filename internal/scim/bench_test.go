package scim_test

import (
	"testing"

	"github.com/glia-dev/glia/internal/scim"
)

// What an identity provider's every lookup costs before the database: reading its filter.
func BenchmarkParseFilter_UserNameEq(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scim.ParseFilter(`userName eq "ada.lovelace@example.com"`); err != nil {
			b.Fatal(err)
		}
	}
}
