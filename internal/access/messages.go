package access

// Every text a decision can carry, verbatim from GitLab (docs/gitlab-rules.md §1.3–§1.5). Callers show
// them to git users, and conformance tests compare them byte for byte: never reword one.

// Instance-wide checks (§1.3 E1, E4, 1, 2, 6, 8).
const (
	msgMaintenanceMode   = "Git push is not allowed because this GitLab instance is currently in (read-only) maintenance mode."
	msgOTPRequired       = "OTP verification is required to access the repository.\n\n   Use: %s"
	msgProtocolDisabled  = "Git access over %s is not allowed"
	msgKeyExpired        = "Your SSH key has expired."
	msgCommandNotAllowed = "The command you're trying to execute is not allowed."
	msgReadOnlyInstance  = "You can't push code to a read-only GitLab instance."
	msgUnknownActor      = "Unknown type of actor"
)

// Why a user may not use git at all (§1.4), in GitLab's order of precedence.
const (
	msgInternalUser     = "This action cannot be performed by internal users"
	msgPendingApproval  = "Your account is pending approval from your administrator and hence blocked."
	msgTermsNotAccepted = "You (@%s) must accept the Terms of Service in order to perform this action. To accept these terms, please access GitLab from a web browser at %s."
	msgDeactivated      = "Your account has been deactivated by your administrator. Please log back in from a web browser to reactivate your account at %s"
	msgUnconfirmed      = "Your primary email address is not confirmed. Please check your inbox for the confirmation instructions. In case the link is expired, you can request a new confirmation email at %s/users/confirmation/new"
	msgBlocked          = "Your account has been blocked."
	msgPasswordExpired  = "Your password expired. Please access GitLab from a web browser to update your password."
	// GitLab's text lacks the space after "reason." (sic).
	msgRejectedUnknown = "Your request has been rejected for an unknown reason.Please contact your GitLab administrator and/or GitLab Support."
)

// The container and its repository (§1.3 9–15). Wikis and snippets have their own wording.
const (
	msgNamespaceNotFound = "The namespace you were looking for could not be found."
	msgProjectNotFound   = "The project you were looking for could not be found or you don't have permission to view it."
	msgWikiNotFound      = "The wiki you were looking for could not be found."
	msgSnippetNotFound   = "The snippet you were looking for could not be found."
	msgNoRepository      = "A repository for this project does not exist yet."
	msgNoWikiRepository  = "A repository for this wiki does not exist yet."
	msgDownload          = "You are not allowed to download code from this project."
	msgWikiDownload      = "You are not allowed to download files from this wiki."
	msgRepositoryMoving  = "The repository is temporarily read-only. Please try again later."
	msgArchived          = "You can't push code to an archived project."
	msgDeployKeyUpload   = "This deploy key does not have write access to this project."
	msgUpload            = "You are not allowed to upload code for this project."
	msgPushCode          = "You are not allowed to push code to this project."
	msgWriteToWiki       = "You are not allowed to write to this project's wiki."
	msgDesignsWebOnly    = "Designs are only accessible using the web interface"
	msgManageDesigns     = "You are not allowed to manage designs of this project"
)

// BranchCheck (§1.5).
const (
	msgDeleteDefaultBranch       = "The default branch of a project cannot be deleted."
	msgHexBranchName             = "You cannot create a branch with a SHA-1 or SHA-256 branch name."
	msgInvalidBranchName         = "You cannot create a branch with an invalid name."
	msgForcePushProtectedBranch  = "You are not allowed to force push code to a protected branch on this project."
	msgCreateProtectedBranch     = "You are not allowed to create protected branches on this project."
	msgProtectedBranchBasis      = "You can only use an existing protected branch ref as the basis of a new protected branch."
	msgCreateProtectedBranchWeb  = "You can only create protected branches using the web interface and API."
	msgDeleteProtectedBranch     = "You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch."
	msgDeleteProtectedBranchWeb  = "You can only delete protected branches using the web interface."
	msgPushProtectedBranch       = "You are not allowed to push code to protected branches on this project."
	msgPushProtectedBranchNoHead = "\nA default branch (e.g. main) does not yet exist for %s\nAsk a project Owner or Maintainer to create a default branch:\n\n  %s\n\n"
)

// TagCheck (§1.5).
const (
	msgChangeExistingTag      = "You are not allowed to change existing tags on this project."
	msgTagIsDefaultBranch     = "You cannot use default branch name to create a tag"
	msgProhibitedTagName      = "You cannot create a tag with a prohibited pattern."
	msgHexTagName             = "You cannot create a tag with a SHA-1 or SHA-256 tag name."
	msgUpdateProtectedTag     = "Protected tags cannot be updated."
	msgDeleteProtectedTag     = "You are not allowed to delete protected tags from this project. Only a project maintainer or owner can delete a protected tag."
	msgDeleteProtectedTagWeb  = "You can only delete protected tags using the web interface."
	msgCreateProtectedTagDeny = "You are not allowed to create this tag as it is protected."
)

// A push whose checks outlast the caller's deadline: GitLab answers 503 with its timing log, whose
// header is this; glia's log lists the refs it began checking, one "Running checks for ref:" line each.
const (
	msgTimeoutHeader = "Push operation timed out\n\nTiming information for debugging purposes:\n"
	msgTimeoutRef    = "Running checks for ref: "
)

// msgKeyExpiresSoon is the console message of a successful decision with a key about to expire.
const msgKeyExpiresSoon = "INFO: Your SSH key is expiring soon. Please generate a new key."
