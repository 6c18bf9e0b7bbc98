// Package errortracking answers whether an error-tracking client key may report for a project.
package errortracking

// Store is what the error-tracking check needs from the database.
type Store interface{}
