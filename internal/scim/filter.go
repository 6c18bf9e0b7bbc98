package scim

import (
	"encoding/json"
	"strings"
)

// FilterAttribute is what a supported filter compares.
type FilterAttribute int

// The attributes a filter may name. id and externalId are both the identity's extern_uid.
const (
	FilterExternUID FilterAttribute = iota + 1
	FilterUserName
)

// Filter is a parsed `<attribute> eq <value>` expression.
type Filter struct {
	Attribute FilterAttribute
	Value     string
}

// userSchemaPrefix may stand before an attribute name (RFC 7644 §3.10: fully qualified names).
const userSchemaPrefix = "urn:ietf:params:scim:schemas:core:2.0:user:"

// ParseFilter reads the one filter shape GitLab supports: `<attribute> eq <value>`, attribute
// id, externalId or userName. Unlike GitLab, which splits the expression at spaces, it follows
// RFC 7644 §3.4.2.2: attribute names and the operator in any case, and a value that is a JSON
// string ("…", escapes allowed, spaces too) or, as GitLab's documentation writes it, a bare word.
// Everything else — other operators, and/or/not, value paths, unbalanced quotes, an empty value,
// trailing text — is ErrUnsupportedFilter.
func ParseFilter(expr string) (Filter, error) {
	attribute, rest := nextWord(expr)
	operator, rest := nextWord(rest)
	value, rest, ok := filterValue(rest)
	if !ok || value == "" || strings.TrimSpace(rest) != "" || !strings.EqualFold(operator, "eq") {
		return Filter{}, ErrUnsupportedFilter
	}
	name := strings.ToLower(attribute)
	name = strings.TrimPrefix(name, userSchemaPrefix)
	switch name {
	case "id", "externalid":
		return Filter{Attribute: FilterExternUID, Value: value}, nil
	case "username":
		return Filter{Attribute: FilterUserName, Value: value}, nil
	}
	return Filter{}, ErrUnsupportedFilter
}

// nextWord splits off the next run of non-space characters.
func nextWord(s string) (word, rest string) {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// filterValue reads a comparison value: a JSON string, or a bare word without quotes.
func filterValue(s string) (value, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(s, `"`) {
		word, rest := nextWord(s)
		return word, rest, !strings.Contains(word, `"`)
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // the escaped character cannot end the string
		case '"':
			if err := json.Unmarshal([]byte(s[:i+1]), &value); err != nil {
				return "", "", false
			}
			return value, s[i+1:], true
		}
	}
	return "", "", false // no closing quote
}
