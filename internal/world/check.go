package world

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// checker turns a decoded file into a World, collecting every problem with its line instead of
// stopping at the first. It works in two passes: index registers every name that can be
// referred to (so declarations may come in any order), then the build functions convert each
// entry and resolve its references against those names.
type checker struct {
	source string
	root   pos
	errs   []error

	// first line of every unique thing seen so far, by kind and normalised value
	seen map[string]map[string]int
	// declared names, exactly as spelt, by lower-cased name (lookups are exact; the lower-cased
	// key only serves duplicate detection and "did you mean" hints)
	users, groups, projects, deployKeys map[string]string
	deployKeyIDs                        map[int64]string // pinned id → title
	groupVisibility                     map[string]string
}

func newChecker(source string, root pos) *checker {
	return &checker{
		source:          source,
		root:            root,
		seen:            map[string]map[string]int{},
		users:           map[string]string{},
		groups:          map[string]string{},
		projects:        map[string]string{},
		deployKeys:      map[string]string{},
		deployKeyIDs:    map[int64]string{},
		groupVisibility: map[string]string{},
	}
}

func (c *checker) errorf(at pos, format string, args ...any) {
	c.errs = append(c.errs, &Error{c.source, at.line(), fmt.Sprintf(format, args...)})
}

// claim records that value of the given kind is declared at at, reporting a duplicate when it
// was declared before. Callers normalise value (lower case where the database compares so).
func (c *checker) claim(kind, value string, at pos) bool {
	return c.claimAs(kind, value, strconv.Quote(value), at)
}

// claimAs is claim with the value shown as shown ("" to leave it out of the message).
func (c *checker) claimAs(kind, value, shown string, at pos) bool {
	seen := c.seen[kind]
	if seen == nil {
		seen = map[string]int{}
		c.seen[kind] = seen
	}
	if first, dup := seen[value]; dup {
		if shown != "" {
			kind += " " + shown
		}
		c.errorf(at, "duplicate %s (first at line %d)", kind, first)
		return false
	}
	seen[value] = at.line()
	return true
}

// id checks an optional pinned id; ids of one table share a kind, since they share a sequence.
func (c *checker) id(kind string, id int64, at pos) int64 {
	switch {
	case id < 0:
		c.errorf(at, "%s must be positive", kind)
	case id > 0:
		c.claim(kind, strconv.FormatInt(id, 10), at)
	}
	return id
}

func (c *checker) require(at pos, key, value string) {
	if strings.TrimSpace(value) == "" {
		c.errorf(at, "%s is required", key)
	}
}

// pick maps an enum spelling to its value; "" gives def.
func pick[T any](c *checker, at pos, what, given string, def T, opts []option[T]) T {
	if given == "" {
		return def
	}
	v, err := lookup(what, given, opts)
	if err != nil {
		c.errorf(at, "%v", err)
		return def
	}
	return v
}

// lookup finds the value a spelling names; its error lists every spelling.
func lookup[T any](what, given string, opts []option[T]) (T, error) {
	names := make([]string, len(opts))
	for i, o := range opts {
		if o.name == given {
			return o.value, nil
		}
		names[i] = o.name
	}
	var zero T
	return zero, fmt.Errorf("unknown %s %q (want one of %s)", what, given, strings.Join(names, ", "))
}

// segment is what GitLab accepts as a username or one segment of a group or project path.
var segment = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// ValidUsername reports whether GitLab accepts name as a username (the path of the user's
// personal namespace); the admin commands apply the same rule as world files.
func ValidUsername(name string) bool { return segment.MatchString(name) }

// checkPath reports a full path (minSegments or more segments) GitLab would reject.
func (c *checker) checkPath(at pos, what, path string, minSegments int) {
	if err := CheckPath(what, path, minSegments); err != nil {
		c.errorf(at, "%v", err)
	}
}

// CheckPath refuses a full path of fewer than minSegments segments or one GitLab would reject;
// the admin commands apply the same rule as world files.
func CheckPath(what, path string, minSegments int) error {
	parts := strings.Split(path, "/")
	if len(parts) < minSegments {
		return fmt.Errorf("%s %q needs at least %d segments separated by /", what, path, minSegments)
	}
	for _, p := range parts {
		if !segment.MatchString(p) || strings.HasSuffix(p, ".git") || strings.HasSuffix(p, ".atom") {
			return fmt.Errorf("%s %q: %q is not a valid path segment (letters, digits, _ . -; not ending in .git or .atom)", what, path, p)
		}
	}
	return nil
}

// parentPath is a full path minus its last segment ("" for a single segment).
func parentPath(fullPath string) string {
	i := strings.LastIndexByte(fullPath, '/')
	if i < 0 {
		return ""
	}
	return fullPath[:i]
}

// lastSegment is the last segment of a full path.
func lastSegment(fullPath string) string {
	return fullPath[strings.LastIndexByte(fullPath, '/')+1:]
}

// orDefault returns def for an unset boolean setting.
func orDefault(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// orName returns name, or fallback when name is blank.
func orName(name, fallback string) string {
	if strings.TrimSpace(name) == "" {
		return fallback
	}
	return name
}
