package gitrepo_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/gitrepo"
)

// hashedPath is a repository path as GitLab's hashed storage names it.
const hashedPath = "@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce.git"

func TestParseEnv_ReadsTheQuarantineGitalySends(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		env  string
		want gitrepo.Quarantine
	}{
		"receive-pack quarantine": {
			env:  `{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/tmp_objdir-incoming-a1B2c3","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":["objects"]}`,
			want: gitrepo.Quarantine{ObjectDirectory: "objects/tmp_objdir-incoming-a1B2c3", AlternateObjectDirectories: []string{"objects"}},
		},
		"null alternates": {
			env:  `{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/incoming-x","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":null}`,
			want: gitrepo.Quarantine{ObjectDirectory: "objects/incoming-x"},
		},
		"other keys ignored": {
			env:  `{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/incoming-x","GIT_DIR":"/etc"}`,
			want: gitrepo.Quarantine{ObjectDirectory: "objects/incoming-x"},
		},
		"empty object": {env: `{}`},
	} {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, tc.want, gitrepo.ParseEnv(tc.env))
		})
	}
}

func TestParseEnv_WhatDoesNotDecodeIsNoQuarantine(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]string{
		"empty":              ``,
		"not JSON":           `GIT_OBJECT_DIRECTORY_RELATIVE=objects/incoming-x`,
		"truncated":          `{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/incoming-x"`,
		"encoded twice":      `"{\"GIT_OBJECT_DIRECTORY_RELATIVE\":\"objects/incoming-x\"}"`,
		"array":              `[]`,
		"wrong type":         `{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/incoming-x","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":"objects"}`,
		"null":               `null`,
		"trailing garbage":   `{} {}`,
		"number as the path": `{"GIT_OBJECT_DIRECTORY_RELATIVE":7}`,
	} {
		t.Run(name, func(t *testing.T) {
			require.Zero(t, gitrepo.ParseEnv(env))
		})
	}
}

func TestValidate_AcceptsRelativeDirectories(t *testing.T) {
	t.Parallel()
	for name, q := range map[string]gitrepo.Quarantine{
		"no quarantine":              {},
		"receive-pack quarantine":    {ObjectDirectory: "objects/tmp_objdir-incoming-a1B2c3", AlternateObjectDirectories: []string{"objects"}},
		"Gitaly's RPC quarantine":    {ObjectDirectory: "../../../+gitaly/tmp/quarantine-0123456789abcdef-42", AlternateObjectDirectories: []string{"objects"}},
		"object pool as alternate":   {AlternateObjectDirectories: []string{"../../../@pools/ab/cd/abcd.git/objects"}},
		"colon (git gets it quoted)": {AlternateObjectDirectories: []string{"objects:/etc"}},
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, q.Validate())
		})
	}
}

func TestValidate_RefusesAbsoluteDirectoriesAndNULBytes(t *testing.T) {
	t.Parallel()
	for name, q := range map[string]gitrepo.Quarantine{
		"absolute object directory":   {ObjectDirectory: "/tmp/objects"},
		"absolute alternate":          {ObjectDirectory: "objects/incoming-x", AlternateObjectDirectories: []string{"objects", "/srv/other.git/objects"}},
		"NUL in the object directory": {ObjectDirectory: "objects/incoming-x\x00"},
		"NUL in an alternate":         {AlternateObjectDirectories: []string{"objects\x00"}},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, q.Validate(), gitrepo.ErrInvalidPath)
		})
	}
}
