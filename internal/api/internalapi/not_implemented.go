package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/apierror"
)

// Operations of the contract whose implementation has not landed yet. They answer 501 with the
// API's error body (the spec's default response) after authentication and validation, so callers
// and the conformance suite see the real contract everywhere else. Each moves to its own file
// when its issue lands.

func (s *Server) PostAgentConfiguration(context.Context, gen.PostAgentConfigurationRequestObject) (gen.PostAgentConfigurationResponseObject, error) {
	return nil, apierror.NotImplemented("postAgentConfiguration")
}

func (s *Server) GetAgentInfo(context.Context, gen.GetAgentInfoRequestObject) (gen.GetAgentInfoResponseObject, error) {
	return nil, apierror.NotImplemented("getAgentInfo")
}

func (s *Server) PutStarboardVulnerability(context.Context, gen.PutStarboardVulnerabilityRequestObject) (gen.PutStarboardVulnerabilityResponseObject, error) {
	return nil, apierror.NotImplemented("putStarboardVulnerability")
}

func (s *Server) PutStarboardVulnerabilityTrailingSlash(context.Context, gen.PutStarboardVulnerabilityTrailingSlashRequestObject) (gen.PutStarboardVulnerabilityTrailingSlashResponseObject, error) {
	return nil, apierror.NotImplemented("putStarboardVulnerabilityTrailingSlash")
}

func (s *Server) GetStarboardPoliciesConfiguration(context.Context, gen.GetStarboardPoliciesConfigurationRequestObject) (gen.GetStarboardPoliciesConfigurationResponseObject, error) {
	return nil, apierror.NotImplemented("getStarboardPoliciesConfiguration")
}

func (s *Server) GetStarboardScanExecutionPolicies(context.Context, gen.GetStarboardScanExecutionPoliciesRequestObject) (gen.GetStarboardScanExecutionPoliciesResponseObject, error) {
	return nil, apierror.NotImplemented("getStarboardScanExecutionPolicies")
}

func (s *Server) PostStarboardScanResult(context.Context, gen.PostStarboardScanResultRequestObject) (gen.PostStarboardScanResultResponseObject, error) {
	return nil, apierror.NotImplemented("postStarboardScanResult")
}

func (s *Server) GetProjectInfo(context.Context, gen.GetProjectInfoRequestObject) (gen.GetProjectInfoResponseObject, error) {
	return nil, apierror.NotImplemented("getProjectInfo")
}

func (s *Server) PostUsageMetrics(context.Context, gen.PostUsageMetricsRequestObject) (gen.PostUsageMetricsResponseObject, error) {
	return nil, apierror.NotImplemented("postUsageMetrics")
}

func (s *Server) GetVerifyProjectAccess(context.Context, gen.GetVerifyProjectAccessRequestObject) (gen.GetVerifyProjectAccessResponseObject, error) {
	return nil, apierror.NotImplemented("getVerifyProjectAccess")
}
