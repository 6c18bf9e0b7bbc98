// Package lfs issues and verifies the short-lived tokens GitLab Shell hands to Git LFS clients
// (git-lfs-authenticate over SSH).
package lfs

// Store is what LFS authentication needs from the database.
type Store interface{}
