package conformance_test

import (
	"strings"
	"time"
)

const (
	jsonType = "application/json"
	formType = "application/x-www-form-urlencoded"
	// rootKey is the demo world's key 11 (root), as sshd hands it to GitLab Shell.
	rootKey = "AAAAC3NzaC1lZDI1NTE5AAAAILkowtWiaWwdlR7jDtKYY5obr+fcfSh3BxHRYBgqBSsv"
	// seedVulnerability is the Starboard report of the seed document.
	seedVulnerability = `{"vulnerability":{"name":"CVE-123-4567 in libc","severity":"high","confidence":"unknown","location":{"kubernetes_resource":{"namespace":"production","kind":"deployment","name":"nginx","container":"nginx"}},"identifiers":[{"type":"cve","name":"CVE-123-4567","value":"CVE-123-4567"}]},"scanner":{"id":"starboard_trivy","name":"Trivy (via Starboard Operator)","vendor":"GitLab"}}`
)

// internalScenarios drive the internal API as GitLab Shell, Gitaly and kas do, over the demo
// world (internal/world/demo.yaml).
func internalScenarios() []scenario {
	// kas forwards agents' bodies; glia caps them at 1 MiB.
	huge := `{"padding":"` + strings.Repeat("a", 1<<20) + `"}`
	tomorrow := time.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	push := `{"action":"git-receive-pack","changes":"0000000000000000000000000000000000000000 fd9e76b9136bdd9fe217061b497745792fe5a5ee refs/heads/feature\n","gl_repository":"project-3","key_id":"7","protocol":"ssh","relative_path":"@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce.git"}`
	return []scenario{
		{"GitLab Shell's pull of a public project is allowed", "postAllowed", success, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType,
			`{"action":"git-upload-pack","changes":"_any","project":"gnuwget/wget2","protocol":"ssh","key_id":"11","check_ip":"127.0.0.1"}`, 200},
		{"Gitaly's push of a new branch by a developer is allowed", "postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType, push, 200},
		{"a pull of a project nobody can see is not found", "postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType,
			`{"action":"git-upload-pack","changes":"_any","project":"nobody/nothing","protocol":"ssh","key_id":"11"}`, 404},
		{"a push of the default branch's deletion is refused", "postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType,
			`{"action":"git-receive-pack","changes":"fd9e76b9136bdd9fe217061b497745792fe5a5ee 0000000000000000000000000000000000000000 refs/heads/main","gl_repository":"project-3","key_id":"11","protocol":"ssh"}`, 401},
		{"allowed with a malformed gl_repository is a parameter error", "postAllowed", invalidInput, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType,
			`{"action":"git-upload-pack","changes":"_any","gl_repository":"repo-x","key_id":"11","protocol":"ssh"}`, 400},

		{"lfs_authenticate answers an LFS token", "postLFSAuthenticate", success, gitlabShell, "POST", "/api/v4/internal/lfs_authenticate", jsonType,
			`{"key_id":"11","project":"gnuwget/wget2","operation":"download"}`, 200},
		{"lfs_authenticate without a project finds none", "postLFSAuthenticate", otherOutcome, gitlabShell, "POST", "/api/v4/internal/lfs_authenticate", jsonType, `{"key_id":"11"}`, 404},
		{"lfs_authenticate with a key_id that is no number is a parameter error", "postLFSAuthenticate", invalidInput, gitlabShell, "POST", "/api/v4/internal/lfs_authenticate", jsonType,
			`{"key_id":"eleven","project":"gnuwget/wget2"}`, 400},
		{"lfs_authenticate for an unknown project is not found", "postLFSAuthenticate", otherOutcome, gitlabShell, "POST", "/api/v4/internal/lfs_authenticate", jsonType,
			`{"key_id":"11","project":"nobody/nothing"}`, 404},

		{"authorized_keys finds a user's key by its blob", "getAuthorizedKeys", success, gitlabShell, "GET", "/api/v4/internal/authorized_keys?key=" + rootKey, "", "", 200},
		{"authorized_keys without a key is a parameter error", "getAuthorizedKeys", invalidInput, gitlabShell, "GET", "/api/v4/internal/authorized_keys", "", "", 400},
		{"an unknown key is not found", "getAuthorizedKeys", otherOutcome, gitlabShell, "GET", "/api/v4/internal/authorized_keys?key=AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "", 404},

		{"discover names a key's user", "getDiscover", success, gitlabShell, "GET", "/api/v4/internal/discover?key_id=7", "", "", 200},
		{"discover with a non-numeric key_id is a parameter error", "getDiscover", invalidInput, gitlabShell, "GET", "/api/v4/internal/discover?key_id=abc", "", "", 400},

		{"check reports the API as up", "getCheck", success, gitlabShell, "GET", "/api/v4/internal/check", "", "", 200},

		{"two_factor_recovery_codes regenerates a 2FA user's codes", "postTwoFactorRecoveryCodes", success, gitlabShell, "POST", "/api/v4/internal/two_factor_recovery_codes", jsonType, `{"key_id":"7"}`, 200},
		{"two_factor_recovery_codes with a non-numeric key_id is a parameter error", "postTwoFactorRecoveryCodes", invalidInput, gitlabShell, "POST", "/api/v4/internal/two_factor_recovery_codes", jsonType, `{"key_id":"seven"}`, 400},

		{"a wrong OTP is answered, not refused", "postTwoFactorManualOTPCheck", success, gitlabShell, "POST", "/api/v4/internal/two_factor_manual_otp_check", jsonType, `{"key_id":"7","otp_attempt":"000000"}`, 200},
		{"two_factor_manual_otp_check without an attempt answers a failed check", "postTwoFactorManualOTPCheck", otherOutcome, gitlabShell, "POST", "/api/v4/internal/two_factor_manual_otp_check", jsonType, `{"key_id":"7"}`, 200},
		{"two_factor_manual_otp_check with a key_id that is no number is a parameter error", "postTwoFactorManualOTPCheck", invalidInput, gitlabShell, "POST", "/api/v4/internal/two_factor_manual_otp_check", jsonType,
			`{"key_id":"seven","otp_attempt":"123456"}`, 400},

		{"two_factor_push_otp_check answers", "postTwoFactorPushOTPCheck", success, gitlabShell, "POST", "/api/v4/internal/two_factor_push_otp_check", jsonType, `{"key_id":"7"}`, 200},
		{"two_factor_push_otp_check with a non-numeric key_id is a parameter error", "postTwoFactorPushOTPCheck", invalidInput, gitlabShell, "POST", "/api/v4/internal/two_factor_push_otp_check", jsonType, `{"key_id":"x"}`, 400},

		{"personal_access_token creates a token for a user", "postPersonalAccessToken", success, gitlabShell, "POST", "/api/v4/internal/personal_access_token", jsonType,
			`{"user_id":29,"name":"conformance","scopes":["read_user"],"expires_at":"` + tomorrow + `"}`, 200},
		{"personal_access_token without a name answers GitLab's refusal", "postPersonalAccessToken", otherOutcome, gitlabShell, "POST", "/api/v4/internal/personal_access_token", jsonType,
			`{"user_id":29,"scopes":["read_user"]}`, 200},
		{"personal_access_token with a user_id that is no number is a parameter error", "postPersonalAccessToken", invalidInput, gitlabShell, "POST", "/api/v4/internal/personal_access_token", jsonType,
			`{"user_id":"aquila","name":"x","scopes":["read_user"]}`, 400},

		{"error_tracking/allowed accepts a project's client key", "postErrorTrackingAllowed", success, errorTrackingService, "POST", "/api/v4/internal/error_tracking/allowed", jsonType,
			`{"project_id":111,"public_key":"generated-error-tracking-key"}`, 200},
		{"error_tracking/allowed takes the seed's shell credentials too", "postErrorTrackingAllowed", success, gitlabShell, "POST", "/api/v4/internal/error_tracking/allowed", jsonType,
			`{"project_id":111,"public_key":"generated-error-tracking-key"}`, 200},
		{"error_tracking/allowed without a project is refused", "postErrorTrackingAllowed", otherOutcome, errorTrackingService, "POST", "/api/v4/internal/error_tracking/allowed", jsonType,
			`{"public_key":"generated-error-tracking-key"}`, 422},
		{"error_tracking/allowed with a project_id that is no number is a parameter error", "postErrorTrackingAllowed", invalidInput, errorTrackingService, "POST", "/api/v4/internal/error_tracking/allowed", jsonType,
			`{"project_id":"errortracking","public_key":"generated-error-tracking-key"}`, 400},

		{"pre_receive counts a push in progress", "postPreReceive", success, gitlabShell, "POST", "/api/v4/internal/pre_receive", jsonType, `{"gl_repository":"project-3"}`, 200},
		{"pre_receive without gl_repository is a parameter error", "postPreReceive", invalidInput, gitlabShell, "POST", "/api/v4/internal/pre_receive", jsonType, `{}`, 400},

		{"post_receive records a push and answers its messages", "postPostReceive", success, gitlabShell, "POST", "/api/v4/internal/post_receive", jsonType,
			`{"gl_repository":"project-3","identifier":"user-1","changes":"0000000000000000000000000000000000000000 fd9e76b9136bdd9fe217061b497745792fe5a5ee refs/heads/feature\n","push_options":[]}`, 200},
		{"post_receive without changes records nothing and answers", "postPostReceive", otherOutcome, gitlabShell, "POST", "/api/v4/internal/post_receive", jsonType,
			`{"gl_repository":"project-3","identifier":"user-1"}`, 200},
		{"post_receive with a malformed gl_repository is a parameter error", "postPostReceive", invalidInput, gitlabShell, "POST", "/api/v4/internal/post_receive", jsonType,
			`{"gl_repository":"repo-3","identifier":"user-1","changes":""}`, 400},

		{"agent_info describes the agent and its project", "getAgentInfo", success, agent, "GET", "/api/v4/internal/kubernetes/agent_info", "", "", 200},

		{"project_info describes the agent's project", "getProjectInfo", success, agent, "GET", "/api/v4/internal/kubernetes/project_info?id=3", "", "", 200},
		{"project_info without an id is a parameter error", "getProjectInfo", invalidInput, agent, "GET", "/api/v4/internal/kubernetes/project_info", "", "", 400},
		{"project_info of a project the agent cannot see is not found", "getProjectInfo", otherOutcome, agent, "GET", "/api/v4/internal/kubernetes/project_info?id=999999", "", "", 404},

		{"verify_project_access confirms the agent's own project", "getVerifyProjectAccess", success, agent, "GET", "/api/v4/internal/kubernetes/verify_project_access?id=gnuwget%2Fwget2", "", "", 204},
		{"verify_project_access without an id is a parameter error", "getVerifyProjectAccess", invalidInput, agent, "GET", "/api/v4/internal/kubernetes/verify_project_access", "", "", 400},
		{"verify_project_access of another project is not found", "getVerifyProjectAccess", otherOutcome, agent, "GET", "/api/v4/internal/kubernetes/verify_project_access?id=999999", "", "", 404},

		{"agent_configuration stores an agent's configuration", "postAgentConfiguration", success, kas, "POST", "/api/v4/internal/kubernetes/agent_configuration", jsonType,
			`{"agent_id":"1","agent_config":{"ci_access":{"projects":[{"id":"gnuwget/wget2"}]}}}`, 204},
		{"agent_configuration without agent_id is a parameter error", "postAgentConfiguration", invalidInput, kas, "POST", "/api/v4/internal/kubernetes/agent_configuration", jsonType, `{"agent_config":{}}`, 400},
		{"agent_configuration of an unknown agent is not found", "postAgentConfiguration", otherOutcome, kas, "POST", "/api/v4/internal/kubernetes/agent_configuration", jsonType,
			`{"agent_id":"999999","agent_config":{}}`, 404},

		{"usage_metrics records counters", "postUsageMetrics", success, kas, "POST", "/api/v4/internal/kubernetes/usage_metrics", jsonType,
			`{"counters":{"gitops_sync":"9223372036854775807","k8s_api_proxy_request":1},"unique_counters":{"agent_users_using_ci_tunnel":[1,2]}}`, 204},
		{"usage_metrics with a counter that is no integer is a parameter error", "postUsageMetrics", invalidInput, kas, "POST", "/api/v4/internal/kubernetes/usage_metrics", jsonType,
			`{"counters":{"gitops_sync":"many"}}`, 400},

		{"the agent's Starboard module records a vulnerability", "putStarboardVulnerability", success, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability", jsonType, seedVulnerability, 200},
		{"a vulnerability without a scanner is a parameter error", "putStarboardVulnerability", invalidInput, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability", jsonType, `{"vulnerability":{}}`, 400},
		{"kas's module path with its trailing slash records the same vulnerability", "putStarboardVulnerabilityTrailingSlash", success, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/", jsonType, seedVulnerability, 200},
		{"the trailing-slash path refuses a body that is not JSON", "putStarboardVulnerabilityTrailingSlash", invalidInput, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/", jsonType, `{"vulnerability":`, 400},

		{"scan_result resolves what the scan no longer lists", "postStarboardScanResult", success, agent, "POST", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_result", jsonType, `{"uuids":[]}`, 200},
		{"scan_result with a uuid that is none is a parameter error", "postStarboardScanResult", invalidInput, agent, "POST", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_result", jsonType, `{"uuids":["not-a-uuid"]}`, 400},

		{"scan_execution_policies lists the agent's policies", "getStarboardScanExecutionPolicies", success, agent, "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_execution_policies", "", "", 200},
		{"an agent configuration over a megabyte is too large", "postAgentConfiguration", otherOutcome, kas, "POST", "/api/v4/internal/kubernetes/agent_configuration", jsonType, huge, 413},
		{"usage counts over a megabyte are too large", "postUsageMetrics", otherOutcome, kas, "POST", "/api/v4/internal/kubernetes/usage_metrics", jsonType, huge, 413},
		{"a vulnerability report over a megabyte is too large", "putStarboardVulnerability", otherOutcome, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability", jsonType, huge, 413},
		{"a vulnerability report over a megabyte is too large at the trailing-slash path", "putStarboardVulnerabilityTrailingSlash", otherOutcome, agent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/", jsonType, huge, 413},
		{"a scan result over a megabyte is too large", "postStarboardScanResult", otherOutcome, agent, "POST", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_result", jsonType, huge, 413},
		{"error_tracking/allowed of an unknown project is not found", "postErrorTrackingAllowed", otherOutcome, errorTrackingService, "POST", "/api/v4/internal/error_tracking/allowed", jsonType,
			`{"project_id":999999,"public_key":"generated-error-tracking-key"}`, 404},
		{"policies_configuration lists the agent's policy configurations", "getStarboardPoliciesConfiguration", success, agent, "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", "", "", 200},

		{"a free-plan agent's policy configurations need a paid plan", "getStarboardPoliciesConfiguration", otherOutcome, unlicensedAgent, "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", "", "", 402},
		{"a free-plan agent's scan execution policies need a paid plan", "getStarboardScanExecutionPolicies", otherOutcome, unlicensedAgent, "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_execution_policies", "", "", 402},
		{"an agent a developer created may not report a vulnerability", "putStarboardVulnerability", otherOutcome, developersAgent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability", jsonType, seedVulnerability, 403},
		{"an agent a developer created may not report one at the trailing-slash path", "putStarboardVulnerabilityTrailingSlash", otherOutcome, developersAgent, "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/", jsonType, seedVulnerability, 403},
		{"an agent a developer created may not resolve vulnerabilities", "postStarboardScanResult", otherOutcome, developersAgent, "POST", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_result", jsonType, `{"uuids":[]}`, 403},
		{"a push naming a subgroup cannot create a project there", "postAllowed", otherOutcome, gitlabShell, "POST", "/api/v4/internal/allowed", jsonType,
			`{"action":"git-receive-pack","changes":"_any","project":"gnuwget/infrastructure","protocol":"ssh","key_id":"11"}`, 422},
	}
}

// geoForwardedPush is root's push to gnuwget/wget2 over SSH, which a Geo secondary forwards.
const geoForwardedPush = `{"action":"git-receive-pack","changes":"_any","project":"gnuwget/wget2","protocol":"ssh","key_id":"11"}`

// undecidablePush is root's push of a new branch to gnuwget/wget2 as Gitaly's hook sends it,
// for a server whose access-check timeout is too short for any decision.
const undecidablePush = `{"action":"git-receive-pack","changes":"0000000000000000000000000000000000000000 fd9e76b9136bdd9fe217061b497745792fe5a5ee refs/heads/hurried\n","gl_repository":"project-3","key_id":"11","protocol":"ssh"}`

// floodedPull is a pull no other scenario sends (deploy key 22 on gnuwget/wget), for the rate
// limit of 600 calls a minute per action, project and actor.
const floodedPull = `{"action":"git-upload-pack","changes":"_any","project":"gnuwget/wget","protocol":"ssh","key_id":"22"}`
