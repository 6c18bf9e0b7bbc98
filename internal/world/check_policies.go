package world

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/glia-dev/glia/internal/plans"
)

// GitLab's scan execution policy schema: the rule types and the scans an action may run.
var (
	policyRuleTypes = []string{"pipeline", "schedule"}
	policyScanTypes = []string{"dast", "secret_detection", "cluster_image_scanning", "container_scanning",
		"sast", "sast_iac", "dependency_scanning"}
)

// subscription checks a top-level group's subscription with the model rules GitLab validates:
// a known plan, a start date, and a trial that ends after it starts (starting, unless given, on
// the start date).
func (c *checker) subscription(f fileSubscription, at pos, topLevel bool) *Subscription {
	if !topLevel {
		c.errorf(at, "subscription belongs to top-level groups only")
	}
	c.require(at.key("plan"), "plan", f.Plan)
	if f.Plan != "" && !plans.Known(f.Plan) {
		c.errorf(at.key("plan"), "unknown plan %q (want one of %s)", f.Plan, strings.Join(plans.Codes, ", "))
	}
	if f.Seats < 0 || f.MaxSeatsUsed < 0 {
		c.errorf(at, "seats and max_seats_used must not be negative")
	}
	s := &Subscription{
		Plan: f.Plan, Seats: f.Seats, MaxSeatsUsed: f.MaxSeatsUsed, EndDate: f.EndDate,
		Trial: f.Trial, TrialStartsOn: f.TrialStartsOn, TrialEndsOn: f.TrialEndsOn, AutoRenew: f.AutoRenew,
	}
	if f.StartDate == nil {
		c.errorf(at.key("start_date"), "start_date is required")
	} else {
		s.StartDate = *f.StartDate
	}
	if s.Trial {
		if s.TrialStartsOn == nil && f.StartDate != nil {
			s.TrialStartsOn = f.StartDate
		}
		if s.TrialEndsOn == nil {
			c.errorf(at.key("trial_ends_on"), "trial_ends_on is required for a trial")
		} else if s.TrialStartsOn != nil && !s.TrialEndsOn.After(*s.TrialStartsOn) {
			c.errorf(at.key("trial_ends_on"), "trial_ends_on must be after trial_starts_on")
		}
	}
	return s
}

// scanExecutionPolicy checks a policy against the parts of GitLab's schema glia reads: a name
// unique in the project, rules of a known type (a schedule needs a cadence; agents map agent
// names to the namespaces they scan) and at least one action naming a known scan.
func (c *checker) scanExecutionPolicy(f fileScanExecutionPolicy, at pos, project string) ScanExecutionPolicy {
	c.require(at.key("name"), "name", f.Name)
	c.claim("scan execution policy of "+project, f.Name, at.key("name"))
	if len(f.Rules) == 0 {
		c.errorf(at.key("rules"), "rules needs at least one rule")
	}
	for i, r := range f.Rules {
		ruleAt := at.key("rules").index(i)
		kind, _ := r["type"].(string)
		if !slices.Contains(policyRuleTypes, kind) {
			c.errorf(ruleAt, "rule type %q is not one of %s", kind, strings.Join(policyRuleTypes, ", "))
		}
		if cadence, _ := r["cadence"].(string); kind == "schedule" && strings.TrimSpace(cadence) == "" {
			c.errorf(ruleAt, "a schedule rule needs a cadence (a cron expression)")
		}
		c.policyAgents(r["agents"], ruleAt.key("agents"))
	}
	if len(f.Actions) == 0 {
		c.errorf(at.key("actions"), "actions needs at least one action")
	}
	for i, a := range f.Actions {
		if scan, _ := a["scan"].(string); !slices.Contains(policyScanTypes, scan) {
			c.errorf(at.key("actions").index(i), "action scan %q is not one of %s", scan, strings.Join(policyScanTypes, ", "))
		}
	}
	return ScanExecutionPolicy{
		Name:        f.Name,
		Description: f.Description,
		Enabled:     orDefault(f.Enabled, true),
		UpdatedAt:   f.UpdatedAt,
		Rules:       c.policyJSON(f.Rules, at.key("rules")),
		Actions:     c.policyJSON(f.Actions, at.key("actions")),
	}
}

// policyAgents checks a rule's agents map: agent name → {namespaces: [names]}.
func (c *checker) policyAgents(v any, at pos) {
	if v == nil {
		return
	}
	agents, ok := v.(map[string]any)
	if !ok {
		c.errorf(at, "agents must map agent names to {namespaces: [...]}")
		return
	}
	for name, settings := range agents {
		if !agentName.MatchString(name) {
			c.errorf(at, "agent name %q may hold only lower-case letters, digits and - (not at either end), at most 63", name)
		}
		if settings == nil {
			continue
		}
		m, ok := settings.(map[string]any)
		namespaces, listOK := m["namespaces"].([]any)
		if !ok || (m["namespaces"] != nil && !listOK) {
			c.errorf(at, "agent %q: want {namespaces: [...]}", name)
			continue
		}
		for _, n := range namespaces {
			if _, isString := n.(string); !isString {
				c.errorf(at, "agent %q: namespaces must be names", name)
			}
		}
	}
}

func (c *checker) policyJSON(list []map[string]any, at pos) []byte {
	b, err := json.Marshal(list)
	if err != nil {
		c.errorf(at, "cannot be stored as JSON: %v", err)
	}
	return b
}
