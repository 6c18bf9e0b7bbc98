// Package reference serves the human-readable API reference of glia's three specs: one page
// per spec, rendered in the browser by Redoc (redoc@2.5.4, MIT, vendored in assets/ by
// assets/update.sh) from the spec glia serves at /openapi/<name>. Everything comes from the
// binary; viewing the pages needs no network.
package reference

import (
	"embed"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
)

//go:embed assets/redoc.standalone.js
var assets embed.FS

// Page is one spec's reference page.
type Page struct {
	Name  string // the spec's file name, as /openapi/ serves it (internal.yaml)
	Title string
}

// Pages are the specs glia documents, in the order the index lists them.
var Pages = []Page{
	{"internal.yaml", "Internal API (GitLab Shell, Gitaly, kas)"},
	{"billing.yaml", "Billing API (CustomersDot)"},
	{"scim.yaml", "Group SCIM API (identity providers)"},
}

// Mount adds the reference under /-/reference: the index, a page per spec and the renderer.
// notFound answers a page that does not exist, in the server's own error shape.
func Mount(r chi.Router, notFound http.HandlerFunc) {
	r.Get("/-/reference", index)
	r.Get("/-/reference/redoc.standalone.js", renderer)
	r.Get("/-/reference/{name}", func(w http.ResponseWriter, r *http.Request) { page(w, r, notFound) })
}

var (
	indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>glia API reference</title></head>
<body><h1>glia API reference</h1><ul>
{{range .}}<li><a href="/-/reference/{{.Name}}">{{.Title}}</a> (<a href="/openapi/{{.Name}}">{{.Name}}</a>)</li>
{{end}}</ul></body></html>
`))
	pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · glia</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><div id="reference"></div>
<script src="/-/reference/redoc.standalone.js"></script>
<script>Redoc.init("/openapi/{{.Name}}", {hideDownloadButton: false, expandResponses: "200,201,204"}, document.getElementById("reference"));</script>
</body></html>
`))
)

func index(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexTemplate.Execute(w, Pages)
}

func page(w http.ResponseWriter, r *http.Request, notFound http.HandlerFunc) {
	name := chi.URLParam(r, "name")
	i := slices.IndexFunc(Pages, func(p Page) bool { return p.Name == name || strings.TrimSuffix(p.Name, ".yaml") == name })
	if i < 0 {
		notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTemplate.Execute(w, Pages[i])
}

func renderer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(w, r, assets, "assets/redoc.standalone.js")
}
