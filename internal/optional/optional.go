// Package optional converts between the three-state parameters of the APIs (absent, null or a
// value: nullable.Nullable) and the nil-able pointers of the database rows.
package optional

import "github.com/oapi-codegen/nullable"

// Pointer is v's value, nil when v is null or absent.
func Pointer[T any](v nullable.Nullable[T]) *T {
	if !v.IsSpecified() || v.IsNull() {
		return nil
	}
	value := v.MustGet()
	return &value
}

// Equal reports whether a and b are both nil or point to equal values.
func Equal[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
