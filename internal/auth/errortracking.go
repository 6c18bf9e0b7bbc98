package auth

import (
	"bytes"
	"strings"

	"github.com/glia-dev/glia/internal/secret"
)

// ParamErrorTrackingToken is the query parameter that may carry the error-tracking token
// instead of HeaderErrorTrackingToken; when both are sent, the parameter is the one judged, as
// in GitLab (params['error_tracking_token'] ||= the header).
const (
	HeaderErrorTrackingToken = "Gitlab-Error-Tracking-Token"
	ParamErrorTrackingToken  = "error_tracking_token"
)

// ErrorTrackingVerifier checks the token the error-tracking service (Opstrace) presents: GitLab's
// instance setting error_tracking_access_token, here the content of a file.
type ErrorTrackingVerifier struct {
	token []byte
}

// NewErrorTrackingVerifier builds a verifier for the token file's content (surrounding
// whitespace removed).
func NewErrorTrackingVerifier(fileContent []byte) *ErrorTrackingVerifier {
	return &ErrorTrackingVerifier{token: bytes.TrimSpace(fileContent)}
}

// VerifyToken compares a presented token with the instance's, in constant time, after dropping
// one trailing line break as GitLab's chomp does.
func (v *ErrorTrackingVerifier) VerifyToken(value string) error {
	value = strings.TrimSuffix(strings.TrimSuffix(value, "\n"), "\r")
	if !secret.Equal([]byte(value), v.token) {
		return ErrInvalidCredential
	}
	return nil
}
