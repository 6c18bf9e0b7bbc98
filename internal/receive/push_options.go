package receive

import (
	"regexp"
	"slices"
	"strings"
)

// PushOptions are parsed push options (git push -o, Gitlab::PushOptions): by namespace, then by
// key, the option's value — a string, or true for an option given without one — or, for the
// options that may be repeated, the number of times each value was given. Marshalled to JSON it
// is GitLab's push_options hash, which webhook payloads carry.
type PushOptions map[string]map[string]any

// validPushOptions are the options GitLab knows; anything else is dropped without a word.
var validPushOptions = map[string][]string{
	"merge_request": {"assign", "create", "description", "draft", "label", "merge_when_pipeline_succeeds",
		"milestone", "remove_source_branch", "squash", "target", "target_project", "title", "unassign", "unlabel"},
	"ci":                     {"skip", "variable"},
	"integrations":           {"skip_ci"},
	"secret_detection":       {"skip_all"},
	"secret_push_protection": {"skip_all"},
}

// multiValuePushOptions may be given several times; each value is counted.
var multiValuePushOptions = map[string][]string{
	"ci":            {"variable"},
	"merge_request": {"label", "unlabel", "assign", "unassign"},
}

// pushOptionAliases are namespace abbreviations.
var pushOptionAliases = map[string]string{"mr": "merge_request"}

// pushOptionPattern is GitLab's OPTION_MATCHER, unanchored as GitLab uses it:
// <namespace>.<key>[=<value>].
var pushOptionPattern = regexp.MustCompile(`([^.]+)\.([^=]+)=?(.*)`)

// ParsePushOptions parses options as GitLab does: each is namespace.key or namespace.key=value,
// parts stripped of surrounding whitespace; an empty value means true; a later value of a
// single-value option replaces an earlier one.
func ParsePushOptions(raw []string) PushOptions {
	options := PushOptions{}
	for _, option := range raw {
		m := pushOptionPattern.FindStringSubmatch(option)
		if m == nil {
			continue
		}
		namespace, key, value := rubyStrip(m[1]), rubyStrip(m[2]), rubyStrip(m[3])
		if alias, ok := pushOptionAliases[namespace]; ok {
			namespace = alias
		}
		if !slices.Contains(validPushOptions[namespace], key) {
			continue
		}
		if options[namespace] == nil {
			options[namespace] = map[string]any{}
		}
		var v any = true
		if value != "" {
			v = value
		}
		if !slices.Contains(multiValuePushOptions[namespace], key) {
			options[namespace][key] = v
			continue
		}
		counts, _ := options[namespace][key].(map[string]int)
		if counts == nil {
			counts = map[string]int{}
			options[namespace][key] = counts
		}
		counts[valueKey(v)]++
	}
	return options
}

// has reports whether the option namespace.key was given (with any value: GitLab tests options
// for presence, so even "create=false" asks for creation).
func (o PushOptions) has(namespace, key string) bool {
	_, ok := o[namespace][key]
	return ok
}

// valueKey is how a counted value is keyed: Ruby's hash turns true into "true" in JSON.
func valueKey(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return "true"
}

// rubyStrip is Ruby's String#strip: ASCII whitespace at both ends (not Unicode spaces).
func rubyStrip(s string) string { return strings.Trim(s, " \t\n\v\f\r") }
