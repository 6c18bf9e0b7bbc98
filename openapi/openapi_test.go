package openapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/openapi"
)

func loadSpec(t *testing.T, name string) *openapi3.T {
	t.Helper()
	data, err := openapi.Files.ReadFile(name)
	require.NoError(t, err)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	require.NoError(t, err, "%s does not parse", name)
	return doc
}

func TestSpecs_AreValidOpenAPIWithValidExamples(t *testing.T) {
	for _, name := range openapi.Names {
		t.Run(name, func(t *testing.T) {
			doc := loadSpec(t, name)
			assert.Equal(t, "3.0.3", doc.OpenAPI)
			assert.Empty(t, doc.Servers, "servers: would make the validator check the Host header")
			require.NoError(t, doc.Validate(context.Background(), openapi3.EnableExamplesValidation()))
		})
	}
}

func TestSpecs_OperationIDsAreUniqueVerbFirstNames(t *testing.T) {
	verbs := []string{"get", "post", "put", "patch", "delete", "list", "create", "update", "move"}
	seen := map[string]string{}
	for _, name := range openapi.Names {
		doc := loadSpec(t, name)
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := name + " " + method + " " + path
				require.NotEmpty(t, op.OperationID, "%s has no operationId", where)
				if prev, dup := seen[op.OperationID]; dup {
					t.Errorf("operationId %q used by %s and %s", op.OperationID, prev, where)
				}
				seen[op.OperationID] = where
				assert.True(t, slices.ContainsFunc(verbs, func(v string) bool { return strings.HasPrefix(op.OperationID, v) }),
					"operationId %q (%s) does not start with a verb", op.OperationID, where)
			}
		}
	}
}

func TestSpecs_EveryOperationRequiresACredentialAndDeclaresItsErrorBody(t *testing.T) {
	for _, name := range openapi.Names {
		doc := loadSpec(t, name)
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := name + " " + method + " " + path
				security := doc.Security
				if op.Security != nil {
					security = *op.Security
				}
				assert.NotEmpty(t, security, "%s requires no credential", where)
				for _, req := range security {
					assert.NotEmpty(t, req, "%s allows an empty (anonymous) security requirement", where)
				}
				require.NotNil(t, op.Responses, where)
				assert.NotNil(t, op.Responses.Default(), "%s has no default (error) response", where)
				assert.NotNil(t, op.Responses.Status(http.StatusUnauthorized), "%s does not declare 401", where)
				assert.NotEmpty(t, op.Summary+op.Description, "%s is not described", where)
			}
		}
	}
}
