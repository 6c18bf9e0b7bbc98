package internalapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/google/uuid"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/vulnerabilities"
)

// PutStarboardVulnerability records a vulnerability the agent's Starboard module found, at the
// path the seed documents.
func (s *Server) PutStarboardVulnerability(ctx context.Context, req gen.PutStarboardVulnerabilityRequestObject) (gen.PutStarboardVulnerabilityResponseObject, error) {
	return s.recordStarboardVulnerability(ctx, req.JSONBody)
}

// PutStarboardVulnerabilityTrailingSlash is the same operation at the path the agent sends (kas
// appends the module path "/").
func (s *Server) PutStarboardVulnerabilityTrailingSlash(ctx context.Context, req gen.PutStarboardVulnerabilityTrailingSlashRequestObject) (gen.PutStarboardVulnerabilityTrailingSlashResponseObject, error) {
	return s.recordStarboardVulnerability(ctx, (*gen.VulnerabilityReport)(req.JSONBody))
}

func (s *Server) recordStarboardVulnerability(ctx context.Context, body *gen.VulnerabilityReport) (starboardAnswer, error) {
	if body == nil { // the validator requires a body; this keeps nil out of reach
		return starboardAnswer{http.StatusBadRequest, gen.ParamError{Error: "vulnerability is missing"}}, nil
	}
	report, err := vulnerabilityReport(*body)
	if err != nil {
		return starboardAnswer{}, err
	}
	id, err := vulnerabilities.Record(ctx, s.store, s.opts.VulnerabilityUUIDNamespace, auth.CallerFrom(ctx).AgentID, report)
	if answer, refused := starboardRefusal(err); refused {
		return answer, nil
	} else if err != nil {
		return starboardAnswer{}, err
	}
	return starboardAnswer{http.StatusOK, gen.VulnerabilityFinding{UUID: id.String()}}, nil
}

// PostStarboardScanResult resolves the agent's vulnerabilities its latest scan no longer lists.
func (s *Server) PostStarboardScanResult(ctx context.Context, req gen.PostStarboardScanResultRequestObject) (gen.PostStarboardScanResultResponseObject, error) {
	if req.JSONBody == nil {
		return gen.PostStarboardScanResult400JSONResponse{Error: "uuids is missing"}, nil
	}
	// GitLab would fail in the database on a string that is not a UUID; glia says which
	// parameter is wrong.
	listed := make([]uuid.UUID, 0, len(req.JSONBody.Uuids))
	for _, text := range req.JSONBody.Uuids {
		id, err := uuid.Parse(text)
		if err != nil {
			return gen.PostStarboardScanResult400JSONResponse{Error: "uuids is invalid"}, nil
		}
		listed = append(listed, id)
	}
	err := vulnerabilities.ResolveMissing(ctx, s.store, auth.CallerFrom(ctx).AgentID, listed)
	if answer, refused := starboardRefusal(err); refused {
		return answer, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostStarboardScanResult200JSONResponse(http.StatusOK), nil // GitLab's body is the status
}

// starboardRefusal is the answer to the agent module's expected refusals.
func starboardRefusal(err error) (starboardAnswer, bool) {
	switch {
	case errors.Is(err, vulnerabilities.ErrAgentProjectNotFound):
		return starboardAnswer{http.StatusNotFound, agentProjectNotFound}, true
	case errors.Is(err, vulnerabilities.ErrForbidden):
		return starboardAnswer{http.StatusForbidden, gen.Error{Message: "403 Forbidden"}}, true
	case errors.Is(err, vulnerabilities.ErrNoIdentifier):
		return starboardAnswer{http.StatusBadRequest, gen.ParamError{Error: "vulnerability[identifiers] is empty"}}, true
	}
	return starboardAnswer{}, false
}

// starboardAnswer is an answer of the Starboard module's operations. The vulnerability PUT
// exists at two paths with identical responses, and the generated code gives each its own
// types; one answer serves both, and the spec validation in tests checks it as either.
type starboardAnswer struct {
	status int
	body   any
}

func (a starboardAnswer) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	return json.NewEncoder(w).Encode(a.body)
}

func (a starboardAnswer) VisitPutStarboardVulnerabilityResponse(w http.ResponseWriter) error {
	return a.write(w)
}

func (a starboardAnswer) VisitPutStarboardVulnerabilityTrailingSlashResponse(w http.ResponseWriter) error {
	return a.write(w)
}

func (a starboardAnswer) VisitPostStarboardScanResultResponse(w http.ResponseWriter) error {
	return a.write(w)
}

// vulnerabilityReport reads the module's report; the parts GitLab stores as JSON are kept as
// the agent sent them.
func vulnerabilityReport(b gen.VulnerabilityReport) (vulnerabilities.Report, error) {
	v, loc := b.Vulnerability, b.Vulnerability.Location
	r := vulnerabilities.Report{
		Name: v.Name, Severity: v.Severity, Confidence: stringOrEmpty(v.Confidence),
		Message: stringOrEmpty(v.Message), Description: stringOrEmpty(v.Description), Solution: stringOrEmpty(v.Solution),
		Location: vulnerabilities.Location{
			Namespace: loc.KubernetesResource.Namespace, Kind: loc.KubernetesResource.Kind,
			Name: loc.KubernetesResource.Name, Container: stringOrEmpty(loc.KubernetesResource.Container),
		},
		Scanner: vulnerabilities.Scanner{ID: b.Scanner.ID, Name: b.Scanner.Name, Vendor: scannerVendor(b.Scanner.Vendor)},
	}
	if d := loc.Dependency; d != nil && d.Package != nil {
		r.Location.PackageName = stringOrEmpty(d.Package.Name)
	}
	for _, id := range v.Identifiers {
		r.Identifiers = append(r.Identifiers, vulnerabilities.Identifier{Type: id.Type, Name: id.Name})
	}
	links := []gen.VulnerabilityLink{}
	if v.Links != nil {
		links = *v.Links
	}
	var err error
	for _, part := range []struct {
		into  *[]byte
		value any
	}{{&r.IdentifiersJSON, v.Identifiers}, {&r.LinksJSON, links}, {&r.LocationJSON, loc}} {
		if *part.into, err = json.Marshal(part.value); err != nil {
			return vulnerabilities.Report{}, err
		}
	}
	return r, nil
}

// scannerVendor reads the vendor as the agent sends it ({"name": …}) or as the seed does (a
// plain name).
func scannerVendor(v *gen.ScannerVendor) string {
	if v == nil {
		return ""
	}
	if named, err := v.AsScannerVendor0(); err == nil {
		return named.Name
	}
	name, _ := v.AsScannerVendor1()
	return name
}
