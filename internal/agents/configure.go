package agents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/glia-dev/glia/internal/store"
)

// Configure stores the configuration kas read for an agent and replaces the authorisations its
// ci_access and user_access sections grant (GitLab's CiAccess and UserAccess refresh
// services). Entries name projects and groups by full path in `id`; entries naming nothing are
// skipped. A user_access entry carries the section's access_as, as GitLab stores it.
func Configure(ctx context.Context, st Store, agentID int64, config map[string]any) error {
	raw, err := json.Marshal(config)
	if err != nil {
		return fmt.Errorf("encode agent configuration: %w", err)
	}
	c := store.AgentConfiguration{Config: raw}
	for _, section := range []string{"ci_access", "user_access"} {
		body, _ := config[section].(map[string]any)
		shared := map[string]any{}
		if section == "user_access" && body["access_as"] != nil {
			shared["access_as"] = body["access_as"]
		}
		c.Projects = append(c.Projects, entries(section, body["projects"], shared)...)
		c.Groups = append(c.Groups, entries(section, body["groups"], shared)...)
	}
	err = st.ConfigureAgent(ctx, agentID, c)
	if errors.Is(err, store.ErrNotFound) {
		return ErrAgentNotFound
	}
	return err
}

// entries reads a section's list of {id: full path, …settings}; anything else is skipped, as
// kas has already validated the file.
func entries(section string, list any, shared map[string]any) []store.AgentAuthorization {
	items, _ := list.([]any)
	var out []store.AgentAuthorization
	for _, item := range items {
		entry, _ := item.(map[string]any)
		path, _ := entry["id"].(string)
		if path == "" {
			continue
		}
		settings := map[string]any{}
		for k, v := range shared {
			settings[k] = v
		}
		for k, v := range entry {
			if k != "id" {
				settings[k] = v
			}
		}
		raw, err := json.Marshal(settings)
		if err != nil {
			continue // values decoded from JSON always encode again
		}
		out = append(out, store.AgentAuthorization{Access: section, FullPath: path, Settings: raw})
	}
	return out
}
