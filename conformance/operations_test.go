package conformance_test

import (
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/glia-dev/glia/internal/testutil/contract"
)

type operation struct {
	id        string
	operation *openapi3.Operation
	pathItem  *openapi3.PathItem
}

// operations lists a spec's operations, by operationId.
func operations(spec contract.Spec) []operation {
	var out []operation
	for _, path := range spec.Doc.Paths.InMatchingOrder() {
		item := spec.Doc.Paths.Value(path)
		for _, op := range item.Operations() {
			out = append(out, operation{id: op.OperationID, operation: op, pathItem: item})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// takesInput says whether an operation has anything a caller can get wrong: a body, a query
// or header parameter, or a path parameter with a type narrower than any string.
func takesInput(op operation) bool {
	if op.operation.RequestBody != nil {
		return true
	}
	for _, p := range append(op.operation.Parameters, op.pathItem.Parameters...) {
		if p.Value.In != openapi3.ParameterInPath {
			return true
		}
		if s := p.Value.Schema; s != nil && s.Value != nil && !s.Value.Type.Is(openapi3.TypeString) {
			return true
		}
	}
	return false
}

// documentedStatuses are the statuses an operation documents, its default response aside.
func documentedStatuses(op *openapi3.Operation) []int {
	var out []int
	for code := range op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}
