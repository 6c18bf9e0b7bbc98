package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// TODO(issue 5): not implemented yet; answers 501.

func (s *Server) PutStarboardVulnerability(context.Context, gen.PutStarboardVulnerabilityRequestObject) (gen.PutStarboardVulnerabilityResponseObject, error) {
	return nil, apierror.NotImplemented("putStarboardVulnerability")
}

func (s *Server) PutStarboardVulnerabilityTrailingSlash(context.Context, gen.PutStarboardVulnerabilityTrailingSlashRequestObject) (gen.PutStarboardVulnerabilityTrailingSlashResponseObject, error) {
	return nil, apierror.NotImplemented("putStarboardVulnerabilityTrailingSlash")
}

func (s *Server) PostStarboardScanResult(context.Context, gen.PostStarboardScanResultRequestObject) (gen.PostStarboardScanResultResponseObject, error) {
	return nil, apierror.NotImplemented("postStarboardScanResult")
}
