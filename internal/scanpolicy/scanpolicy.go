// Package scanpolicy serves the scan execution policies that apply to a Kubernetes agent.
package scanpolicy

// Store is where policies are read.
// TODO(issue 5): being written.
type Store interface{}
