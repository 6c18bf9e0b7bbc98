// Package version says which glia this is and which GitLab it answers as.
package version

// Version is glia's own version.
const Version = "0.1.0"

// GitLabVersion is the GitLab release whose internal API glia implements; /internal/check
// reports it, as GitLab reports its own.
const GitLabVersion = "18.6.0"

// Revision is glia's source revision, set at build time with
// -ldflags "-X github.com/glia-dev/glia/internal/version.Revision=<sha>".
var Revision = "unknown"
