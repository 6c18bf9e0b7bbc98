package world

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads a fixture file. source names it in error messages (usually its path). The result
// is fully checked: every reference resolves, every enum is known, every SSH key parses, nothing
// is declared twice. On failure the error joins every problem found, each an *Error.
//
// Problems are found in two rounds: first the YAML itself (syntax, unknown keys, wrong types),
// then the meaning of a well-formed file. The second round runs only when the first found
// nothing, because a mistyped field would otherwise cascade into misleading follow-up errors.
func Parse(data []byte, source string) (*World, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, errors.Join(yamlErrors(source, err)...)
	}
	raw, errs := decodeStrict(data, source)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c := newChecker(source, pos{&doc})
	w := c.world(raw)
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return w, nil
}

// ParseFile reads and parses the fixture file at path.
func ParseFile(path string) (*World, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// decodeStrict decodes the single document in data, rejecting keys the format does not know.
// yaml.v3 only does that through a Decoder (Node.Decode is never strict).
func decodeStrict(data []byte, source string) (fileWorld, []error) {
	var raw fileWorld
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return raw, yamlErrors(source, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return raw, []error{&Error{source, max(extra.Line, 1), "a fixture file holds one YAML document"}}
	}
	return raw, nil
}

var (
	linePrefix     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownField   = regexp.MustCompile(`^field (\S+) not found in type `)
	wrongType      = regexp.MustCompile("^cannot unmarshal (\\S+)( `.*`)? into (.+)$")
	duplicateField = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
)

// yamlErrors turns yaml.v3's errors ("yaml: line 3: …", or a TypeError listing "line 3: …"
// messages) into *Error values with the wording of this format.
func yamlErrors(source string, err error) []error {
	var messages []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		messages = typeErr.Errors
	} else {
		messages = []string{err.Error()}
	}
	errs := make([]error, 0, len(messages))
	for _, msg := range messages {
		// yaml.v3 leaves out the line for problems on the first line of the input.
		line, reason := 1, strings.TrimPrefix(msg, "yaml: ")
		if m := linePrefix.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			reason = m[2]
			if parserProblems[reason] {
				line++
			}
		}
		errs = append(errs, &Error{source, line, reword(reason)})
	}
	return errs
}

// parserProblems are the messages of yaml.v3's parser (as opposed to its scanner), whose line
// numbers it reports counting from 0. yaml.v3 is frozen, so this list stays complete.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// reword replaces yaml.v3's Go-flavoured messages (which name this package's private types)
// with ones that speak of the file.
func reword(reason string) string {
	if m := unknownField.FindStringSubmatch(reason); m != nil {
		return fmt.Sprintf("unknown key %q", m[1])
	}
	if m := duplicateField.FindStringSubmatch(reason); m != nil {
		return fmt.Sprintf("duplicate key %q (first at line %s)", m[1], m[2])
	}
	if m := wrongType.FindStringSubmatch(reason); m != nil {
		return fmt.Sprintf("want %s, got %s%s", describeGoType(m[3]), m[1], m[2])
	}
	return reason
}

// describeGoType names what a value decoded into a Go type must look like in YAML.
func describeGoType(t string) string {
	switch {
	case strings.HasPrefix(t, "int"):
		return "an integer"
	case t == "bool" || t == "*bool":
		return "true or false"
	case t == "string":
		return "a string"
	case strings.HasSuffix(t, "time.Time"):
		return "a date (2006-01-02) or an RFC 3339 timestamp"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	default:
		return "a mapping"
	}
}
