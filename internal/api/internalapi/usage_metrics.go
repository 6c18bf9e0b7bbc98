package internalapi

import (
	"context"
	"strconv"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/kasmetrics"
)

// PostUsageMetrics adds the counts kas reports every minute (docs/gitlab-rules.md §11.1, current
// GitLab's rules: unknown names and non-positive counts ignored, a count that is not an
// integer 400). The deprecated top-level counts of GitLab 13–15 (the seed's example) count
// towards their counters, as GitLab 14–15 counted them.
func (s *Server) PostUsageMetrics(ctx context.Context, req gen.PostUsageMetricsRequestObject) (gen.PostUsageMetricsResponseObject, error) {
	body := req.JSONBody
	if body == nil {
		return gen.PostUsageMetrics204Response{}, nil // nothing to report
	}
	var report kasmetrics.Report
	for _, c := range []struct {
		param, counter string
		value          *gen.CounterValue
	}{
		{"gitops_sync_count", "gitops_sync", body.GitopsSyncCount},
		{"k8s_api_proxy_request_count", "k8s_api_proxy_request", body.K8SApiProxyRequestCount},
	} {
		if c.value == nil {
			continue
		}
		n, ok := counterValue(*c.value)
		if !ok {
			return usageMetricsInvalid(c.param), nil
		}
		report.Increments = append(report.Increments, kasmetrics.Increment{Name: c.counter, N: n})
	}
	if body.Counters != nil {
		for name, v := range *body.Counters {
			n, ok := counterValue(v)
			if !ok {
				return usageMetricsInvalid("counters[" + name + "]"), nil
			}
			report.Increments = append(report.Increments, kasmetrics.Increment{Name: name, N: n})
		}
	}
	if body.UniqueCounters != nil {
		report.UniqueCounters = *body.UniqueCounters
	}
	if err := kasmetrics.Record(ctx, s.store, report); err != nil {
		return nil, err
	}
	return gen.PostUsageMetrics204Response{}, nil
}

// counterValue reads a count sent as a JSON integer or a string of digits (protojson's int64);
// anything else, including integers beyond int64, is not a count.
func counterValue(v gen.CounterValue) (int64, bool) {
	if n, err := v.AsCounterValue0(); err == nil {
		return n, true
	}
	if digits, err := v.AsCounterValue1(); err == nil {
		n, err := strconv.ParseInt(digits, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// usageMetricsInvalid is Grape's answer to a count that is not an integer.
func usageMetricsInvalid(param string) gen.PostUsageMetrics400JSONResponse {
	var body gen.BadRequest
	_ = body.FromParamError(gen.ParamError{Error: param + " is invalid"}) // encoding a struct of one string cannot fail
	return gen.PostUsageMetrics400JSONResponse(body)
}
