package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/glia-dev/glia/internal/admin"
	"github.com/glia-dev/glia/internal/store"
)

// Administrative commands for kas: agents, agent tokens and the usage counters kas reports.

func agentCommands() map[string]adminCommand {
	var createdBy, tokenName string
	return map[string]adminCommand{
		"create": {
			usage: "create PROJECT NAME [--created-by USERNAME]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&createdBy, "created-by", "", "the user the agent acts for (its Starboard findings need their rights)")
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				id, err := admin.CreateAgent(ctx, st, args[0], args[1], createdBy)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "agent %d: %s in %s\n", id, args[1], args[0])
				return nil
			},
		},
		"issue-token": {
			usage: "issue-token PROJECT AGENT [--name NAME]",
			flags: func(fs *flag.FlagSet) {
				fs.StringVar(&tokenName, "name", "", "a name for the token")
			},
			args: 2,
			run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
				id, token, err := admin.IssueAgentToken(ctx, st, args[0], args[1], tokenName)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "agent token %d (shown once; give it to agentk):\n%s\n", id, token)
				return nil
			},
		},
		"revoke-token": {usage: "revoke-token TOKEN_ID", args: 1, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("token id %q is not a number", args[0])
			}
			if err := admin.RevokeAgentToken(ctx, st, id); err != nil {
				return err
			}
			fmt.Fprintf(out, "revoked agent token %d\n", id)
			return nil
		}},
		"show": {usage: "show PROJECT AGENT", args: 2, run: func(ctx context.Context, st *store.Store, args []string, out io.Writer) error {
			a, err := admin.Agent(ctx, st, args[0], args[1])
			if err != nil {
				return err
			}
			printAgent(out, args[0], a)
			return nil
		}},
	}
}

func printAgent(out io.Writer, projectPath string, a store.AgentDetails) {
	creator := "nobody"
	if a.Agent.CreatedBy != nil {
		creator = *a.Agent.CreatedBy
	}
	fmt.Fprintf(out, "agent %d: %s in %s, created by %s\n", a.Agent.ID, a.Agent.Name, projectPath, creator)
	if a.ConfigUpdatedAt != nil {
		fmt.Fprintf(out, "configuration received %s\n", a.ConfigUpdatedAt.UTC().Format(time.RFC3339))
	}
	for _, t := range a.Tokens {
		state := "never used"
		if t.LastUsedAt != nil {
			state = "last used " + t.LastUsedAt.UTC().Format(time.RFC3339)
		}
		if t.Revoked {
			state = "revoked"
		}
		fmt.Fprintf(out, "token %d %q: %s\n", t.ID, t.Name, state)
	}
	for _, z := range a.Authorizations {
		kind := "group"
		if z.IsProject {
			kind = "project"
		}
		fmt.Fprintf(out, "%s: %s %s\n", z.Access, kind, z.FullPath)
	}
}

func kasMetricsCommands() map[string]adminCommand {
	var days int
	return map[string]adminCommand{
		"show": {
			usage: "show [--days N]",
			flags: func(fs *flag.FlagSet) {
				fs.IntVar(&days, "days", 7, "how many days back, today included")
			},
			run: func(ctx context.Context, st *store.Store, _ []string, out io.Writer) error {
				counters, err := admin.UsageCounters(ctx, st, days, time.Now())
				if err != nil {
					return err
				}
				if len(counters) == 0 {
					fmt.Fprintf(out, "kas reported nothing in the last %d day(s)\n", days)
				}
				for _, c := range counters {
					what := "total"
					if c.Unique {
						what = "distinct ids"
					}
					fmt.Fprintf(out, "%s %s %d (%s)\n", c.Day.Format(time.DateOnly), c.Name, c.Value, what)
				}
				return nil
			},
		},
	}
}
