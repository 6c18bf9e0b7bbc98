// Package kasmetrics keeps the usage counters kas reports every minute.
package kasmetrics

// Store is where the counters are kept.
// TODO(issue 5): being written.
type Store interface{}
