package access

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The pure cost of the decision /internal/allowed makes, with the facts already loaded.
// Compare runs with benchstat: go test -run '^$' -bench . -count 10 ./internal/access

func BenchmarkCheck_DeveloperPullsOverSSH(b *testing.B) {
	f := baseFacts()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(context.Background(), f, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck_PushOfTenBranchesBesideAProtectedMain(b *testing.B) {
	f := baseFacts()
	var lines []string
	for i := range 10 {
		lines = append(lines, line(zero, newRev, fmt.Sprintf("refs/heads/feature-%d", i)))
	}
	pushing(lines...)(&f)
	protectMain(roleMaintainer)(&f)
	b.ReportAllocs()
	for b.Loop() {
		d, err := Check(context.Background(), f, nil)
		if err != nil || !d.Allowed() {
			b.Fatalf("%+v %v", d, err)
		}
	}
}

func BenchmarkParseChanges_TenLines(b *testing.B) {
	var raw strings.Builder
	for i := range 10 {
		fmt.Fprintf(&raw, "%s %s refs/heads/feature-%d\n", oldRev, newRev, i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseChanges(raw.String()); err != nil {
			b.Fatal(err)
		}
	}
}
