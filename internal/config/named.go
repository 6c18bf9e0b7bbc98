package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// NamedValues is a repeatable NAME=VALUE flag (--gitaly default=unix:/…); the environment form
// separates pairs with commas (GLIA_GITALY="default=unix:/a,other=tcp://b:8075").
type NamedValues map[string]string

func (n NamedValues) String() string {
	parts := make([]string, 0, len(n))
	for _, name := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, name+"="+n[name])
	}
	return strings.Join(parts, ",")
}

// Set adds one or more comma-separated NAME=VALUE pairs.
func (n NamedValues) Set(text string) error {
	for pair := range strings.SplitSeq(text, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || name == "" || value == "" {
			return fmt.Errorf("%q is not NAME=VALUE", pair)
		}
		n[name] = value
	}
	return nil
}
