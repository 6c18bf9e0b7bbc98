// Package vulnerabilities records the container-image vulnerabilities the agent's Starboard
// module reports, idempotently, and resolves the ones a later scan no longer reports.
package vulnerabilities

// Store is where vulnerabilities are kept.
// TODO(issue 5): being written.
type Store interface{}
