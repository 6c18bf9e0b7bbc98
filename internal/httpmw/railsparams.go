package httpmw

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/glia-dev/glia/internal/auth"
)

const (
	mediaJSON = "application/json"
	mediaForm = "application/x-www-form-urlencoded"
)

// credentialParams are the credentials a Rails client may send as parameters: the seed's
// legacy secret_token and the error-tracking service's token. Wherever one was sent, it ends up
// in the query string, where the spec's security scheme for it looks.
var credentialParams = map[string]bool{auth.ParamSecretToken: true, auth.ParamErrorTrackingToken: true}

// paramError is a parameter whose Rails-style name or nesting cannot be read.
type paramError struct{ name string }

func (e *paramError) Error() string { return "parameter " + e.name + " is malformed" }

// foldRailsParams turns what Rails clients send into the JSON document the operation's schema
// describes, so that one schema, one validator and one handler serve every caller:
//   - a form-encoded body with Rails-style names (scopes[]=a, packs[0][purchase_xid]=x);
//   - parameters a body-taking request carries in its query string (the seed's CustomersDot
//     examples POST with everything there), unless the operation declares them as query
//     parameters.
//
// Strings are coerced to the schema's integer, number and boolean types, as Grape does. JSON
// bodies — what real callers send — pass through untouched.
func foldRailsParams(r *http.Request, route *routers.Route) error {
	schema := jsonBodySchema(route.Operation)
	if schema == nil {
		return nil
	}
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	hasBody := r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0
	if hasBody && media != mediaForm {
		return nil
	}
	declared := declaredQueryParams(route)
	var pairs [][2]string
	var kept []string
	for _, pair := range splitPairs(r.URL.RawQuery) {
		if base := baseName(pair[0]); declared[base] || credentialParams[pair[0]] {
			kept = append(kept, url.QueryEscape(pair[0])+"="+url.QueryEscape(pair[1]))
		} else {
			pairs = append(pairs, pair)
		}
	}
	if hasBody {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		for _, pair := range splitPairs(string(raw)) {
			if credentialParams[pair[0]] {
				kept = append(kept, url.QueryEscape(pair[0])+"="+url.QueryEscape(pair[1]))
			} else {
				pairs = append(pairs, pair)
			}
		}
	}
	if len(pairs) == 0 && !hasBody {
		return nil
	}
	doc := map[string]any{}
	for _, pair := range pairs {
		if err := assign(doc, railsSegments(pair[0]), pair[1]); err != nil {
			return err
		}
	}
	body, err := json.Marshal(coerce(doc, schema))
	if err != nil {
		return err
	}
	r.URL.RawQuery = strings.Join(kept, "&")
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Type", mediaJSON)
	r.Form, r.PostForm = nil, nil
	return nil
}

func jsonBodySchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	media := op.RequestBody.Value.Content.Get(mediaJSON)
	if media == nil || media.Schema == nil {
		return nil
	}
	return media.Schema.Value
}

func declaredQueryParams(route *routers.Route) map[string]bool {
	declared := map[string]bool{}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range params {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	return declared
}

// splitPairs decodes "a=1&b[]=2" keeping the order, which Rails nesting depends on.
func splitPairs(raw string) [][2]string {
	var pairs [][2]string
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		key, value, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(key)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil || k == "" {
			continue // Rack drops undecodable pairs too
		}
		pairs = append(pairs, [2]string{k, v})
	}
	return pairs
}

func baseName(key string) string {
	if i := strings.IndexByte(key, '['); i > 0 {
		return key[:i]
	}
	return key
}

// railsSegments splits "packs[0][purchase_xid]" into ["packs", "0", "purchase_xid"]; "[]" gives
// an empty segment (append to a list).
func railsSegments(key string) []string {
	i := strings.IndexByte(key, '[')
	if i <= 0 {
		return []string{key}
	}
	segs := []string{key[:i]}
	rest := key[i:]
	for len(rest) > 0 && rest[0] == '[' {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			break
		}
		segs = append(segs, rest[1:end])
		rest = rest[end+1:]
	}
	return segs
}

// assign places value at segs inside m, following Rack's rules for "[]" (append) and "[][k]"
// (a list of hashes: start a new hash when the last one already has k).
func assign(m map[string]any, segs []string, value string) error {
	key := segs[0]
	if len(segs) == 1 {
		m[key] = value
		return nil
	}
	if segs[1] == "" {
		list, ok := m[key].([]any)
		if !ok && m[key] != nil {
			return &paramError{key}
		}
		if len(segs) == 2 {
			m[key] = append(list, value)
			return nil
		}
		var last map[string]any
		if n := len(list); n > 0 {
			last, _ = list[n-1].(map[string]any)
		}
		if last == nil || last[segs[2]] != nil {
			last = map[string]any{}
			list = append(list, last)
		}
		m[key] = list
		return assign(last, segs[2:], value)
	}
	child, ok := m[key].(map[string]any)
	if !ok {
		if m[key] != nil {
			return &paramError{key}
		}
		child = map[string]any{}
		m[key] = child
	}
	return assign(child, segs[1:], value)
}

// coerce converts form strings to the types the schema asks for. Values that do not convert are
// left as strings for the validator to reject with the parameter's name.
func coerce(v any, schema *openapi3.Schema) any {
	if schema == nil {
		return v
	}
	if s, ok := v.(string); ok && s == "" && !schema.Type.Is(openapi3.TypeString) && schema.Type != nil {
		return nil // an empty form field means "no value", as in Grape
	}
	switch {
	case schema.Type.Is(openapi3.TypeInteger):
		if s, ok := v.(string); ok {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n
			}
		}
	case schema.Type.Is(openapi3.TypeNumber):
		if s, ok := v.(string); ok {
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return f
			}
		}
	case schema.Type.Is(openapi3.TypeBoolean):
		if s, ok := v.(string); ok {
			switch strings.ToLower(s) {
			case "true", "1":
				return true
			case "false", "0":
				return false
			}
		}
	case schema.Type.Is(openapi3.TypeArray):
		list := asList(v)
		if list == nil {
			return v
		}
		var items *openapi3.Schema
		if schema.Items != nil {
			items = schema.Items.Value
		}
		for i := range list {
			list[i] = coerce(list[i], items)
		}
		return list
	case schema.Type.Is(openapi3.TypeObject) || len(schema.Properties) > 0:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		for k, child := range m {
			if prop := schema.Properties[k]; prop != nil {
				m[k] = coerce(child, prop.Value)
			} else if extra := schema.AdditionalProperties.Schema; extra != nil {
				m[k] = coerce(child, extra.Value)
			}
		}
		return m
	}
	return v
}

// asList reads a list the ways a form can send one: "a[]=x" (already a list), "a=x" (one
// element), or "a[0]=x&a[1]=y" (a hash with index keys).
func asList(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case string:
		return []any{t}
	case map[string]any:
		keys := make([]int, 0, len(t))
		for k := range t {
			n, err := strconv.Atoi(k)
			if err != nil || n < 0 {
				return nil
			}
			keys = append(keys, n)
		}
		sort.Ints(keys)
		list := make([]any, 0, len(keys))
		for _, k := range keys {
			list = append(list, t[strconv.Itoa(k)])
		}
		return list
	}
	return nil
}
