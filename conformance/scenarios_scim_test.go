package conformance_test

const scimType = "application/scim+json"

// scimScenarios drive the group SCIM API as an identity provider (Azure AD, Okta) does, on the
// demo world's test_group. They run in order: create, read, change, deprovision.
func scimScenarios(group string) []scenario {
	users := "/api/scim/v2/groups/" + group + "/Users"
	const identity = "0b1d561c-21ff-4092-beab-8154b17f82f2"
	const ownersIdentity = "6f1f2b0e-6d5e-4d0a-9a57-2d1b8f0c9e11" // root, the group's only owner
	// test_user again under a new externalId, as Entra ID sends a user recreated on its side.
	recreated := `{"externalId":"recreated-test-user","userName":"test_user","emails":[{"primary":true,"type":"work","value":"test_user@example.com"}],"name":{"formatted":"Test User"}}`
	newUser := `{"externalId":"conformance-uid","active":true,"userName":"conformance","emails":[{"primary":true,"type":"work","value":"conformance@example.com"}],"name":{"formatted":"Conformance User","familyName":"User","givenName":"Conformance"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}`
	return []scenario{
		{"the IdP lists the group's users", "listSCIMUsers", success, identityProvider, "GET", users, "", "", 200},
		{"the IdP finds a user by a filter", "listSCIMUsers", otherOutcome, identityProvider, "GET", users + `?filter=id%20eq%20%22` + identity + `%22`, "", "", 200},
		{"an unsupported filter is refused", "listSCIMUsers", invalidInput, identityProvider, "GET", users + `?filter=displayName%20sw%20%22a%22`, "", "", 412},
		{"the IdP provisions a user", "createSCIMUser", success, identityProvider, "POST", users, scimType, newUser, 201},
		{"a user without an email is refused", "createSCIMUser", invalidInput, identityProvider, "POST", users, scimType, `{"externalId":"x","userName":"x","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}`, 412},
		{"the IdP provisions a user at the path with a trailing slash", "createSCIMUserTrailingSlash", success, identityProvider, "POST", users + "/", scimType,
			`{"externalId":"conformance-uid-2","userName":"conformance2","emails":[{"primary":true,"type":"work","value":"conformance2@example.com"}],"name":{"formatted":"Second User"}}`, 201},
		{"a body that is not JSON at the trailing-slash path is refused", "createSCIMUserTrailingSlash", invalidInput, identityProvider, "POST", users + "/", scimType, `{"externalId":`, 400},
		{"a body that is not JSON is refused", "createSCIMUser", otherOutcome, identityProvider, "POST", users, scimType, `{"externalId":`, 400},
		{"a user without an email is refused at the trailing-slash path", "createSCIMUserTrailingSlash", otherOutcome, identityProvider, "POST", users + "/", scimType,
			`{"externalId":"x","userName":"x"}`, 412},
		{"a count that is no number is a parameter error", "listSCIMUsers", otherOutcome, identityProvider, "GET", users + "?count=many", "", "", 400},
		{"the IdP reads a user", "getSCIMUser", success, identityProvider, "GET", users + "/" + identity, "", "", 200},
		{"an unknown user is not found", "getSCIMUser", otherOutcome, identityProvider, "GET", users + "/no-such-identity", "", "", 404},
		{"the IdP renames a user", "updateSCIMUser", success, identityProvider, "PATCH", users + "/conformance-uid", scimType,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"name.formatted","value":"Renamed"}]}`, 204},
		{"a patch without operations is refused", "updateSCIMUser", invalidInput, identityProvider, "PATCH", users + "/conformance-uid", scimType, `{"schemas":[]}`, 400},
		{"patching an unknown user is not found", "updateSCIMUser", otherOutcome, identityProvider, "PATCH", users + "/no-such-identity", scimType,
			`{"Operations":[{"op":"replace","path":"active","value":false}]}`, 404},
		{"the IdP deprovisions a user", "deleteSCIMUser", success, identityProvider, "DELETE", users + "/conformance-uid", "", "", 204},
		{"provisioning a deprovisioned user again brings them back", "createSCIMUser", otherOutcome, identityProvider, "POST", users, scimType, newUser, 201},
		{"provisioning them once more at the trailing-slash path is idempotent", "createSCIMUserTrailingSlash", otherOutcome, identityProvider, "POST", users + "/", scimType, newUser, 201},
		{"deprovisioning an unknown user is not found", "deleteSCIMUser", otherOutcome, identityProvider, "DELETE", users + "/no-such-identity", "", "", 404},
		{"a user linked under another externalId is a conflict", "createSCIMUser", otherOutcome, identityProvider, "POST", users, scimType, recreated, 409},
		{"a user linked under another externalId is a conflict at the trailing-slash path", "createSCIMUserTrailingSlash", otherOutcome, identityProvider, "POST", users + "/", scimType, recreated, 409},
		{"deprovisioning the group's only owner is refused", "deleteSCIMUser", otherOutcome, identityProvider, "DELETE", users + "/" + ownersIdentity, "", "", 412},
		{"re-keying a user to an empty externalId is refused", "updateSCIMUser", otherOutcome, identityProvider, "PATCH", users + "/" + identity, scimType,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"externalId","value":""}]}`, 412},
		{"the IdP reads the service provider configuration", "getSCIMServiceProviderConfig", success, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/ServiceProviderConfig", "", "", 200},
		{"the IdP reads the resource types", "listSCIMResourceTypes", success, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/ResourceTypes", "", "", 200},
		{"the IdP reads the schemas", "listSCIMSchemas", success, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/Schemas", "", "", 200},
		{"a filter on the service provider configuration is refused", "getSCIMServiceProviderConfig", invalidInput, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/ServiceProviderConfig?filter=x", "", "", 403},
		{"a filter on the resource types is refused", "listSCIMResourceTypes", invalidInput, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/ResourceTypes?filter=x", "", "", 403},
		{"a filter on the schemas is refused", "listSCIMSchemas", invalidInput, identityProvider, "GET", "/api/scim/v2/groups/" + group + "/Schemas?filter=x", "", "", 403},
	}
}
