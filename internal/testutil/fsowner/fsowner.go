// Package fsowner gives files away to another user, for tests of what glia does with files it
// does not own.
package fsowner

import (
	"os"
	"os/user"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// GiveToNobody hands path to the "nobody" user; only root can, so the test is skipped otherwise.
func GiveToNobody(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file away")
	}
	nobody, err := user.Lookup("nobody")
	require.NoError(t, err)
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	require.NoError(t, os.Lchown(path, uid, gid))
}
