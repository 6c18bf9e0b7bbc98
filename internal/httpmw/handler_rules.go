package httpmw

import "github.com/getkin/kin-openapi/openapi3"

// handlerRulesExtension marks an operation whose request body schema says what a valid request
// holds (required, non-null, non-empty, bounded, enumerated values) while GitLab answers a request
// that breaks those rules with an answer of its own, which the handler produces: SCIM user
// creation's 412 "Missing params: [...]" naming every missing attribute, the token API's 200
// {"success": false, "message": "No token scopes specified"}. Generated clients see the strict
// schema; glia's validator checks the body's shape (types, formats) and leaves the rules to the
// handler.
const handlerRulesExtension = "x-glia-rules-checked-by-handler"

// leaveRulesToHandlers relaxes, in the validator's own copy of the spec, the request body schemas
// of the operations marked with handlerRulesExtension: no property is required, and every
// top-level property (and the items of an array) may be null, empty, of any length and outside
// its enumeration.
func leaveRulesToHandlers(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if marked, _ := op.Extensions[handlerRulesExtension].(bool); !marked || op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			body := *op.RequestBody.Value
			body.Content = make(openapi3.Content, len(op.RequestBody.Value.Content))
			for name, media := range op.RequestBody.Value.Content {
				if media.Schema != nil && media.Schema.Value != nil {
					relaxed := *media
					relaxed.Schema = &openapi3.SchemaRef{Value: withoutRules(media.Schema.Value)}
					media = &relaxed
				}
				body.Content[name] = media
			}
			op.RequestBody = &openapi3.RequestBodyRef{Value: &body}
		}
	}
}

func withoutRules(schema *openapi3.Schema) *openapi3.Schema {
	relaxed := *schema
	relaxed.Required = nil
	relaxed.Properties = make(openapi3.Schemas, len(schema.Properties))
	for name, prop := range schema.Properties {
		if prop.Value != nil {
			prop = &openapi3.SchemaRef{Value: withoutValueRules(prop.Value)}
			if items := prop.Value.Items; items != nil && items.Value != nil {
				prop.Value.Items = &openapi3.SchemaRef{Value: withoutValueRules(items.Value)}
			}
		}
		relaxed.Properties[name] = prop
	}
	return &relaxed
}

func withoutValueRules(schema *openapi3.Schema) *openapi3.Schema {
	relaxed := *schema
	relaxed.Nullable, relaxed.MinLength, relaxed.MaxLength, relaxed.MinItems, relaxed.Enum = true, 0, nil, 0, nil
	return &relaxed
}
