package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/lfs"
	"github.com/glia-dev/glia/internal/project"
)

// GitLab's two different 404 texts here: not_found! for the repository, and the
// ActiveRecord::RecordNotFound rescue (lower-case "found") for the actor.
const (
	messageRepositoryNotFound = "404 Not Found"
	messageActorNotFound      = "404 Not found"
)

// PostLFSAuthenticate issues Git LFS credentials to an SSH user, in GitLab's order
// (docs/gitlab-rules.md §2): the repository must exist with LFS enabled, then the actor must
// resolve. Nothing checks that the actor may read the repository; the LFS HTTP API does that
// when the token is used.
func (s *Server) PostLFSAuthenticate(ctx context.Context, req gen.PostLFSAuthenticateRequestObject) (gen.PostLFSAuthenticateResponseObject, error) {
	body := req.JSONBody
	if body == nil {
		body = &gen.LFSAuthentication{} // the validator requires a body; this keeps nil out of reach
	}
	proj, err := project.Resolve(ctx, s.store, project.Ref{Path: stringOrEmpty(body.Project), GLRepository: stringOrEmpty(body.GlRepository)})
	switch {
	case errors.Is(err, project.ErrInvalidGLRepository):
		return lfsParamInvalid("gl_repository"), nil
	case errors.Is(err, project.ErrNotFound):
		return gen.PostLFSAuthenticate404JSONResponse{Message: messageRepositoryNotFound}, nil
	case err != nil:
		return nil, err
	}
	if proj.Kind != project.KindProject || !proj.LFSEnabled { // LFS serves project repositories only
		return gen.PostLFSAuthenticate404JSONResponse{Message: messageRepositoryNotFound}, nil
	}

	who, err := actor.Resolve(ctx, s.store, actor.Params{
		KeyID: integerOrDigits(body.KeyID), UserID: integerOrDigits(body.UserID), Username: body.Username,
	})
	if err != nil {
		return nil, err
	}
	holder, ok := lfs.ActorFor(who)
	if !ok {
		return gen.PostLFSAuthenticate404JSONResponse{Message: messageActorNotFound}, nil
	}

	if err := s.touchKey(ctx, integerOrDigits(body.KeyID)); err != nil {
		return nil, err
	}
	token, err := lfs.Issue(s.opts.KeyBase, holder, lfs.ProjectGID(proj.ID), s.opts.Now())
	if err != nil {
		return nil, err
	}
	return gen.PostLFSAuthenticate200JSONResponse{
		Username:           holder.Name(),
		LFSToken:           token,
		RepositoryHTTPPath: project.HTTPCloneURL(s.lfsBaseURL(body.Operation), proj.FullPath),
		ExpiresIn:          int(lfs.Lifetime.Seconds()),
	}, nil
}

// lfsBaseURL is where the LFS client goes: here, except that a Geo secondary sends uploads to
// its primary, which takes the writes (EE Project#lfs_http_url_to_repo).
func (s *Server) lfsBaseURL(operation *gen.LFSAuthenticationOperation) string {
	if s.opts.Geo != nil && operation != nil && *operation == gen.Upload {
		return s.opts.Geo.PrimaryURL.String()
	}
	return s.opts.ExternalURL.String()
}

// lfsParamInvalid is Grape's answer to a parameter it cannot use.
func lfsParamInvalid(name string) gen.PostLFSAuthenticateResponseObject {
	return gen.PostLFSAuthenticate400JSONResponse{ParamInvalidJSONResponse: gen.ParamInvalidJSONResponse{Error: name + " is invalid"}}
}
