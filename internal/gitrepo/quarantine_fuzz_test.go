package gitrepo

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzParseEnv feeds the reading of /allowed's env (Gitaly's quarantine directories) and the
// repository path what a caller may send. Properties: it never panics; a refusal is
// ErrInvalidPath; accepted directories are relative, without NUL, and inside the storage; the
// environment handed to git holds no NUL, and its GIT_ALTERNATE_OBJECT_DIRECTORIES splits, as git
// unquotes it, into exactly the directories meant (no request can add one of its choosing).
func FuzzParseEnv(f *testing.F) {
	const hashed = "@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce.git"
	for _, seed := range [][2]string{
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/tmp_objdir-incoming-a1B2c3","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":["objects"]}`, hashed},
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/incoming-x","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":null}`, "group/project.git"},
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"../../../+gitaly/tmp/quarantine-1","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":["objects"]}`, hashed},
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"objects/a:b\"c\\d","GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":["x:/etc","\"q\""]}`, "g/p.git"},
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"/etc","GIT_DIR":"/etc"}`, "g/p.git"},
		{`{"GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE":["objects\u0000x"]}`, "g/p.git"},
		{`{"GIT_OBJECT_DIRECTORY_RELATIVE":"../../../../etc"}`, "g/p.git"},
		{`{}`, ""},
		{`not json`, "../outside"},
		{`[]`, "/abs/path.git"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, env, relativePath string) {
		q := ParseEnv(env)
		if err := q.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidPath) {
				t.Fatalf("Validate(%q) failed with %v, not ErrInvalidPath", env, err)
			}
			return
		}
		for _, dir := range q.dirs() {
			if filepath.IsAbs(dir) || strings.ContainsRune(dir, 0) {
				t.Fatalf("Validate(%q) accepted %q", env, dir)
			}
		}
		if err := q.inStorage(relativePath); err != nil {
			if !errors.Is(err, ErrInvalidPath) {
				t.Fatalf("inStorage(%q, %q) failed with %v, not ErrInvalidPath", env, relativePath, err)
			}
			return
		}
		const storage = "/storage"
		repoDir := filepath.Join(storage, relativePath)
		want := []string{filepath.Join(repoDir, "objects")}
		for _, dir := range q.AlternateObjectDirectories {
			want = append(want, filepath.Join(repoDir, dir))
		}
		for _, dir := range append(want[1:], filepath.Join(repoDir, q.ObjectDirectory)) {
			if dir != storage && !strings.HasPrefix(dir, storage+"/") {
				t.Fatalf("env %q with repository %q leaves the storage: %q", env, relativePath, dir)
			}
		}
		for _, v := range q.objectEnv(repoDir) {
			if strings.ContainsRune(v, 0) {
				t.Fatalf("env %q with repository %q hands git %q", env, relativePath, v)
			}
			if value, ok := strings.CutPrefix(v, "GIT_ALTERNATE_OBJECT_DIRECTORIES="); ok {
				if got, ok := gitAlternates(value); !ok || !slices.Equal(got, want) {
					t.Fatalf("env %q with repository %q: git reads alternates %q (%v) from %q, want %q", env, relativePath, got, ok, value, want)
				}
			}
		}
	})
}

// gitAlternates splits GIT_ALTERNATE_OBJECT_DIRECTORIES as git does (link_alt_odb_entries,
// unquote_c_style): entries separated by ":", each either bare or a C-quoted string.
func gitAlternates(value string) ([]string, bool) {
	var out []string
	for len(value) > 0 {
		if value[0] != '"' {
			entry, rest, _ := strings.Cut(value, ":")
			out, value = append(out, entry), rest
			continue
		}
		var b strings.Builder
		i := 1
		for ; i < len(value) && value[i] != '"'; i++ {
			if value[i] != '\\' {
				b.WriteByte(value[i])
				continue
			}
			if i++; i == len(value) {
				return nil, false
			}
			switch c := value[i]; c {
			case '\\', '"':
				b.WriteByte(c)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				return nil, false // git would read an escape glia never writes
			}
		}
		if i == len(value) {
			return nil, false // unterminated
		}
		out, value = append(out, b.String()), value[i+1:]
		if value != "" {
			if value[0] != ':' {
				return nil, false
			}
			value = value[1:]
		}
	}
	return out, true
}
