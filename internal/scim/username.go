package scim

import (
	"context"
	"strconv"
	"strings"

	"github.com/glia-dev/glia/internal/store"
)

// CleanUsername turns a requested userName into a valid GitLab username the way GitLab cleans a
// namespace path: an email's local part, only letters, digits, "_", "-" and ".", no leading "-"
// or ".", no trailing ".", ".git" or ".atom", and "blank" when nothing is left.
func CleanUsername(requested string) string {
	if at := strings.IndexByte(requested, '@'); at >= 0 {
		requested = requested[:at]
	}
	name := strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.", r)) {
			return r
		}
		return -1
	}, requested)
	name = strings.TrimLeft(name, "-.")
	for trimmed := ""; trimmed != name; {
		trimmed = name
		for _, suffix := range []string{".git", ".atom", "."} {
			name = strings.TrimSuffix(name, suffix)
		}
	}
	if name == "" {
		return "blank"
	}
	return name
}

// freeUsername is the cleaned username, or the first of name1, name2, … nobody has (GitLab's
// Uniquify), checked inside the provisioning transaction.
func freeUsername(ctx context.Context, tx *store.SCIMTx, requested string) (string, error) {
	base := CleanUsername(requested)
	name := base
	for n := 1; ; n++ {
		taken, err := tx.UsernameTaken(ctx, name)
		if err != nil || !taken {
			return name, err
		}
		name = base + strconv.Itoa(n)
	}
}
