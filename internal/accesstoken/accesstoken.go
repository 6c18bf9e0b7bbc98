// Package accesstoken creates and verifies personal access tokens (glpat-…), as GitLab Shell's
// personal_access_token command and the billing API's admin credential need them.
package accesstoken

// Store is what personal access tokens need from the database.
type Store interface{}
