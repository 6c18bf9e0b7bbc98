// Package kasmetrics keeps the usage counters kas reports every minute: plain counters summed
// per day, and unique counters as the set of distinct ids seen per day.
package kasmetrics

import (
	"context"
	"math"
	"time"

	"github.com/glia-dev/glia/internal/store"
)

// Store is where the counters are kept.
type Store interface {
	AddUsageCounts(ctx context.Context, counts map[string]int64, unique map[string][]int64) error
	UsageCountersSince(ctx context.Context, since time.Time) ([]store.UsageCounter, error)
}

// The counters glia keeps: every name kas v16 sends and current GitLab tracks (gitops_sync is
// kas v16's and GitLab 14–15's; current GitLab no longer tracks it). Others are ignored, as
// GitLab slices them away.
var (
	counters = names("gitops_sync", "k8s_api_proxy_request", "flux_git_push_notifications_total",
		"k8s_api_proxy_requests_via_ci_access", "k8s_api_proxy_requests_via_user_access",
		"k8s_api_proxy_requests_via_pat_access")
	uniqueCounters = names("agent_users_using_ci_tunnel", "flux_git_push_notified_unique_projects",
		"k8s_api_proxy_requests_unique_users_via_ci_access", "k8s_api_proxy_requests_unique_users_via_user_access",
		"k8s_api_proxy_requests_unique_users_via_pat_access", "k8s_api_proxy_requests_unique_agents_via_ci_access",
		"k8s_api_proxy_requests_unique_agents_via_user_access", "k8s_api_proxy_requests_unique_agents_via_pat_access")
)

func names(list ...string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, n := range list {
		m[n] = true
	}
	return m
}

// Report is one usage_metrics request, its values already read as integers. A name may come
// twice (a deprecated top-level count and its counters entry); the increments add up.
type Report struct {
	Increments     []Increment
	UniqueCounters map[string][]int64
}

// Increment is one counter's increase.
type Increment struct {
	Name string
	N    int64
}

// Record adds a report to today's counters. Unknown names are ignored; so are increments of
// zero or less, since current GitLab tracks an event `count` times (a negative count tracks
// nothing).
func Record(ctx context.Context, st Store, r Report) error {
	counts := map[string]int64{}
	for _, inc := range r.Increments {
		if counters[inc.Name] && inc.N > 0 {
			counts[inc.Name] = saturatingAdd(counts[inc.Name], inc.N)
		}
	}
	unique := map[string][]int64{}
	for name, ids := range r.UniqueCounters {
		if uniqueCounters[name] && len(ids) > 0 {
			unique[name] = ids
		}
	}
	if len(counts) == 0 && len(unique) == 0 {
		return nil
	}
	return st.AddUsageCounts(ctx, counts, unique)
}

// saturatingAdd adds two non-negative counts, stopping at the largest int64 rather than
// wrapping (the database saturates its totals the same way).
func saturatingAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// Day is one counter's value on one day.
type Day struct {
	Day    time.Time
	Name   string
	Value  int64
	Unique bool // Value counts distinct ids
}

// Since lists every counter per day from since on, oldest first.
func Since(ctx context.Context, st Store, since time.Time) ([]Day, error) {
	rows, err := st.UsageCountersSince(ctx, since)
	if err != nil {
		return nil, err
	}
	out := make([]Day, len(rows))
	for i, r := range rows {
		out[i] = Day{Day: r.Day, Name: r.Name, Value: r.Value, Unique: r.IsUnique}
	}
	return out, nil
}
