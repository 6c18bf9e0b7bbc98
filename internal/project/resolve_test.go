package project_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

const resolveWorld = `
users:
  - id: 1
    username: root
    email: root@example.com
groups:
  - id: 22
    full_path: gnuwget
    visibility: public
    redirect_routes: [old-wget]
  - full_path: gnuwget/infra
    redirect_routes: [gnuwget/legacy-infra]
projects:
  - id: 3
    full_path: gnuwget/wget2
    visibility: public
    default_branch: main
    redirect_routes: [gnuwget/wget-2]
  - id: 4
    full_path: gnuwget/infra/tools
    lfs_enabled: false
    archived: true
    repository_storage: second
    error_tracking:
      enabled: true
`

func TestResolve_FindsProjectsByGLRepositoryPathOrOldPath(t *testing.T) {
	st := pgtest.Store(t)
	w, err := world.Parse([]byte(resolveWorld), t.Name())
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))

	cases := []struct {
		name           string
		ref            project.Ref
		wantID         int64
		redirectedFrom string
	}{
		{"gl_repository project-<id>", project.Ref{GLRepository: "project-3"}, 3, ""},
		{"gl_repository wins over the path", project.Ref{GLRepository: "project-4", Path: "gnuwget/wget2"}, 4, ""},
		{"full path", project.Ref{Path: "gnuwget/wget2"}, 3, ""},
		{"full path in another case", project.Ref{Path: "GNUwget/Wget2"}, 3, ""},
		{"leading slash and .git suffix", project.Ref{Path: "/gnuwget/wget2.git"}, 3, ""},
		{"old path of the project", project.Ref{Path: "gnuwget/wget-2.git"}, 3, "gnuwget/wget-2"},
		{"old path in another case", project.Ref{Path: "GNUWGET/WGET-2"}, 3, "GNUWGET/WGET-2"},
		{"old path of its group", project.Ref{Path: "old-wget/wget2"}, 3, "old-wget/wget2"},
		{"old path of a group two levels up", project.Ref{Path: "old-wget/infra/tools"}, 4, "old-wget/infra/tools"},
		{"old path of its subgroup", project.Ref{Path: "gnuwget/legacy-infra/tools"}, 4, "gnuwget/legacy-infra/tools"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := project.Resolve(t.Context(), st, tc.ref)
			require.NoError(t, err)
			assert.Equal(t, tc.wantID, p.ID)
			assert.Equal(t, tc.redirectedFrom, p.RedirectedFrom)
		})
	}

	notFound := []struct {
		name string
		ref  project.Ref
	}{
		{"nothing given", project.Ref{}},
		{"only a slash", project.Ref{Path: "/"}},
		{"unknown path", project.Ref{Path: "gnuwget/nothing"}},
		{"a group is not a project", project.Ref{Path: "gnuwget"}},
		{"old group path with an unknown project", project.Ref{Path: "old-wget/nothing"}},
		{"old group path alone", project.Ref{Path: "old-wget"}},
		{"unknown project id", project.Ref{GLRepository: "project-999"}},
		{"project id beyond int64", project.Ref{GLRepository: "project-99999999999999999999"}},
		{"group wikis have no repositories in glia", project.Ref{GLRepository: "group-22-wiki"}},
		{"snippets have no repositories in glia", project.Ref{GLRepository: "snippet-3"}},
		{"snippet paths neither", project.Ref{Path: "snippets/3"}},
	}
	for _, tc := range notFound {
		t.Run(tc.name, func(t *testing.T) {
			_, err := project.Resolve(t.Context(), st, tc.ref)
			assert.ErrorIs(t, err, project.ErrNotFound)
		})
	}

	kinds := []struct {
		ref                                    project.Ref
		kind, glRepository, relative, fullPath string
	}{
		{project.Ref{GLRepository: "project-3"}, project.KindProject, "project-3", ".git", "gnuwget/wget2"},
		{project.Ref{GLRepository: "wiki-3"}, project.KindWiki, "wiki-3", ".wiki.git", "gnuwget/wget2.wiki"},
		{project.Ref{GLRepository: "project-3-wiki"}, project.KindWiki, "wiki-3", ".wiki.git", "gnuwget/wget2.wiki"},
		{project.Ref{GLRepository: "design-3"}, project.KindDesign, "design-3", ".design.git", "gnuwget/wget2.design"},
		{project.Ref{Path: "gnuwget/wget2.wiki.git"}, project.KindWiki, "wiki-3", ".wiki.git", "gnuwget/wget2.wiki"},
		{project.Ref{Path: "/gnuwget/wget2.design"}, project.KindDesign, "design-3", ".design.git", "gnuwget/wget2.design"},
	}
	for _, tc := range kinds {
		t.Run("repository kind of "+tc.ref.GLRepository+tc.ref.Path, func(t *testing.T) {
			p, err := project.Resolve(t.Context(), st, tc.ref)
			require.NoError(t, err)
			assert.Equal(t, tc.kind, p.Kind)
			assert.Equal(t, tc.glRepository, p.GLRepository())
			assert.Equal(t, p.DiskPath+tc.relative, p.RelativePath())
			assert.Equal(t, tc.fullPath, p.GLProjectPath())
		})
	}

	t.Run("malformed gl_repository", func(t *testing.T) {
		_, err := project.Resolve(t.Context(), st, project.Ref{GLRepository: "project-three", Path: "gnuwget/wget2"})
		assert.ErrorIs(t, err, project.ErrInvalidGLRepository)
	})

	t.Run("carries the project's settings", func(t *testing.T) {
		p, err := project.Resolve(t.Context(), st, project.Ref{GLRepository: "project-4"})
		require.NoError(t, err)
		assert.Equal(t, "gnuwget/infra/tools", p.FullPath)
		assert.Equal(t, "private", p.Visibility)
		assert.True(t, p.Archived)
		assert.Empty(t, p.DefaultBranch)
		assert.Equal(t, "second", p.Storage)
		assert.Regexp(t, `^@hashed/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$`, p.DiskPath)
		assert.False(t, p.LFSEnabled)
		assert.True(t, p.ErrorTrackingEnabled)

		p, err = project.Resolve(t.Context(), st, project.Ref{Path: "gnuwget/wget2"})
		require.NoError(t, err)
		assert.Equal(t, "public", p.Visibility)
		assert.Equal(t, "main", p.DefaultBranch)
		assert.True(t, p.LFSEnabled)
		assert.False(t, p.ErrorTrackingEnabled)
	})
}
