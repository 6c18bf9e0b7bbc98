// Package app wires glia together: configuration → database → migrations → world → services →
// HTTP server. It is the only package that imports everything, and the only place with a
// process lifecycle.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/version"
)

const usage = `glia — GitLab's internal, billing and SCIM APIs, without the rest of GitLab.

Usage:
  glia serve [flags]      serve the APIs (glia serve --help for flags)
  glia load FILE [flags]  apply a world file (YAML) to the database
  glia migrate [flags]    bring the database schema up to date
  glia user create|block|unblock …       manage users
  glia key add|remove …                  manage users' SSH keys
  glia token issue|revoke …              manage personal access tokens
  glia 2fa enable USERNAME               enrol an authenticator app (prints the otpauth URI)
  glia error-tracking-key create PROJECT create an error-tracking client key
  glia protected-branch|protected-tag …  protect branches and tags of a project
  glia deploy-key …                      manage deploy keys and the projects they open
  glia redirect …                        manage redirect routes of groups and projects
  glia hook …                            manage projects' push webhooks
  glia agent …                           manage Kubernetes agents and their tokens
  glia kas-metrics show                  print the usage counters kas reported
  glia minutes show NAMESPACE            print the compute-minute packs CustomersDot recorded
  glia saml enable|disable GROUP …       switch a group's SAML SSO on or off
  glia scim-token create GROUP           make a group's SCIM token (printed once)
  glia scim identity list GROUP          list a group's SCIM identities
  glia version            print the version

Without DATABASE_URL, glia runs a private PostgreSQL cluster under --data-dir.
`

// Run executes one glia command. main passes the process's arguments, environment and streams;
// tests pass their own.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = runServe(ctx, rest, getenv, stdout, stderr)
	case "load":
		err = runLoad(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		err = runMigrate(ctx, rest, getenv, stdout, stderr)
	case "user":
		err = runAdmin(ctx, cmd, userCommands(), rest, getenv, stdout, stderr)
	case "key":
		err = runAdmin(ctx, cmd, keyCommands(), rest, getenv, stdout, stderr)
	case "token":
		err = runAdmin(ctx, cmd, tokenCommands(), rest, getenv, stdout, stderr)
	case "2fa":
		err = runAdmin(ctx, cmd, twoFactorCommands(), rest, getenv, stdout, stderr)
	case "error-tracking-key":
		err = runAdmin(ctx, cmd, errorTrackingCommands(), rest, getenv, stdout, stderr)
	case "protected-branch":
		err = runAdmin(ctx, cmd, protectedBranchCommands(), rest, getenv, stdout, stderr)
	case "protected-tag":
		err = runAdmin(ctx, cmd, protectedTagCommands(), rest, getenv, stdout, stderr)
	case "deploy-key":
		err = runAdmin(ctx, cmd, deployKeyCommands(), rest, getenv, stdout, stderr)
	case "redirect":
		err = runAdmin(ctx, cmd, redirectCommands(), rest, getenv, stdout, stderr)
	case "hook":
		err = runAdmin(ctx, cmd, hookCommands(), rest, getenv, stdout, stderr)
	case "agent":
		err = runAdmin(ctx, cmd, agentCommands(), rest, getenv, stdout, stderr)
	case "kas-metrics":
		err = runAdmin(ctx, cmd, kasMetricsCommands(), rest, getenv, stdout, stderr)
	case "minutes":
		err = runAdmin(ctx, cmd, minutesCommands(), rest, getenv, stdout, stderr)
	case "saml":
		err = runAdmin(ctx, cmd, samlCommands(), rest, getenv, stdout, stderr)
	case "scim-token":
		err = runAdmin(ctx, cmd, scimTokenCommands(), rest, getenv, stdout, stderr)
	case "scim":
		err = runAdmin(ctx, cmd, scimCommands(), rest, getenv, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "glia %s (revision %s), GitLab API %s\n", version.Version, version.Revision, version.GitLabVersion)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if errors.Is(err, config.ErrHelp) {
		return nil
	}
	return oneLine(err)
}

// oneLine flattens an error for the terminal: some (pgx's connection errors, initdb's output)
// span lines, and glia's failures are one clear line.
func oneLine(err error) error {
	if err == nil || !strings.ContainsAny(err.Error(), "\n\t") {
		return err
	}
	return errors.New(strings.Join(strings.Fields(err.Error()), " "))
}
