// Package project finds the project (repository container) a GitLab Shell or Gitaly request is
// about, from a path as typed by the user or a gl_repository identifier.
package project

// Store is what project resolution needs from the database.
type Store interface{}
