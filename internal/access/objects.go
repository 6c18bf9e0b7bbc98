package access

import "context"

// repository answers the object questions of one decision. Without Objects it gives the
// fallback documented on Check: a non-empty repository, fast-forward updates, and new protected
// branches based on a protected ref.
type repository struct {
	ctx     context.Context
	objects Objects
	empty   *bool // memoised: GitLab asks once per push
}

func (r *repository) isEmpty() (bool, error) {
	if r.objects == nil {
		return false, nil
	}
	if r.empty == nil {
		empty, err := r.objects.Empty(r.ctx)
		if err != nil {
			return false, err
		}
		r.empty = &empty
	}
	return *r.empty, nil
}

// forcePush is GitLab's ForcePush.force_push?: an update whose old revision is not an ancestor of
// the new one. Creations, deletions and pushes to an empty repository are never force pushes.
func (r *repository) forcePush(c change) (bool, error) {
	if r.objects == nil || !c.update() {
		return false, nil
	}
	empty, err := r.isEmpty()
	if err != nil || empty {
		return false, err
	}
	ancestor, err := r.objects.IsAncestor(r.ctx, c.oldrev, c.newrev)
	return !ancestor, err
}

// basedOnProtectedBranch reports that commit is already in some protected branch.
func (r *repository) basedOnProtectedBranch(f *Facts, commit string) (bool, error) {
	if r.objects == nil {
		return true, nil
	}
	branches, err := r.objects.BranchesContaining(r.ctx, commit)
	if err != nil {
		return false, err
	}
	for _, b := range branches {
		if branchProtected(f, b) {
			return true, nil
		}
	}
	return false, nil
}
