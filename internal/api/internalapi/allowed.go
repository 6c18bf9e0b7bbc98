package internalapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/geo"
	"github.com/glia-dev/glia/internal/gitaccess"
	"github.com/glia-dev/glia/internal/project"
)

// GitLab's answers to a malformed gitaly_client_context_bin and to the rate limit.
const (
	messageMalformedClientContext = "400 Bad request - malformed gitaly_client_context_bin"
	messageClientContextNotObject = "400 Bad request - Decoded gitaly_client_context_bin is not a valid JSON object"
	messageRateLimited            = "This endpoint has been requested too many times. Try again later."
	messageTimedOut               = "Access check timed out"
)

// gitConfigOptions are the options GitLab always hands Gitaly for a git command.
var gitConfigOptions = []string{"uploadpack.allowFilter=true", "uploadpack.allowAnySHA1InWant=true"}

// PostAllowed decides whether a git command may run: before every clone, fetch and push from
// GitLab Shell (changes "_any") and in every push's pre-receive hook from Gitaly (real changes).
func (s *Server) PostAllowed(ctx context.Context, req gen.PostAllowedRequestObject) (gen.PostAllowedResponseObject, error) {
	b := req.JSONBody // form bodies arrive as JSON (httpmw.foldRailsParams)
	if b == nil {
		return paramInvalid("action"), nil
	}
	if msg := clientContextProblem(b.GitalyClientContextBin); msg != "" {
		return badRequest(msg), nil
	}
	if ok, retry := s.limiter.Allow(s.opts.Now(), rateLimitKeys(b)...); !ok {
		seconds := int(math.Ceil(retry.Seconds()))
		resp := gen.PostAllowed429JSONResponse{Headers: gen.PostAllowed429ResponseHeaders{RetryAfter: &seconds}}
		resp.Body.Message.Error = messageRateLimited
		return resp, nil
	}

	result, err := gitaccess.Check(ctx, s.store, s.gitAccess, gitaccess.Request{
		Action: string(b.Action), Protocol: string(b.Protocol), Changes: stringOrEmpty(b.Changes),
		Project: stringOrEmpty(b.Project), GLRepository: stringOrEmpty(b.GlRepository),
		KeyID: integerOrDigits(b.KeyID), UserID: integerOrDigits(b.UserID),
		Username: b.Username, Identifier: b.Identifier,
		Env: stringOrEmpty(b.Env), RelativePath: stringOrEmpty(b.RelativePath),
	})
	switch {
	case errors.Is(err, gitaccess.ErrInvalidGLRepository):
		return paramInvalid("gl_repository"), nil
	case errors.Is(err, gitaccess.ErrInvalidEnv):
		return paramInvalid("env"), nil
	case errors.Is(err, access.ErrMalformedChanges):
		return paramInvalid("changes"), nil
	case errors.Is(err, context.DeadlineExceeded):
		return gen.PostAllowed503JSONResponse(denial(messageTimedOut)), nil
	case err != nil:
		return nil, err
	}
	return s.allowedAnswer(result, stringOrEmpty(b.Project))
}

// proxyToPrimary is a Geo secondary's answer to an SSH push: the custom action that forwards it
// to the primary. The repository is the project's when glia knows it, and the path as typed
// otherwise (the primary may create the project on push).
func (s *Server) proxyToPrimary(r gitaccess.Result, typedPath string) (gen.PostAllowedResponseObject, error) {
	repoPath := project.NormalizePath(typedPath)
	if r.Project.ID != 0 {
		repoPath = r.Project.GLProjectPath()
	}
	push, err := s.opts.Geo.ProxyPush(repoPath, actor.Actor{Key: r.Key, User: r.User}.GLID(), s.opts.Now())
	if err != nil {
		return nil, err
	}
	direct, viaSSHEndpoints := true, false
	data := gen.CustomActionData{
		APIEndpoints: &push.APIEndpoints, PrimaryRepo: &push.PrimaryRepo, RequestHeaders: &push.RequestHeaders,
		GeoProxyDirectToPrimary:         &direct,
		GeoProxyFetchSSHDirectToPrimary: &viaSSHEndpoints, GeoProxyPushSSHDirectToPrimary: &viaSSHEndpoints,
	}
	if r.User != nil {
		userID := actor.UserGLID(r.User.ID)
		data.GlID, data.GlUsername = &userID, &r.User.Username
	}
	messages := append(r.Decision.ConsoleMessages, push.ConsoleMessages...)
	return gen.PostAllowed300JSONResponse{
		Status:            true,
		Payload:           gen.CustomActionPayload{Action: geo.Action, Data: data},
		GlConsoleMessages: &messages,
	}, nil
}

