package scimapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// requestParams renders a request the way GitLab quotes it in error details
// ("Error saving user with <params>"): Ruby ≥ 3.4's Hash#inspect of the request's parameters —
// the JSON body's attributes, then the route's — with secrets replaced by "[FILTERED]" as Rails'
// parameter filter does. body is the decoded request body; it is encoded again, so attributes
// appear in the order encoding/json writes them.
func requestParams(body any, route ...[2]string) string {
	data, err := json.Marshal(body)
	if err != nil {
		return "{}"
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	out, err := inspectValue(dec)
	if err != nil || !strings.HasPrefix(out, "{") {
		out = "{}"
	}
	var extra []string
	for _, kv := range route {
		extra = append(extra, rubyString(kv[0])+" => "+rubyString(kv[1]))
	}
	if len(extra) == 0 {
		return out
	}
	if out == "{}" {
		return "{" + strings.Join(extra, ", ") + "}"
	}
	return strings.TrimSuffix(out, "}") + ", " + strings.Join(extra, ", ") + "}"
}

// inspectValue reads the next JSON value of dec and writes it in Ruby's inspect notation.
func inspectValue(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return inspectObject(dec)
		}
		return inspectArray(dec)
	case nil:
		return "nil", nil
	case bool:
		return fmt.Sprint(t), nil
	case json.Number:
		return t.String(), nil
	case string:
		return rubyString(t), nil
	}
	return "", fmt.Errorf("unexpected JSON token %v", tok)
}

func inspectObject(dec *json.Decoder) (string, error) {
	var pairs []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		key, _ := tok.(string)
		value, err := inspectValue(dec)
		if err != nil {
			return "", err
		}
		if secretParam(key) {
			value = rubyString("[FILTERED]")
		}
		pairs = append(pairs, rubyString(key)+" => "+value)
	}
	_, err := dec.Token() // the closing brace
	return "{" + strings.Join(pairs, ", ") + "}", err
}

func inspectArray(dec *json.Decoder) (string, error) {
	var items []string
	for dec.More() {
		item, err := inspectValue(dec)
		if err != nil {
			return "", err
		}
		items = append(items, item)
	}
	_, err := dec.Token() // the closing bracket
	return "[" + strings.Join(items, ", ") + "]", err
}

// secretParam is GitLab's filter_parameters for the names a SCIM request can carry: *token,
// *password*, *secret*, *key.
func secretParam(name string) bool {
	name = strings.ToLower(name)
	return strings.HasSuffix(name, "token") || strings.Contains(name, "password") ||
		strings.Contains(name, "secret") || strings.HasSuffix(name, "key")
}

// rubyString is String#inspect: double quotes, backslash escapes for quotes, backslashes, control
// characters and "#{", "#$", "#@" (which would interpolate).
func rubyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '#' && i+1 < len(s) && strings.ContainsRune("{$@", rune(s[i+1])):
			b.WriteString(`\#`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == 0x1b:
			b.WriteString(`\e`)
		case r == unicode.ReplacementChar || !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
