package conformance_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/contract"
)

// TestSpecExamples_WorkAsWrittenAgainstTheDemoWorld replays every request example of the three
// specs — each request body example, with the path and required query parameters taken from
// their own examples — against a fresh glia serving the demo world, as the caller the
// operation's security names. Each must succeed (2xx) with an answer the spec allows, for one
// of its parameters' examples at least (a group's path or id): an example a client copies from
// the reference works as written. The refusals on the way answer as the spec says and change
// nothing, so they share the example's server.
func TestSpecExamples_WorkAsWrittenAgainstTheDemoWorld(t *testing.T) {
	checker, err := contract.New()
	require.NoError(t, err)
	examples := specExamples(t, checker)
	require.NotEmpty(t, examples)
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			// Examples of one operation may contradict each other (two creates of one
			// subscription), so each gets a world of its own.
			tg := startGlia(t, "127.0.0.1:0")
			var statuses []int
			for _, target := range ex.targets {
				s := ex.scenario
				s.path = target
				status := exchange(t, tg, checker, s.request(t, tg), s.op)
				if status >= 200 && status < 300 {
					return
				}
				statuses = append(statuses, status)
			}
			t.Errorf("%s answered %v to %v", ex.name, statuses, ex.targets)
		})
	}
}

// specExample is one request example: the request, and the URLs its parameters' examples make.
type specExample struct {
	scenario
	targets []string
}

// specExamples are the request examples of every operation.
func specExamples(t *testing.T, checker *contract.Checker) []specExample {
	t.Helper()
	var out []specExample
	for _, spec := range checker.Specs {
		for _, path := range spec.Doc.Paths.InMatchingOrder() {
			item := spec.Doc.Paths.Value(path)
			for method, op := range item.Operations() {
				if op.RequestBody == nil || op.RequestBody.Value == nil {
					continue
				}
				targets := exampleURLs(t, op.OperationID, path, slices.Concat(item.Parameters, op.Parameters))
				for contentType, media := range op.RequestBody.Value.Content {
					for name, value := range mediaExamples(media) {
						out = append(out, specExample{scenario: scenario{
							name: fmt.Sprintf("%s %s example %s", op.OperationID, contentType, name), op: op.OperationID,
							kind: success, as: callerOf(t, spec.Doc, op), method: method,
							contentType: contentType, body: encodeExample(t, contentType, value),
						}, targets: targets})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// mediaExamples are a request body's examples by name; a lone example is "example".
func mediaExamples(media *openapi3.MediaType) map[string]any {
	out := map[string]any{}
	if media.Example != nil {
		out["example"] = media.Example
	}
	for name, ex := range media.Examples {
		if ex.Value != nil {
			out[name] = ex.Value.Value
		}
	}
	return out
}

// exampleURLs are path with its path parameters and required query parameters set to their
// examples, one URL per combination; a parameter without one fails the test, since the
// reference could not show it.
func exampleURLs(t *testing.T, op, path string, params openapi3.Parameters) []string {
	t.Helper()
	urls := []string{path}
	for _, ref := range params {
		p := ref.Value
		if p.In != openapi3.ParameterInPath && !(p.In == openapi3.ParameterInQuery && p.Required) {
			continue
		}
		values := parameterExamples(p)
		require.NotEmpty(t, values, "%s: parameter %s has no example", op, p.Name)
		var next []string
		for _, u := range urls {
			for _, v := range values {
				if p.In == openapi3.ParameterInPath {
					next = append(next, strings.Replace(u, "{"+p.Name+"}", url.PathEscape(v), 1))
				} else {
					next = append(next, addQuery(u, p.Name, v))
				}
			}
		}
		urls = next
	}
	return urls
}

func addQuery(u, name, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + url.Values{name: {value}}.Encode()
}

// parameterExamples are a parameter's examples: its own, its named ones (by name), or its
// schema's.
func parameterExamples(p *openapi3.Parameter) []string {
	if p.Example != nil {
		return []string{fmt.Sprint(p.Example)}
	}
	var out []string
	for _, name := range slices.Sorted(maps.Keys(p.Examples)) {
		if ex := p.Examples[name].Value; ex != nil {
			out = append(out, fmt.Sprint(ex.Value))
		}
	}
	if len(out) == 0 && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Example != nil {
		out = append(out, fmt.Sprint(p.Schema.Value.Example))
	}
	return out
}

// encodeExample writes an example value as a body of contentType: JSON, or a form with Rails's
// nesting (`scopes[]=a`, `counters[gitops_sync]=1`) as the seed's examples send them. A form
// keeps each array element's fields together, since Rails starts a new element of an array of
// hashes where a field repeats.
func encodeExample(t *testing.T, contentType string, value any) string {
	t.Helper()
	if contentType != formType {
		body, err := json.Marshal(value)
		require.NoError(t, err)
		return string(body)
	}
	var pairs []string
	var add func(key string, v any)
	add = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if key == "" {
					add(k, v[k])
				} else {
					add(key+"["+k+"]", v[k])
				}
			}
		case []any:
			for _, inner := range v {
				add(key+"[]", inner)
			}
		default:
			pairs = append(pairs, url.QueryEscape(key)+"="+url.QueryEscape(fmt.Sprint(v)))
		}
	}
	add("", value)
	return strings.Join(pairs, "&")
}

// callerOf is who calls op, by the first security requirement it (or its spec) declares.
func callerOf(t *testing.T, doc *openapi3.T, op *openapi3.Operation) caller {
	t.Helper()
	security := doc.Security
	if op.Security != nil {
		security = *op.Security
	}
	require.NotEmpty(t, security, "%s declares no security", op.OperationID)
	schemes := security[0]
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := schemes[n]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("agentToken", "agentkToken", "agentHeaderToken"):
		return agent
	case has("kasJWT"):
		return kas
	case has("shellJWT", "sharedSecret", "secretToken"):
		return gitlabShell
	case has("customersDotJWT"):
		return customersDot
	case has("privateToken", "bearerToken", "seedToken"):
		return billingAdmin
	case has("scimToken"):
		return identityProvider
	case has("errorTrackingToken", "errorTrackingTokenParam"):
		return errorTrackingService
	}
	t.Fatalf("%s: no caller holds %v", op.OperationID, schemes)
	return anonymous
}