// allowedAnswer is the answer a decision stands for; typedPath is the repository as the request
// named it (a Geo secondary forwards a push to a path it has no project at as typed).
func (s *Server) allowedAnswer(r gitaccess.Result, typedPath string) (gen.PostAllowedResponseObject, error) {
	d := r.Decision
	switch d.Status {
	case http.StatusOK:
	case http.StatusMultipleChoices:
		return s.proxyToPrimary(r, typedPath)
	case http.StatusNotFound:
		return gen.PostAllowed404JSONResponse(denial(d.Message)), nil
	case http.StatusUnprocessableEntity:
		return gen.PostAllowed422JSONResponse(denial(d.Message)), nil
	case http.StatusServiceUnavailable:
		return gen.PostAllowed503JSONResponse(denial(d.Message)), nil
	default:
		return gen.PostAllowed401JSONResponse(denial(d.Message)), nil
	}
	p := r.Project
	glID, needAudit := "", false
	messages := d.ConsoleMessages
	if messages == nil {
		messages = []string{}
	}
	answer := gen.PostAllowed200JSONResponse{
		Status:            true,
		GlRepository:      p.GLRepository(),
		GlProjectPath:     p.GLProjectPath(),
		GlProjectID:       &p.ID,
		GlRootNamespaceID: &r.RootNamespaceID,
		GitConfigOptions:  gitConfigOptions,
		GlConsoleMessages: messages,
		NeedAudit:         &needAudit,
		Gitaly:            s.gitalyConnection(p),
	}
	if r.User != nil {
		glID = actor.UserGLID(r.User.ID)
		answer.GlUsername = &r.User.Username
	}
	answer.GlID = glID
	if k := r.Key; k != nil {
		keyType := gen.AllowedSuccessGlKeyType("key")
		if k.Kind == "deploy" {
			keyType = "deploy_key"
		}
		answer.GlKeyType, answer.GlKeyID = &keyType, &k.ID
	}
	return answer, nil
}

// gitalyConnection tells GitLab Shell which Gitaly serves the project's repository and how to
// name it.
func (s *Server) gitalyConnection(p project.Project) gen.GitalyConnection {
	conn := gen.GitalyConnection{
		Address:    s.opts.Gitaly[p.Storage].Address,
		Features:   &map[string]string{},
		Repository: gitalyRepository(p),
	}
	if token := s.opts.Gitaly[p.Storage].Token; token != "" {
		conn.Token = &token
	}
	return conn
}

// gitalyInfo is the Gitaly serving a storage as kas reads it: the token as a string, empty
// when there is none, and features always present.
func (s *Server) gitalyInfo(storage string) gen.GitalyInfo {
	return gen.GitalyInfo{Address: s.opts.Gitaly[storage].Address, Token: s.opts.Gitaly[storage].Token, Features: map[string]string{}}
}

// gitalyRepository names the repository to Gitaly (GitLab's Gitaly::Repository to_h).
func gitalyRepository(p project.Project) gen.GitalyRepository {
	empty := ""
	return gen.GitalyRepository{
		StorageName: p.Storage, RelativePath: p.RelativePath(), GitObjectDirectory: &empty,
		GitAlternateObjectDirectories: &[]string{}, GlRepository: p.GLRepository(), GlProjectPath: p.GLProjectPath(),
	}
}

// rateLimitKeys are GitLab's gitlab_shell_operation scopes: the action on the project by the
// actor, and the action on the project from the client's address when GitLab Shell sends it.
func rateLimitKeys(b *gen.AccessCheck) []string {
	target := string(b.Action) + "\x00" + stringOrEmpty(b.Project) + stringOrEmpty(b.GlRepository) + "\x00"
	who := "anonymous"
	switch {
	case b.KeyID != nil:
		who = "key-" + strconv.FormatInt(*integerOrDigits(b.KeyID), 10)
	case b.UserID != nil:
		who = "user-" + strconv.FormatInt(*integerOrDigits(b.UserID), 10)
	case b.Username != nil:
		who = "username-" + *b.Username
	}
	keys := []string{target + who}
	if b.CheckIP != nil && *b.CheckIP != "" {
		keys = append(keys, target+"ip-"+*b.CheckIP)
	}
	return keys
}

// clientContextProblem checks Gitaly's gitaly_client_context_bin as GitLab does: base64 of a
// JSON object.
func clientContextProblem(bin *string) string {
	if bin == nil || *bin == "" {
		return ""
	}
	decoded, err := base64.StdEncoding.DecodeString(*bin)
	if err != nil {
		return messageMalformedClientContext
	}
	var object map[string]any
	if json.Unmarshal(decoded, &object) != nil || object == nil {
		return messageClientContextNotObject
	}
	return ""
}

func denial(message string) gen.AllowedFailure {
	status := false
	return gen.AllowedFailure{Status: &status, Message: message}
}

func paramInvalid(name string) gen.PostAllowedResponseObject {
	var body gen.BadRequest
	_ = body.FromParamError(gen.ParamError{Error: name + " is invalid"}) // marshalling a struct of one string cannot fail
	return gen.PostAllowed400JSONResponse(body)
}

func badRequest(message string) gen.PostAllowedResponseObject {
	var body gen.BadRequest
	_ = body.FromError(gen.Error{Message: message})
	return gen.PostAllowed400JSONResponse(body)
}
