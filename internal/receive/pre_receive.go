package receive

import "context"

// PreReceive counts a push in progress on the repository (Gitlab::ReferenceCounter#increase):
// pre_receive runs once the push is allowed, post_receive uncounts it. The repository need not
// exist, as in GitLab; only a malformed gl_repository is refused (project.ErrInvalidGLRepository).
func PreReceive(ctx context.Context, db Store, glRepository string) error {
	if _, _, err := resolve(ctx, db, glRepository); err != nil {
		return err
	}
	return db.IncreaseReferenceCounter(ctx, glRepository)
}
