package scim

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Operation is one RFC 7644 PATCH operation as the identity provider sent it; Value is the
// decoded JSON value (string, bool, float64, nil, []any or map[string]any).
type Operation struct {
	Op    string
	Path  string // "" when absent
	Value any
}

// Update is what a PATCH asks for, after GitLab's parsing. Nil fields were not asked for.
type Update struct {
	// Active false deprovisions; true reprovisions an inactive identity.
	Active *bool
	// ExternUID re-keys the identity (path id or externalId).
	ExternUID *string
}

// ParsePatch reads operations GitLab's way: only add and replace act (op in any case; Entra
// sends Add/Replace/Remove, Okta replace, GitLab's documentation Update); with a path the
// operation sets that attribute, without one every attribute of its value object (GitLab reads
// only the first, which drops Entra's active when another attribute comes first); attribute
// names in any case; later operations override earlier ones; attributes other than active, id
// and externalId are ignored, as GitLab ≥ 15.0 ignores them. A value the attribute cannot take
// is an *InvalidValueError.
func ParsePatch(ops []Operation) (Update, error) {
	var u Update
	for i, op := range ops {
		if !strings.EqualFold(op.Op, "add") && !strings.EqualFold(op.Op, "replace") {
			continue
		}
		if op.Path != "" {
			if err := u.set(op.Path, op.Value); err != nil {
				return Update{}, err
			}
			continue
		}
		attributes, ok := op.Value.(map[string]any)
		if !ok {
			return Update{}, &InvalidValueError{fmt.Sprintf("Operations[%d]: an operation without path needs an object value", i)}
		}
		// Sorted, so that an object naming both id and externalId always ends the same way.
		for _, name := range slices.Sorted(maps.Keys(attributes)) {
			if err := u.set(name, attributes[name]); err != nil {
				return Update{}, err
			}
		}
	}
	return u, nil
}

// set records one attribute's new value. A null value means "not given".
func (u *Update) set(path string, value any) error {
	if value == nil {
		return nil
	}
	value = coerce(value)
	switch strings.TrimPrefix(strings.ToLower(path), userSchemaPrefix) {
	case "active":
		active, ok := value.(bool)
		if !ok {
			return &InvalidValueError{fmt.Sprintf(`active must be a boolean or "true"/"false", got %s`, describe(value))}
		}
		u.Active = &active
	case "id", "externalid":
		uid, ok := value.(string)
		if !ok {
			return &InvalidValueError{fmt.Sprintf("%s must be a string, got %s", path, describe(value))}
		}
		u.ExternUID = &uid
	}
	return nil
}

// coerce is GitLab's value coercion: strings lose every `"`, and then "true"/"false" (any case,
// Entra's "True"/"False") are booleans.
func coerce(value any) any {
	s, ok := value.(string)
	if !ok {
		return value
	}
	s = strings.ReplaceAll(s, `"`, "")
	switch {
	case strings.EqualFold(s, "true"):
		return true
	case strings.EqualFold(s, "false"):
		return false
	}
	return s
}

// describe names a rejected value briefly: strings quoted and cut, other values by JSON type.
func describe(value any) string {
	switch v := value.(type) {
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return fmt.Sprintf("%q", v)
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", value)
}
