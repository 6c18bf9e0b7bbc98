package app

// Administrative commands for what Git access reads: protected branches and tags, deploy keys,
// redirect routes and project hooks.
// TODO(issue 4): being written.

func protectedBranchCommands() map[string]adminCommand { return map[string]adminCommand{} }

func protectedTagCommands() map[string]adminCommand { return map[string]adminCommand{} }

func deployKeyCommands() map[string]adminCommand { return map[string]adminCommand{} }

func redirectCommands() map[string]adminCommand { return map[string]adminCommand{} }

func hookCommands() map[string]adminCommand { return map[string]adminCommand{} }
