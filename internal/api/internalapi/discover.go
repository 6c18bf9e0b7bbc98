package internalapi

import (
	"context"
	"net/http"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/actor"
)

// GetDiscover tells GitLab Shell who a key or username belongs to ("Welcome to GitLab, @rubi!").
// An unknown user is not an error: GitLab answers 200 with the JSON literal null, and the shell
// welcomes "Anonymous".
func (s *Server) GetDiscover(ctx context.Context, req gen.GetDiscoverRequestObject) (gen.GetDiscoverResponseObject, error) {
	p := req.Params
	who, err := actor.Resolve(ctx, s.store, actor.Params{
		KeyID: p.KeyID, UserID: p.UserID, Username: p.Username, Identifier: p.Identifier,
	})
	if err != nil {
		return nil, err
	}
	if who.User == nil {
		return discoverNobody{}, nil
	}
	return gen.GetDiscover200JSONResponse{ID: who.User.ID, Name: who.User.Name, Username: who.User.Username}, nil
}

// discoverNobody is the 200 null answer, which the generated struct response cannot encode.
type discoverNobody struct{}

func (discoverNobody) VisitGetDiscoverResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write([]byte("null\n"))
	return err
}
