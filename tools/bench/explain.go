package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// hotQueries are the lookups behind authorized_keys, discover and allowed, with sample
// arguments (SQL literals) by parameter name. Their text and argument order are read from
// the sqlc-generated code, so the plans shown are those of the queries glia runs.
var hotQueries = []struct {
	name string
	args map[string]string
}{
	{"GetAuthKeyByFingerprint", map[string]string{"fingerprintsha256": "'" + fingerprintOf(4242) + "'"}},
	{"GetAuthKeyWithOwner", map[string]string{"id": "4242"}},
	{"GetProjectByPath", map[string]string{"path": "'group10/project10'", "ancestors": "'{group10}'"}},
	{"GetProjectAccess", map[string]string{ // GitLab Shell's: a key and a path
		"projectid": "NULL", "path": "'group10/project10'", "ancestors": "'{group10}'",
		"keyid": "4242", "userid": "NULL", "username": "NULL"}},
	{"ListProtectedBranchRules", map[string]string{"projectid": "10"}},
}

var (
	generatedQuery = regexp.MustCompile("(?s)const (\\w+) = `-- name: (\\w+) :\\w+\\n(.*?)`")
	generatedCall  = regexp.MustCompile(`q\.db\.(?:QueryRow|Query|Exec)\(ctx, (\w+)((?:,\s*[\w.]+)*),?\s*\)`)
)

// explainHotQueries prints the plan of each hot query on the loaded world.
func explainHotQueries(ctx context.Context, conn *pgx.Conn, genDir string) (string, error) {
	sources, err := filepath.Glob(filepath.Join(genDir, "*.sql.go"))
	if err != nil {
		return "", err
	}
	text, argOrder := map[string]string{}, map[string][]string{}
	for _, path := range sources {
		src, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		constOf := map[string]string{}
		for _, m := range generatedQuery.FindAllStringSubmatch(string(src), -1) {
			text[m[2]], constOf[m[1]] = m[3], m[2]
		}
		for _, m := range generatedCall.FindAllStringSubmatch(string(src), -1) {
			var names []string
			for _, a := range strings.Split(m[2], ",") { // one line, or one argument per line
				if a = strings.TrimSpace(a); a != "" {
					names = append(names, strings.ToLower(strings.TrimPrefix(a, "arg.")))
				}
			}
			argOrder[constOf[m[1]]] = names
		}
	}
	var out strings.Builder
	for _, q := range hotQueries {
		sql, ok := text[q.name]
		if !ok {
			return "", fmt.Errorf("query %s is not in %s", q.name, genDir)
		}
		var literals []string
		for _, name := range argOrder[q.name] {
			v, ok := q.args[name]
			if !ok {
				return "", fmt.Errorf("query %s: no sample value for parameter %s", q.name, name)
			}
			literals = append(literals, v)
		}
		if _, err := conn.Exec(ctx, "PREPARE hot AS "+sql); err != nil {
			return "", fmt.Errorf("prepare %s: %w", q.name, err)
		}
		rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE hot("+strings.Join(literals, ", ")+")")
		if err != nil {
			return "", fmt.Errorf("explain %s: %w", q.name, err)
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return "", fmt.Errorf("explain %s: %w", q.name, err)
		}
		if _, err := conn.Exec(ctx, "DEALLOCATE hot"); err != nil {
			return "", err
		}
		fmt.Fprintf(&out, "%s:\n    %s\n\n", q.name, strings.Join(plan, "\n    "))
	}
	return out.String(), nil
}
