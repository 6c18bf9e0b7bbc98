package internalapi

import (
	"context"
	"encoding/base64"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/receive"
)

// PostPostReceive finishes a push: the reference counter goes down, the post-receive job is
// enqueued and the pusher gets GitLab's messages (docs/gitlab-rules.md §9). A request glia cannot
// record is refused with Grape's 400 before anything is written; once the answer is 200,
// reference_counter_decreased is true and the job exists.
func (s *Server) PostPostReceive(ctx context.Context, req gen.PostPostReceiveRequestObject) (gen.PostPostReceiveResponseObject, error) {
	body := req.JSONBody
	if body == nil {
		body = &gen.PostReceive{} // the validator requires a body; this keeps nil out of reach
	}
	if name := invalidPostReceiveParam(body); name != "" {
		return postReceiveParamInvalid(name), nil
	}
	var options []string
	if body.PushOptions != nil {
		options = *body.PushOptions
	}
	msgs, err := receive.PostReceive(ctx, s.store, receive.Config{ExternalURL: s.opts.ExternalURL}, receive.Request{
		GLRepository: body.GlRepository,
		Identifier:   body.Identifier,
		Changes:      stringOrEmpty(body.Changes),
		PushOptions:  options,
	})
	switch {
	case errors.Is(err, receive.ErrMalformedChanges):
		return postReceiveParamInvalid("changes"), nil
	case errors.Is(err, project.ErrInvalidGLRepository):
		return postReceiveParamInvalid("gl_repository"), nil
	case err != nil:
		return nil, err
	}
	out := gen.PostPostReceive200JSONResponse{Messages: make([]gen.PostReceiveMessage, len(msgs)), ReferenceCounterDecreased: true}
	for i, m := range msgs {
		out.Messages[i] = gen.PostReceiveMessage{Message: m.Text, Type: gen.Basic}
		if m.Alert {
			out.Messages[i].Type = gen.Alert
		}
	}
	return out, nil
}

// invalidPostReceiveParam names gitaly_client_context_bin when it is not standard base64, or
// returns "". The changes are checked by receive.ParseChanges; bytes PostgreSQL cannot store
// never get this far (the validator refuses them).
func invalidPostReceiveParam(body *gen.PostReceive) string {
	if b := body.GitalyClientContextBin; b != nil {
		if _, err := base64.StdEncoding.DecodeString(*b); err != nil {
			return "gitaly_client_context_bin"
		}
	}
	return ""
}

// postReceiveParamInvalid is Grape's answer to a parameter it cannot use.
func postReceiveParamInvalid(name string) gen.PostPostReceiveResponseObject {
	return gen.PostPostReceive400JSONResponse{ParamInvalidJSONResponse: gen.ParamInvalidJSONResponse{Error: name + " is invalid"}}
}
