package httpmw

import "github.com/getkin/kin-openapi/openapi3"

// presenceExtension marks an operation whose request body schema says what a client must send
// (required, non-null, non-empty attributes) while GitLab answers a request that breaks those
// rules with a status of its own, which the handler produces: the SCIM user creation's
// 412 "Missing params: [...]", naming every missing attribute. Generated clients see the strict
// schema; the validator checks the rest of the body and leaves presence to the handler.
const presenceExtension = "x-glia-presence-checked-by-handler"

// leavePresenceToHandlers relaxes, in the validator's own copy of the spec, the body schemas of
// the operations marked with presenceExtension: no required properties, and every top-level
// property may be null or empty. Types, formats and enumerations are still checked.
func leavePresenceToHandlers(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if marked, _ := op.Extensions[presenceExtension].(bool); !marked || op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, media := range op.RequestBody.Value.Content {
				if media.Schema != nil && media.Schema.Value != nil {
					media.Schema = &openapi3.SchemaRef{Value: withoutPresence(media.Schema.Value)}
				}
			}
		}
	}
}

func withoutPresence(schema *openapi3.Schema) *openapi3.Schema {
	relaxed := *schema
	relaxed.Required = nil
	relaxed.Properties = make(openapi3.Schemas, len(schema.Properties))
	for name, prop := range schema.Properties {
		if prop.Value == nil {
			relaxed.Properties[name] = prop
			continue
		}
		optional := *prop.Value
		optional.Nullable, optional.MinLength, optional.MinItems = true, 0, 0
		relaxed.Properties[name] = &openapi3.SchemaRef{Value: &optional}
	}
	return &relaxed
}
