package gitaccess

import (
	"context"
	"net/url"
	"strings"

	"github.com/glia-dev/glia/internal/project"
)

// afterSuccess does what GitLab does once a command is allowed: for a project reached by an old
// path, leave the "moved" notice that post-receive prints.
func afterSuccess(ctx context.Context, st Store, cfg Config, req Request, r Result) error {
	if r.Project.RedirectedFrom == "" || r.User == nil {
		return nil
	}
	return st.AddPushNotice(ctx, r.User.ID, r.Project.GLRepository(), movedNotice(cfg, req.Protocol, r.Project.RedirectedFrom, r.Project.FullPath))
}

// movedNotice is GitLab's redirect message (docs/gitlab-rules.md §1.7).
func movedNotice(cfg Config, protocol, requested, current string) string {
	return "Project '" + requested + "' was moved to '" + current + "'.\n\n" +
		"Please update your Git remote:\n\n" +
		"  git remote set-url origin " + cloneURL(cfg, protocol, current) + "\n"
}

// createdNotice is GitLab's create-on-push message (docs/gitlab-rules.md §1.7).
func createdNotice(cfg Config, protocol, fullPath string) string {
	return "\nThe private project " + fullPath + " was successfully created.\n\n" +
		"To configure the remote, run:\n" +
		"  git remote add origin " + cloneURL(cfg, protocol, fullPath) + "\n\n" +
		"To view the project, visit:\n" +
		"  " + strings.TrimRight(cfg.ExternalURL, "/") + "/" + fullPath + "\n\n"
}

// cloneURL is the project's SSH clone URL for SSH pushes and its HTTP one otherwise.
func cloneURL(cfg Config, protocol, fullPath string) string {
	if protocol == "ssh" {
		host := cfg.Settings.SSHHost
		if host == "" {
			if u, err := url.Parse(cfg.ExternalURL); err == nil {
				host = u.Hostname()
			}
		}
		return project.SSHCloneURL(host, fullPath)
	}
	return project.HTTPCloneURL(cfg.ExternalURL, fullPath)
}
