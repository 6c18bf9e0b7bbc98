package app

// Administrative commands for kas: agents, agent tokens and the usage counters kas reports.
// TODO(issue 5): being written.

func agentCommands() map[string]adminCommand { return map[string]adminCommand{} }

func kasMetricsCommands() map[string]adminCommand { return map[string]adminCommand{} }
