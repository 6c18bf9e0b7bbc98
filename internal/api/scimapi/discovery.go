package scimapi

import gen "github.com/glia-dev/glia/gen/scimapi"

// The discovery endpoints (RFC 7644 §4) are a glia addition: GitLab serves only /Users, but the
// Microsoft SCIM Validator and generic SCIM clients read them. They describe what glia does, no
// more: filter (eq on id, externalId, userName) and PATCH yes; bulk, sort, ETags and password
// changes no.

// filterForbidden is RFC 7644 §4's answer to a filter on a discovery endpoint ("SHOULD respond
// with HTTP status code 403").
func filterForbidden() gen.DiscoveryForbiddenApplicationSCIMPlusJSONResponse {
	return gen.DiscoveryForbiddenApplicationSCIMPlusJSONResponse(scimError(403, "Filtering is not supported on discovery endpoints."))
}

// Schema URNs of the discovery resources (RFC 7643 §5-§7).
const (
	serviceProviderConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	resourceTypeSchema          = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	schemaSchema                = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

// listOf wraps discovery resources in a ListResponse's counts: all of them on one page.
func listOf(n int) (total, itemsPerPage, startIndex int) { return n, n, 1 }
