package scimapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/scimapi"
)

// ListSCIMSchemas lists the core User schema, restricted to the attributes glia reads or returns
// (GET /Schemas). userName, name and emails are immutable: GitLab ≥ 15.0 ignores their PATCHes.
func (s *Server) ListSCIMSchemas(_ context.Context, req gen.ListSCIMSchemasRequestObject) (gen.ListSCIMSchemasResponseObject, error) {
	if req.Params.Filter != nil {
		return gen.ListSCIMSchemas403ApplicationSCIMPlusJSONResponse{DiscoveryForbiddenApplicationSCIMPlusJSONResponse: filterForbidden()}, nil
	}
	resources := []gen.SCIMSchema{{
		Schemas:     []string{schemaSchema},
		ID:          userSchema,
		Name:        ptr("User"),
		Description: ptr("User Account"),
		Attributes:  userAttributes(),
		Meta:        &gen.SCIMMeta{ResourceType: "Schema"},
	}}
	list := gen.ListSCIMSchemas200ApplicationSCIMPlusJSONResponse{Schemas: []string{listResponseSchema}, Resources: resources}
	list.TotalResults, list.ItemsPerPage, list.StartIndex = listOf(len(resources))
	return list, nil
}

func userAttributes() []gen.SCIMSchemaAttribute {
	userName := text("userName", "Unique identifier for the User; the GitLab username.", "immutable", true)
	userName.Uniqueness = ptr("server")

	name := complexAttribute("name", "The components of the user's name.", false,
		text("formatted", "The full name; the GitLab user's name.", "immutable", false),
		text("givenName", "The given name (first word of the GitLab name).", "immutable", false),
		text("familyName", "The family name (rest of the GitLab name).", "immutable", false))

	displayName := text("displayName", "Used as the name on create when name is absent; never returned.", "writeOnly", false)
	displayName.Returned = ptr("never")

	value := text("value", "The email address.", "immutable", true)
	value.Uniqueness = ptr("server")
	emailType := text("type", "The email's function; glia reads and returns work.", "immutable", false)
	emailType.CanonicalValues = &[]string{"work"}
	primary := flag("primary", "Whether this is the primary email (always true on output).", "immutable")
	emails := complexAttribute("emails", "The work email; GitLab's primary email.", true, value, emailType, primary)
	emails.MultiValued = true

	active := flag("active", "Whether the group SCIM identity is active; false deprovisions the user from the group.", "readWrite")
	return []gen.SCIMSchemaAttribute{userName, name, displayName, emails, active}
}

// text is a single-valued, case-insensitive string attribute.
func text(name, description, mutability string, required bool) gen.SCIMSchemaAttribute {
	a := attribute(name, "string", description, mutability, required)
	a.CaseExact, a.Uniqueness = ptr(false), ptr("none")
	return a
}

// flag is a single-valued, optional boolean attribute.
func flag(name, description, mutability string) gen.SCIMSchemaAttribute {
	return attribute(name, "boolean", description, mutability, false)
}

func complexAttribute(name, description string, required bool, sub ...gen.SCIMSchemaAttribute) gen.SCIMSchemaAttribute {
	a := attribute(name, "complex", description, "immutable", required)
	a.Uniqueness, a.SubAttributes = ptr("none"), &sub
	return a
}

func attribute(name, typ, description, mutability string, required bool) gen.SCIMSchemaAttribute {
	return gen.SCIMSchemaAttribute{Name: name, Type: typ, Description: &description, Required: required,
		Mutability: &mutability, Returned: ptr("default")}
}
