// Package agents answers kas about Kubernetes agents: who an agent token belongs to, which
// projects an agent may read, and the configuration kas reports for it.
package agents

// Store is what the agent endpoints read and write.
// TODO(issue 5): being written.
type Store interface{}
