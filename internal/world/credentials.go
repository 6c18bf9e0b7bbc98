package world

// Credentials are the secrets and ids a script needs to talk to glia as the world's actors
// (`glia serve --demo` writes the demo world's to <data-dir>/demo.json).
type Credentials struct {
	// AdminToken is the first unrevoked personal access token of the first admin user ("" when
	// there is none): what the billing API's PRIVATE-TOKEN header takes.
	AdminToken string
	// AgentTokens maps "<project full path>:<agent name>" (GitLab's way to name an agent) to the
	// agent's first unrevoked token.
	AgentTokens map[string]string
	// SCIMTokens maps a group's full path to its SCIM token.
	SCIMTokens map[string]string
	// SSHPublicKeys maps a key id to its OpenSSH line, for user and deploy keys alike. Keys
	// without a pinned id are left out: their id is known only once they are loaded.
	SSHPublicKeys map[int64]string
}

// Credentials collects the world's credentials.
func (w *World) Credentials() Credentials {
	c := Credentials{
		AgentTokens:   map[string]string{},
		SCIMTokens:    map[string]string{},
		SSHPublicKeys: map[int64]string{},
	}
	for _, u := range w.Users {
		if u.Admin && c.AdminToken == "" {
			c.AdminToken = firstUnrevoked(u.AccessTokens)
		}
		for _, k := range u.SSHKeys {
			addKey(c.SSHPublicKeys, k)
		}
	}
	for _, k := range w.DeployKeys {
		addKey(c.SSHPublicKeys, k.SSHKey)
	}
	for _, g := range w.Groups {
		if g.SCIMToken != "" {
			c.SCIMTokens[g.FullPath] = g.SCIMToken
		}
	}
	for _, p := range w.Projects {
		for _, a := range p.Agents {
			for _, t := range a.Tokens {
				if !t.Revoked {
					c.AgentTokens[p.FullPath+":"+a.Name] = t.Token
					break
				}
			}
		}
	}
	return c
}

func firstUnrevoked(tokens []PersonalAccessToken) string {
	for _, t := range tokens {
		if !t.Revoked {
			return t.Token
		}
	}
	return ""
}

func addKey(keys map[int64]string, k SSHKey) {
	if k.ID > 0 {
		keys[k.ID] = k.Key
	}
}
