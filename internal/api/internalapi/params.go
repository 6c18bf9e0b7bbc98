package internalapi

import (
	"context"
	"strconv"

	gen "github.com/glia-dev/glia/gen/internalapi"
)

// Readers of request parameters shared by the operations whose bodies carry them.

// integerOrDigits reads an IntegerOrDigits parameter (GitLab Shell sends key_id as "11", other
// callers send numbers); nil means not sent. The validator has already checked the shape, so
// digits too many for an int64 are the only failure left: they name no row, and neither does
// id 0, which is what they become.
func integerOrDigits(v *gen.IntegerOrDigits) *int64 {
	if v == nil {
		return nil
	}
	var id int64
	if n, err := v.AsIntegerOrDigits0(); err == nil {
		id = n
	} else if digits, err := v.AsIntegerOrDigits1(); err == nil {
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil {
			id = n
		}
	}
	return &id
}

// touchKey records that the key GitLab Shell named was used, as GitLab does first thing in the
// endpoints that take a key_id (lfs_authenticate, personal_access_token, the two-factor ones).
func (s *Server) touchKey(ctx context.Context, keyID *int64) error {
	if keyID == nil {
		return nil
	}
	return s.store.TouchKey(ctx, *keyID)
}

// stringOrEmpty reads an optional string parameter where absent and empty mean the same.
func stringOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
