package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// exitError is git exiting with a non-zero status; stderr is for logs only.
type exitError struct {
	command string
	code    int
	stderr  string
}

func (e *exitError) Error() string {
	return fmt.Sprintf("git %s exited with %d: %s", e.command, e.code, e.stderr)
}

// run runs one git command on the repository and returns its standard output.
func (r *Repo) run(ctx context.Context, stdin string, args ...string) ([]byte, error) {
	global := []string{
		// The repository may belong to Gitaly's user, not glia's.
		"-c", "safe.directory=*",
		// A replace ref could make any commit look like a descendant and so hide a force push.
		"--no-replace-objects",
		"--git-dir=" + r.dir,
	}
	cmd := exec.CommandContext(ctx, "git", append(global, args...)...)
	cmd.Env = append(baseEnv(), r.objectEnv...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return stdout.Bytes(), nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("git %s: %w", args[0], ctx.Err())
	case errors.As(err, &exit):
		return nil, &exitError{command: args[0], code: exit.ExitCode(), stderr: strings.TrimSpace(stderr.String())}
	default:
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
}

// baseEnv is all git gets from glia's environment. Nothing inherited may redirect it (GIT_DIR,
// GIT_OBJECT_DIRECTORY, GIT_CONFIG_PARAMETERS…), and neither the system's nor the service
// account's git config may change what a check answers.
func baseEnv() []string {
	return []string{
		"PATH=" + os.Getenv("PATH"), // git may be a wrapper that finds its helpers on PATH
		"HOME=/nonexistent",         // for a git too old to know GIT_CONFIG_GLOBAL
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_TERMINAL_PROMPT=0",
	}
}
