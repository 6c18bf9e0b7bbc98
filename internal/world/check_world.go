package world

import (
	"slices"
	"strings"
)

// world checks and converts the whole file.
func (c *checker) world(f fileWorld) *World {
	c.index(f)
	w := &World{
		Users:                   make([]User, len(f.Users)),
		Groups:                  make([]Group, len(f.Groups)),
		Projects:                make([]Project, len(f.Projects)),
		DeployKeys:              make([]DeployKey, len(f.DeployKeys)),
		UpcomingReconciliations: make([]UpcomingReconciliation, len(f.UpcomingReconciliations)),
	}
	for i, u := range f.Users {
		w.Users[i] = c.user(u, c.root.key("users").index(i))
	}
	for i, g := range f.Groups {
		w.Groups[i] = c.group(g, c.root.key("groups").index(i))
	}
	for i, p := range f.Projects {
		w.Projects[i] = c.project(p, c.root.key("projects").index(i))
	}
	for i, k := range f.DeployKeys {
		w.DeployKeys[i] = c.deployKey(k, c.root.key("deploy_keys").index(i))
	}
	for i, r := range f.UpcomingReconciliations {
		w.UpcomingReconciliations[i] = c.reconciliation(r, c.root.key("upcoming_reconciliations").index(i))
	}
	// Whoever writes groups needs each parent before its subgroups.
	slices.SortStableFunc(w.Groups, func(a, b Group) int {
		return strings.Count(a.FullPath, "/") - strings.Count(b.FullPath, "/")
	})
	return w
}

func (c *checker) deployKey(f fileDeployKey, at pos) DeployKey {
	k := DeployKey{
		SSHKey:   c.sshKey(f.fileSSHKey, at),
		User:     c.optionalUserRef(at.key("user"), f.User),
		Projects: make([]DeployKeyProject, len(f.Projects)),
	}
	for i, p := range f.Projects {
		projectAt := at.key("projects").index(i).key("project")
		k.Projects[i] = DeployKeyProject{Project: c.projectRef(projectAt, p.Project), CanPush: p.CanPush}
		c.claim("project of deploy key "+k.Title, p.Project, projectAt)
	}
	return k
}

func (c *checker) reconciliation(f fileReconciliation, at pos) UpcomingReconciliation {
	if f.Namespace == "" {
		c.errorf(at.key("namespace"), "namespace is required")
	} else if c.namespaceRef(at.key("namespace"), f.Namespace) {
		c.claim("upcoming reconciliation for", f.Namespace, at.key("namespace"))
	}
	if f.NextReconciliationDate.IsZero() {
		c.errorf(at.key("next_reconciliation_date"), "next_reconciliation_date is required")
	}
	if f.DisplayAlertFrom.IsZero() {
		c.errorf(at.key("display_alert_from"), "display_alert_from is required")
	}
	return UpcomingReconciliation{
		Namespace:              f.Namespace,
		NextReconciliationDate: f.NextReconciliationDate,
		DisplayAlertFrom:       f.DisplayAlertFrom,
	}
}
