package httpmw

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/routers"

	"github.com/glia-dev/glia/internal/apierror"
)

// The edge refuses what PostgreSQL cannot store: a text value may hold neither a NUL byte nor
// invalid UTF-8 (either fails the query with SQLSTATE 22021, which would surface as a 500). GitLab
// refuses both anywhere in a request's path and parameters with a 400 (its
// HandleMalformedStrings middleware, in plain text); glia refuses them in each API's own error
// body, naming the parameter the way Grape names it ("username is invalid",
// "packs[0][purchase_xid] is invalid"), and answers a path segment as a resource not found. The
// validator decides when each part is judged (see Validator.Middleware); the functions here only
// inspect. Headers are not inspected: credentials in them are hashed or compared, never stored or
// queried as they are.

// unstorableError is a caller-controlled value PostgreSQL cannot store; name is the parameter's
// Rails-style name. The value itself is never quoted, not even in the log. A path segment names
// a resource, and one that cannot be stored names nothing that exists: it is the 404 GitLab
// answers when it finds nothing (every operation with a path parameter documents it); a query or
// body parameter is the operation's 400, "<name> is invalid".
type unstorableError struct {
	name   string
	inPath bool
}

func (e *unstorableError) Error() string {
	return "parameter " + e.name + " holds a NUL byte or invalid UTF-8"
}

// apiError is the failure the caller sees.
func (e *unstorableError) apiError() *apierror.Error {
	if e.inPath {
		return &apierror.Error{Status: http.StatusNotFound, Message: "404 Not Found", Cause: e}
	}
	return apierror.InvalidParam(e.name+" is invalid", e)
}

// Storable reports whether PostgreSQL can store s as text: valid UTF-8 without a NUL byte.
func Storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// checkPathParams judges the route's path parameters. The router hands them over as they were
// sent, percent-escapes included (a nested group arrives as parent%2Fchild), so each is judged as
// the handlers and the authenticator will read it: unescaped.
func checkPathParams(params map[string]string) error {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		value := params[name]
		if unescaped, err := url.PathUnescape(value); err == nil {
			value = unescaped
		}
		if !Storable(value) {
			return &unstorableError{name: name, inPath: true}
		}
	}
	return nil
}

// checkPairs judges a query string or a form body, pair by pair as Rack decodes them. A pair that
// does not decode is skipped: every reader of parameters (Rack, url.ParseQuery, the Rails folding)
// drops it. context names a bad parameter name ("request" for the query string, "body" for a form
// body) when no part of the name itself can be quoted.
func checkPairs(raw, context string) error {
	for part := range strings.SplitSeq(raw, "&") {
		key, value, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(key)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil {
			continue
		}
		if !Storable(k) {
			return &unstorableError{name: storablePrefix(railsSegments(k), context)}
		}
		if !Storable(v) {
			name := strings.TrimSuffix(k, "[]") // scopes[]=… is scopes
			if name == "" {
				name = context // "=…" has no name: Rack drops it, url.ParseQuery keeps it
			}
			return &unstorableError{name: name}
		}
	}
	return nil
}

// storablePrefix names a parameter whose name is itself unstorable by the longest part of the name
// that can be quoted: packs[0][<NUL>] is reported as packs[0]; with nothing to quote, fallback.
func storablePrefix(segs []string, fallback string) string {
	n := 0
	for n < len(segs) && Storable(segs[n]) {
		n++
	}
	if n == 0 || segs[0] == "" {
		return fallback
	}
	return railsName(segs[:n])
}

// checkForm judges a Rails form body as sent, before the folding turns it into JSON (which would
// quietly replace invalid UTF-8 by U+FFFD). The body is read within the size limit and put back.
// The error is a read failure (a body over the limit); a finding is returned as unstorable.
func checkForm(r *http.Request, route *routers.Route) (unstorable, err error) {
	if route.Operation.RequestBody == nil || r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); media != mediaForm {
		return nil, nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	return checkPairs(string(raw), "body"), nil
}

