package accesstoken

// Refusal is why no token was created, in GitLab's words; GitLab Shell shows it to the user.
// It is an expected outcome (the API answers 200 with success:false), not a failure.
type Refusal string

func (r Refusal) Error() string { return string(r) }

// GitLab's messages, in the order its checks run (docs/gitlab-rules.md §7).
const (
	refusedDeployKey      Refusal = "Deploy keys cannot be used to create personal access tokens"
	refusedUnknownUser    Refusal = "Could not find the given user"
	refusedUnknownKey     Refusal = "Could not find the given key"
	refusedKeyWithoutUser Refusal = "Could not find a user for the given key"
	refusedNoName         Refusal = "No token name specified"
	refusedNoScopes       Refusal = "No token scopes specified"
	// The creation service's reasons follow this prefix.
	failedToCreate = "Failed to create token: "
)
