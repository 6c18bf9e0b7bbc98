package access

import "strings"

// checkChanges runs GitLab's per-change checks over a project push, change by change and, for
// each, PushCheck, BranchCheck and TagCheck in that order; the first refusal ends the push.
//
// GitLab gives these checks 50 seconds and answers 503 with its timing log when they run out.
// glia's budget is the caller's context: when it is done before the next change, the push is
// refused with a 503 whose message is GitLab's log header followed by a "Running checks for ref:"
// line for each change already checked.
func (c *checker) checkChanges(changes []change) error {
	var begun []string
	for _, ch := range changes {
		if c.ctx.Err() != nil {
			return timedOut(msgTimeoutHeader + strings.Join(begun, "\n"))
		}
		begun = append(begun, msgTimeoutRef+refLogName(ch.ref))
		if err := c.checkChange(ch); err != nil {
			return err
		}
	}
	return nil
}

func (c *checker) checkChange(ch change) error {
	if !c.access.canPushForRef(ch.ref) {
		return forbidden(msgPushCode)
	}
	if err := c.checkBranch(ch); err != nil {
		return err
	}
	return c.checkTag(ch)
}

// refLogName is how GitLab's log names a ref: its branch or tag name, else nothing.
func refLogName(ref string) string {
	if name := branchName(ref); name != "" {
		return name
	}
	return tagName(ref)
}