// checkJSONBody judges the JSON body the validator has read (and left re-readable through
// GetBody): a form body has been folded into JSON by then, its values already judged as sent.
func checkJSONBody(r *http.Request, route *routers.Route) error {
	if route.Operation.RequestBody == nil || r.GetBody == nil {
		return nil
	}
	media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if media != mediaJSON && !strings.HasSuffix(media, "+json") {
		return nil
	}
	body, err := r.GetBody()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	return checkJSON(data)
}

// escapedNUL is how JSON writes a NUL inside a string.
var escapedNUL = []byte(`\u0000`)

// checkJSON judges every string of a JSON document, object keys included, and names the first
// unstorable one by its path as Grape does: name[formatted], packs[0][purchase_xid], and a list
// of strings by the list (scopes). A bad key is reported as the object holding it ("body" at the
// top). Raw invalid UTF-8 counts although Go's decoder would
// quietly replace it by U+FFFD: the caller sent bytes that are not text. Lone UTF-16 surrogate
// escapes ("\ud800") are valid JSON that every decoder turns into U+FFFD, and pass. A document
// that does not parse is not judged here (the schema validation reports it).
func checkJSON(data []byte) error {
	// Nearly every body has neither; a \\u0000 (an escaped backslash) only costs the slow path.
	if utf8.Valid(data) && !bytes.Contains(data, escapedNUL) {
		return nil
	}
	w := jsonWalker{data: data}
	return w.walk()
}

// jsonFrame is one open object or array while walking a document.
type jsonFrame struct {
	seg     string // the container's name in its parent ("" for the document)
	object  bool
	key     string // the current key (objects)
	index   int    // the current index (arrays)
	wantKey bool   // the next token of an object is a key
}

type jsonWalker struct {
	data  []byte
	stack []*jsonFrame
}

func (w *jsonWalker) walk() error {
	dec := json.NewDecoder(bytes.NewReader(w.data))
	dec.UseNumber()
	var start int64
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if !utf8.Valid(w.data) {
				return &unstorableError{name: "body"}
			}
			return nil
		}
		// The token's bytes, with the separators and blanks before it (all ASCII in valid JSON).
		end := dec.InputOffset()
		raw := w.data[start:end]
		start = end
		var top *jsonFrame
		if n := len(w.stack); n > 0 {
			top = w.stack[n-1]
		}
		if delim, ok := tok.(json.Delim); ok && (delim == '}' || delim == ']') {
			w.stack = w.stack[:len(w.stack)-1]
			w.consumed()
			continue
		}
		if top != nil && top.object && top.wantKey {
			key, _ := tok.(string)
			if !Storable(key) || !utf8.Valid(raw) {
				return &unstorableError{name: w.name("")}
			}
			top.key, top.wantKey = key, false
			continue
		}
		seg := ""
		if top != nil {
			seg = top.key
			if !top.object {
				seg = strconv.Itoa(top.index)
			}
		}
		switch t := tok.(type) {
		case json.Delim: // '{' or '['
			w.stack = append(w.stack, &jsonFrame{seg: seg, object: t == '{', wantKey: t == '{'})
			continue
		case string:
			if !Storable(t) || !utf8.Valid(raw) {
				if top != nil && !top.object {
					seg = "" // Grape names a list of strings, not its element: "scopes is invalid"
				}
				return &unstorableError{name: w.name(seg)}
			}
		}
		w.consumed()
	}
}

// consumed moves the innermost container past the value just read.
func (w *jsonWalker) consumed() {
	if n := len(w.stack); n > 0 {
		top := w.stack[n-1]
		if top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
}

// name is the Rails-style name of the value seg inside the innermost container ("" names the
// container itself).
func (w *jsonWalker) name(seg string) string {
	var path []string
	if len(w.stack) > 1 {
		for _, f := range w.stack[1:] {
			path = append(path, f.seg)
		}
	}
	if len(w.stack) > 0 && seg != "" {
		path = append(path, seg)
	}
	if name := railsName(path); name != "" {
		return name
	}
	return "body" // inside an object under the empty key: nothing to name it by
}
