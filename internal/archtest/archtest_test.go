// Package archtest fails the build when an import breaks glia's dependency direction:
// cmd → app → server → api → domain → store → gen/db (see DESIGN.md).
package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/glia-dev/glia/"

type pkg struct {
	ImportPath string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", module+"...").Output()
	require.NoError(t, err)
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	require.NotEmpty(t, pkgs)
	return pkgs
}

func rel(path string) string { return strings.TrimPrefix(path, module) }

// rule says which importers may import a package (by prefix); nil importers = nobody in-module.
type rule struct {
	imported string
	allowed  []string
	why      string
}

// assemblers build the whole stack: the program, and its test twin the handler-test harness.
var assemblers = []string{"internal/app", "internal/testutil/apitest"}

func with(extra ...string) []string { return append(extra, assemblers...) }

var rules = []rule{
	{"gen/db", []string{"internal/store"}, "only the store touches SQL"},
	{"github.com/jackc/pgx", []string{"internal/store", "internal/testutil/", "gen/db"}, "only the store talks to PostgreSQL"},
	{"github.com/pressly/goose", []string{"internal/store"}, "migrations run through the store"},
	{"github.com/riverqueue/river/riverdriver", []string{"internal/store"}, "the job queue's database driver is the store's"},
	{"internal/server", assemblers, "the server is assembled, never imported by what it serves"},
	{"internal/app", []string{"cmd/glia"}, "app is the program"},
	{"internal/api/", with("internal/server"), "API packages are mounted, not imported by domain code"},
	{"gen/internalapi", with("internal/api/internalapi", "internal/server"), "generated API types stay at the edge"},
	{"gen/billingapi", with("internal/api/billingapi", "internal/server"), "generated API types stay at the edge"},
	{"gen/scimapi", with("internal/api/scimapi", "internal/server"), "generated API types stay at the edge"},
}

func TestImports_FollowTheDependencyDirection(t *testing.T) {
	for _, p := range listPackages(t) {
		from := rel(p.ImportPath)
		for _, imp := range p.Imports {
			to := rel(imp)
			for _, r := range rules {
				if !strings.HasPrefix(to, r.imported) || strings.HasPrefix(from, r.imported) {
					continue
				}
				ok := false
				for _, a := range r.allowed {
					ok = ok || strings.HasPrefix(from, a)
				}
				if !ok {
					t.Errorf("%s imports %s: %s", from, to, r.why)
				}
			}
		}
	}
}

func TestImports_APIPackagesNeverImportEachOtherAndGenNeverImportsInternal(t *testing.T) {
	for _, p := range listPackages(t) {
		from := rel(p.ImportPath)
		for _, imp := range p.Imports {
			to := rel(imp)
			if strings.HasPrefix(from, "internal/api/") && strings.HasPrefix(to, "internal/api/") {
				t.Errorf("%s imports %s: API packages are independent", from, to)
			}
			if strings.HasPrefix(from, "gen/") && strings.HasPrefix(to, "internal/") {
				t.Errorf("%s imports %s: generated code depends on nothing hand-written", from, to)
			}
			if strings.HasPrefix(from, "internal/world") && (strings.HasPrefix(to, "internal/store") || strings.HasPrefix(to, "gen/")) {
				t.Errorf("%s imports %s: the world format is a leaf below the store", from, to)
			}
		}
	}
}
