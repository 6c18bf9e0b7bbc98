package vulnerabilities_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/vulnerabilities"
	"github.com/glia-dev/glia/internal/world"
)

// raceWorld: maya maintains acme/cluster and created its agent "prod".
const raceWorld = `
users:
  - {username: maya, email: maya@example.com}
groups:
  - full_path: acme
projects:
  - full_path: acme/cluster
    members: [{user: maya, access: maintainer}]
    agents: [{name: prod, created_by: maya}]
`

// projectDeletedAfter is the real store, but the agent's project is deleted (taking the agent
// with it) right after the read named by after: the window between two statements in which
// kas's request was authenticated and its agent's project went.
type projectDeletedAfter struct {
	*store.Store
	pool  *pgxpool.Pool
	t     *testing.T
	after string
}

func (s projectDeletedAfter) deleteIf(ctx context.Context, read string) {
	if s.after == read {
		_, err := s.pool.Exec(ctx, "DELETE FROM projects WHERE full_path = 'acme/cluster'")
		require.NoError(s.t, err)
	}
}

func (s projectDeletedAfter) AgentByID(ctx context.Context, id int64) (store.Agent, error) {
	a, err := s.Store.AgentByID(ctx, id)
	s.deleteIf(ctx, "agent")
	return a, err
}

func (s projectDeletedAfter) UserByID(ctx context.Context, id int64) (store.User, error) {
	u, err := s.Store.UserByID(ctx, id)
	s.deleteIf(ctx, "creator")
	return u, err
}

func (s projectDeletedAfter) ProjectAccessByID(ctx context.Context, projectID int64, who store.Accessor) (store.ProjectAccess, error) {
	a, err := s.Store.ProjectAccessByID(ctx, projectID, who)
	s.deleteIf(ctx, "access")
	return a, err
}

// A report whose agent's project is deleted while it is being checked or recorded is answered
// as GitLab answers an agent without a project (404), never as a failure; a scan result whose
// project goes once it was checked has nothing left to resolve.
func TestReports_AgentProjectDeletedMidRequestIsNotFound(t *testing.T) {
	record := func(ctx context.Context, st vulnerabilities.Store, agentID int64) error {
		_, err := vulnerabilities.Record(ctx, st, uuid.New(), agentID, report())
		return err
	}
	resolve := func(ctx context.Context, st vulnerabilities.Store, agentID int64) error {
		return vulnerabilities.ResolveMissing(ctx, st, agentID, nil)
	}
	cases := []struct {
		name, after string
		call        func(context.Context, vulnerabilities.Store, int64) error
		want        error
	}{
		{"a report, the project deleted after the agent read", "agent", record, vulnerabilities.ErrAgentProjectNotFound},
		{"a report, the project deleted after the creator read", "creator", record, vulnerabilities.ErrAgentProjectNotFound},
		{"a report, the project deleted after the access read", "access", record, vulnerabilities.ErrAgentProjectNotFound},
		{"a scan result, the project deleted after the creator read", "creator", resolve, vulnerabilities.ErrAgentProjectNotFound},
		{"a scan result, the project deleted after the access read", "access", resolve, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pool := pgtest.Pool(t)
			st := store.New(pool)
			w, err := world.Parse([]byte(raceWorld), t.Name())
			require.NoError(t, err)
			require.NoError(t, st.ApplyWorld(t.Context(), w))
			agent, err := st.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
			require.NoError(t, err)

			err = tc.call(t.Context(), projectDeletedAfter{Store: st, pool: pool, t: t, after: tc.after}, agent.Agent.ID)
			if tc.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tc.want)
			}
		})
	}
}

func report() vulnerabilities.Report {
	return vulnerabilities.Report{
		Name: "CVE-2021-44228 in log4j", Severity: "critical", Confidence: "unknown",
		Identifiers:     []vulnerabilities.Identifier{{Type: "cve", Name: "CVE-2021-44228"}},
		Location:        vulnerabilities.Location{Namespace: "default", Kind: "Deployment", Name: "web", PackageName: "log4j"},
		Scanner:         vulnerabilities.Scanner{ID: "starboard_trivy", Name: "Trivy", Vendor: "GitLab"},
		IdentifiersJSON: []byte(`[]`), LinksJSON: []byte(`[]`), LocationJSON: []byte(`{}`),
	}
}
