package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/glia-dev/glia/internal/config"
	"github.com/glia-dev/glia/internal/safefile"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// loadWorld applies the demo world and then the fixture file, as configured, and returns the
// demo world (nil without --demo) for its credentials.
func loadWorld(ctx context.Context, st *store.Store, cfg config.Serve) (*world.World, error) {
	var demo *world.World
	if cfg.Demo {
		demo = world.Demo()
		if err := st.ApplyWorld(ctx, demo); err != nil {
			return nil, fmt.Errorf("load the demo world: %w", err)
		}
	}
	if cfg.Fixtures != "" {
		w, err := world.ParseFile(cfg.Fixtures)
		if err != nil {
			return nil, err
		}
		if err := st.ApplyWorld(ctx, w); err != nil {
			return nil, fmt.Errorf("load %s: %w", cfg.Fixtures, err)
		}
	}
	return demo, nil
}

func runLoad(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, rest, err := config.ParseCommand("load", "glia load [flags] FILE\n\nApply a world file (YAML) to the database; applying it again changes nothing.", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("load takes one world file, got %d arguments", len(rest))
	}
	w, err := world.ParseFile(rest[0])
	if err != nil {
		return err
	}
	st, closeDB, err := openDatabase(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := st.ApplyWorld(ctx, w); err != nil {
		return fmt.Errorf("load %s: %w", rest[0], err)
	}
	fmt.Fprintf(stdout, "loaded %s: %d users, %d groups, %d projects, %d deploy keys\n",
		rest[0], len(w.Users), len(w.Groups), len(w.Projects), len(w.DeployKeys))
	return nil
}

// demoCredentials is <data-dir>/demo.json: everything a script needs to call the demo world.
type demoCredentials struct {
	BaseURL         string `json:"base_url"`
	ShellSecretFile string `json:"shell_secret_file"`
	KASSecretFile   string `json:"kas_secret_file"`
	// ErrorTrackingTokenFile holds the error-tracking service's token.
	ErrorTrackingTokenFile string            `json:"error_tracking_token_file"`
	AdminToken             string            `json:"admin_token"`
	AgentToken             string            `json:"agent_token"`  // the first agent's: most scripts need one
	AgentTokens            map[string]string `json:"agent_tokens"` // "project path:agent name" → token
	SCIMTokens             map[string]string `json:"scim_tokens"`
	SSHKeys                map[string]string `json:"ssh_keys"`
}

func writeDemoCredentials(cfg config.Serve, baseURL string, w *world.World) error {
	creds := w.Credentials()
	out := demoCredentials{
		BaseURL:                baseURL,
		ShellSecretFile:        absolute(cfg.ShellSecretFile),
		KASSecretFile:          absolute(cfg.KASSecretFile),
		ErrorTrackingTokenFile: absolute(cfg.ErrorTrackingTokenFile),
		AdminToken:             creds.AdminToken,
		AgentTokens:            creds.AgentTokens,
		SCIMTokens:             creds.SCIMTokens,
		SSHKeys:                map[string]string{},
	}
	agents := make([]string, 0, len(creds.AgentTokens))
	for name := range creds.AgentTokens {
		agents = append(agents, name)
	}
	if slices.Sort(agents); len(agents) > 0 {
		out.AgentToken = creds.AgentTokens[agents[0]]
	}
	for id, line := range creds.SSHPublicKeys {
		out.SSHKeys[fmt.Sprint(id)] = line
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err := safefile.MkdirAll(cfg.DataDir); err != nil {
		return dataDirError(err)
	}
	// Replaced, never written through: a link planted as demo.json is replaced, not followed.
	path := filepath.Join(cfg.DataDir, "demo.json")
	if err := safefile.WriteFile(path, append(data, '\n')); err != nil {
		return fmt.Errorf("write demo credentials: %w", err)
	}
	return nil
}

func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
