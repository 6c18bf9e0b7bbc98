package access

import (
	"fmt"
	"strconv"
	"strings"
)

// User states and types that decide whether a user may use git (docs/gitlab-rules.md §1.4).
const (
	stateActive                 = "active"
	stateBlocked                = "blocked"
	stateBlockedPendingApproval = "blocked_pending_approval"
	stateDeactivated            = "deactivated"
	stateBanned                 = "banned"

	userTypeInternal = "internal"
	userTypeGhost    = "ghost"
)

// userDeniedMessage is why GitLab refuses git to u (UserAccessDeniedReason), or "" when u may
// use git. The conditions are GitLab's access_git rules and are checked in GitLab's order: an
// unconfirmed, deactivated user hears about the deactivation.
//
// "internal" and "ghost" are GitLab's internal users. "bot" is not: it stands for project bots
// and service accounts, which GitLab lets use git through their tokens.
func userDeniedMessage(u *User, s Settings) string {
	url := strings.TrimSuffix(s.ExternalURL, "/")
	switch {
	case u.UserType == userTypeInternal || u.UserType == userTypeGhost:
		return msgInternalUser
	case u.State == stateBlockedPendingApproval:
		return msgPendingApproval
	case !u.TermsAccepted:
		return fmt.Sprintf(msgTermsNotAccepted, u.Username, url)
	case u.State == stateDeactivated:
		return fmt.Sprintf(msgDeactivated, url)
	case !u.Confirmed:
		return fmt.Sprintf(msgUnconfirmed, url)
	case u.State == stateBlocked || u.State == stateBanned:
		// GitLab counts a ban as a block.
		return msgBlocked
	case u.PasswordExpired:
		return msgPasswordExpired
	case u.State != stateActive:
		// A state GitLab does not know: refused, without a reason to give.
		return msgRejectedUnknown
	}
	return ""
}

// mayUseGit is GitLab's can?(:access_git).
func mayUseGit(u *User, s Settings) bool {
	return u != nil && userDeniedMessage(u, s) == ""
}

// otpVerifyCommand is the command the 2FA hint tells the user to run. GitLab takes the SSH user
// from gitlab_shell.ssh_user, which is the git user of every standard install.
func otpVerifyCommand(s Settings) string {
	cmd := "ssh git@" + s.SSHHost
	if s.SSHPort != 0 && s.SSHPort != 22 {
		cmd += " -p " + strconv.Itoa(s.SSHPort)
	}
	return cmd + " 2fa_verify"
}
