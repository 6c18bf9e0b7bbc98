package world

import "fmt"

// Error is one problem in a fixture file. Parse joins all it finds (errors.Join), each printed as
// "<source>:<line>: <reason>" so editors and CI logs can jump to it.
type Error struct {
	Source string
	Line   int
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Reason) }
