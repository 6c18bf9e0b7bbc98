// Package contract checks HTTP exchanges against glia's three specs: the operation a request
// hits is found by path and method, and the response must be one that operation documents,
// body schema included. Handler tests (apitest) and the black-box conformance suite share it.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/glia-dev/glia/openapi"
)

// Spec is one of glia's APIs: its name and its parsed contract.
type Spec struct {
	Name   string // internal, billing or scim
	Doc    *openapi3.T
	router routers.Router
}

// Checker validates exchanges against all three specs.
type Checker struct {
	Specs []Spec
}

// New loads the specs as written in openapi/ (the generated code embeds the same documents,
// with its own spelling of operation ids).
func New() (*Checker, error) {
	openapi3filter.RegisterBodyDecoder("application/scim+json", openapi3filter.JSONBodyDecoder)
	c := &Checker{}
	for _, name := range openapi.Names {
		data, err := fs.ReadFile(openapi.Files, name)
		if err != nil {
			return nil, err
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		doc.Servers = nil
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			return nil, fmt.Errorf("route %s: %w", name, err)
		}
		c.Specs = append(c.Specs, Spec{Name: strings.TrimSuffix(name, ".yaml"), Doc: doc, router: router})
	}
	return c, nil
}

// Operation names the operation a request hits: its spec and operationId; ok is false when no
// spec has the path and method.
func (c *Checker) Operation(req *http.Request) (spec, operationID string, ok bool) {
	for _, s := range c.Specs {
		if route, _, err := s.router.FindRoute(req); err == nil {
			return s.Name, route.Operation.OperationID, true
		}
	}
	return "", "", false
}

// Check validates a response to req (whose body was sent) against the operation req hits.
// A path no spec knows must still answer a JSON error body.
func (c *Checker) Check(req *http.Request, sent []byte, status int, header http.Header, body []byte) error {
	probe := req.Clone(context.Background())
	probe.Body = io.NopCloser(bytes.NewReader(sent))
	for _, s := range c.Specs {
		route, params, err := s.router.FindRoute(probe)
		if err != nil {
			continue
		}
		err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route},
			Status:                 status,
			Header:                 header,
			Body:                   io.NopCloser(bytes.NewReader(body)),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		})
		if err != nil {
			return fmt.Errorf("%s %s answered %d %s, which the spec does not allow: %w", req.Method, req.URL.Path, status, body, err)
		}
		return nil
	}
	if !strings.Contains(header.Get("Content-Type"), "json") {
		return fmt.Errorf("%s %s answered a non-JSON body: %s", req.Method, req.URL.Path, body)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s %s answered %s: %w", req.Method, req.URL.Path, body, err)
	}
	return nil
}
