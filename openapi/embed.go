// Package openapi holds glia's contract: one OpenAPI document per API, embedded so the server can
// serve the files exactly as written.
package openapi

import "embed"

// Files holds internal.yaml, billing.yaml and scim.yaml.
//
//go:embed *.yaml
var Files embed.FS

// Names lists the specs, one per API, in the order the README presents them.
var Names = []string{"internal.yaml", "billing.yaml", "scim.yaml"}
