// Package scanpolicy serves the scan execution policies that reach a Kubernetes agent's
// Starboard module: which namespaces to scan for vulnerable images, and when.
package scanpolicy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/glia-dev/glia/internal/plans"
	"github.com/glia-dev/glia/internal/store"
)

var (
	// ErrAgentProjectNotFound means the agent's project is gone.
	ErrAgentProjectNotFound = errors.New("agent project not found")
	// ErrNotLicensed means the project's plan lacks security orchestration policies.
	ErrNotLicensed = errors.New("security orchestration policies are not licensed")
)

// Store is where policies are read.
type Store interface {
	AgentPolicyScopeOf(ctx context.Context, agentID int64) (store.AgentPolicyScope, error)
	ScanExecutionPolicies(ctx context.Context, projectID int64) ([]store.ScanExecutionPolicy, error)
}

// Policy is a scan execution policy as the older agents read it: GitLab's fields plus the
// policy written back as policy.yml YAML.
type Policy struct {
	Name        string
	Description string
	Enabled     bool
	YAML        string
	UpdatedAt   time.Time
}

// Configuration is one schedule the agent runs: scan Namespaces (all when empty) on Cadence.
type Configuration struct {
	Cadence    string
	Namespaces []string
	UpdatedAt  time.Time
}

// The scans that run in the cluster. GitLab's older agents asked only for
// cluster_image_scanning policies; the current one asks for either.
const (
	scanClusterImage = "cluster_image_scanning"
	scanContainer    = "container_scanning"
)

// rule is the part of a policy rule the agent's schedule depends on.
type rule struct {
	Type    string `json:"type"`
	Cadence string `json:"cadence"`
	Agents  map[string]struct {
		Namespaces []string `json:"namespaces"`
	} `json:"agents"`
}

type action struct {
	Scan string `json:"scan"`
}

// Policies lists the agent's project's policies that run a cluster image scan (the older
// agents' scan_execution_policies call).
func Policies(ctx context.Context, st Store, agentID int64) ([]Policy, error) {
	_, stored, err := load(ctx, st, agentID)
	if err != nil {
		return nil, err
	}
	var out []Policy
	for _, p := range stored {
		scans, err := scansOf(p)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(scans, scanClusterImage) {
			continue
		}
		text, err := policyYAML(p)
		if err != nil {
			return nil, err
		}
		out = append(out, Policy{Name: p.Name, Description: p.Description, Enabled: p.Enabled, YAML: text, UpdatedAt: p.UpdatedAt})
	}
	return out, nil
}

// Configurations lists the schedules that apply to the agent, as GitLab builds them: for each
// enabled policy that runs a container or cluster image scan, every schedule rule that names
// the agent, with the namespaces listed for it.
func Configurations(ctx context.Context, st Store, agentID int64) ([]Configuration, error) {
	scope, stored, err := load(ctx, st, agentID)
	if err != nil {
		return nil, err
	}
	out := []Configuration{}
	for _, p := range stored {
		scans, err := scansOf(p)
		if err != nil {
			return nil, err
		}
		if !p.Enabled || !(slices.Contains(scans, scanContainer) || slices.Contains(scans, scanClusterImage)) {
			continue
		}
		var rules []rule
		if err := json.Unmarshal(p.Rules, &rules); err != nil {
			return nil, fmt.Errorf("policy %q rules: %w", p.Name, err)
		}
		for _, r := range rules {
			agent, named := r.Agents[scope.Name]
			if r.Type != "schedule" || !named {
				continue
			}
			namespaces := agent.Namespaces
			if namespaces == nil {
				namespaces = []string{}
			}
			out = append(out, Configuration{Cadence: r.Cadence, Namespaces: namespaces, UpdatedAt: p.UpdatedAt})
		}
	}
	return out, nil
}

// load checks the agent's project and its licence, then reads the project's policies.
func load(ctx context.Context, st Store, agentID int64) (store.AgentPolicyScope, []store.ScanExecutionPolicy, error) {
	scope, err := st.AgentPolicyScopeOf(ctx, agentID)
	if errors.Is(err, store.ErrNotFound) {
		return scope, nil, ErrAgentProjectNotFound
	} else if err != nil {
		return scope, nil, fmt.Errorf("read agent policy scope: %w", err)
	}
	if !plans.Licensed(scope.Plan, plans.SecurityOrchestrationPolicies) {
		return scope, nil, ErrNotLicensed
	}
	policies, err := st.ScanExecutionPolicies(ctx, scope.ProjectID)
	if err != nil {
		return scope, nil, fmt.Errorf("read scan execution policies: %w", err)
	}
	return scope, policies, nil
}

func scansOf(p store.ScanExecutionPolicy) ([]string, error) {
	var actions []action
	if err := json.Unmarshal(p.Actions, &actions); err != nil {
		return nil, fmt.Errorf("policy %q actions: %w", p.Name, err)
	}
	scans := make([]string, len(actions))
	for i, a := range actions {
		scans[i] = a.Scan
	}
	return scans, nil
}

// policyYAML writes the policy back in policy.yml's shape, keys in GitLab's order.
func policyYAML(p store.ScanExecutionPolicy) (string, error) {
	var rules, actions any
	if err := json.Unmarshal(p.Rules, &rules); err != nil {
		return "", fmt.Errorf("policy %q rules: %w", p.Name, err)
	}
	if err := json.Unmarshal(p.Actions, &actions); err != nil {
		return "", fmt.Errorf("policy %q actions: %w", p.Name, err)
	}
	doc := struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		Enabled     bool   `yaml:"enabled"`
		Rules       any    `yaml:"rules"`
		Actions     any    `yaml:"actions"`
	}{p.Name, p.Description, p.Enabled, rules, actions}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("policy %q as YAML: %w", p.Name, err)
	}
	return "---\n" + string(b), nil
}
