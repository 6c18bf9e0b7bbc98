package gitrepo

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidObjectID means a revision is not a full object ID in the repository's format. Only
// full IDs reach git, so no request can pass an option, a ref name or an abbreviation.
var ErrInvalidObjectID = errors.New("not a full object ID")

// ErrMissingObject means the repository (with its quarantine) lacks an object. Gitaly's
// CommitIsAncestor answers false in that case; callers that want GitLab's answer map it.
var ErrMissingObject = errors.New("object not found")

// Empty reports a repository without any branch. GitLab calls a repository empty when it has no
// branch (Gitaly's HasLocalBranches): tags and other refs alone do not count.
func (r *Repo) Empty(ctx context.Context) (bool, error) {
	out, err := r.run(ctx, "", "for-each-ref", "--count=1", "--format=%(refname)", "refs/heads/")
	if err != nil {
		return false, err
	}
	return len(bytes.TrimSpace(out)) == 0, nil
}

// IsAncestor reports whether ancestor is reachable from descendant (git merge-base --is-ancestor).
func (r *Repo) IsAncestor(ctx context.Context, ancestor, descendant string) (bool, error) {
	if err := r.checkIDs(ancestor, descendant); err != nil {
		return false, err
	}
	_, err := r.run(ctx, "", "merge-base", "--is-ancestor", ancestor, descendant)
	var exit *exitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.code == 1: // git's "no" (failures exit 128)
		return false, nil
	default:
		return false, r.explain(ctx, err, ancestor, descendant)
	}
}

// BranchesContaining lists the branches whose head contains commit, by their names without
// "refs/heads/". Not %(refname:short): that prints "heads/v1" when a tag v1 exists too.
func (r *Repo) BranchesContaining(ctx context.Context, commit string) ([]string, error) {
	if err := r.checkIDs(commit); err != nil {
		return nil, err
	}
	out, err := r.run(ctx, "", "for-each-ref", "--contains="+commit, "--format=%(refname:lstrip=2)", "refs/heads/")
	if err != nil {
		return nil, r.explain(ctx, err, commit)
	}
	var branches []string
	for line := range strings.Lines(string(out)) {
		branches = append(branches, strings.TrimSuffix(line, "\n"))
	}
	return branches, nil
}

func (r *Repo) checkIDs(ids ...string) error {
	for _, id := range ids {
		if _, err := hex.DecodeString(id); err != nil || len(id) != r.idLen {
			return fmt.Errorf("%w: %q", ErrInvalidObjectID, id)
		}
	}
	return nil
}

// explain turns a failed git command into ErrMissingObject when one of ids is missing: git says
// so only in its messages, which are not an interface. Other failures are returned as they are.
func (r *Repo) explain(ctx context.Context, failure error, ids ...string) error {
	var exit *exitError
	if !errors.As(failure, &exit) {
		return failure
	}
	out, err := r.run(ctx, strings.Join(ids, "\n")+"\n", "cat-file", "--batch-check=%(objectname)")
	if err != nil {
		return fmt.Errorf("%w (looking for missing objects: %v)", failure, err)
	}
	// --batch-check prints "<input> missing" instead of the format for an object it lacks.
	for line := range strings.Lines(string(out)) {
		if id, ok := strings.CutSuffix(strings.TrimSuffix(line, "\n"), " missing"); ok {
			return fmt.Errorf("%w: %s", ErrMissingObject, id)
		}
	}
	return failure
}
