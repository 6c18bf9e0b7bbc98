// Package geo makes glia a Geo secondary site of a GitLab primary, as far as the internal API
// goes. A secondary does not take pushes: /internal/allowed answers an SSH push with GitLab's
// geo_proxy_to_primary custom action (HTTP 300), and GitLab Shell then speaks Git-over-HTTP to
// the repository on the primary, sending the action's request_headers. Their Authorization is
// GitLab's Geo request signature (Gitlab::Geo::BaseRequest): "GL-Geo <access key>:<JWT>", an
// HS256 JWT signed with the secondary site's secret access key whose data names the repository
// and the actor, valid for a minute. A primary that knows the site checks it; a plain Git HTTP
// server ignores it.
package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/glia-dev/glia/internal/project"
)

// Secondary is this site's standing as a Geo secondary: its primary and the key pair the
// primary knows it by.
type Secondary struct {
	// PrimaryURL is the primary's internal URL, where the secondary's Git traffic goes.
	PrimaryURL *url.URL
	// AccessKey names the site to the primary; SecretAccessKey signs its requests.
	AccessKey       string
	SecretAccessKey []byte
}

// Action is the name GitLab Shell dispatches the custom action on.
const Action = "geo_proxy_to_primary"

// pushEndpoints are the secondary's proxy endpoints GitLab names for a push. Current GitLab
// Shell decodes them and talks to the primary directly; glia does not serve them.
var pushEndpoints = []string{"/api/v4/geo/proxy_git_ssh/info_refs_receive_pack", "/api/v4/geo/proxy_git_ssh/receive_pack"}

// signatureLifetime and notBeforeSkew are GitLab's JSONWebToken::Token defaults, which the Geo
// signature keeps.
const (
	signatureLifetime = time.Minute
	notBeforeSkew     = 5 * time.Second
)

// ProxiedPush is the custom action that forwards a push to the primary.
type ProxiedPush struct {
	// PrimaryRepo is the repository's HTTP URL on the primary.
	PrimaryRepo    string
	APIEndpoints   []string
	RequestHeaders map[string]string
	// ConsoleMessages tell the user where the push goes, one line each.
	ConsoleMessages []string
}

var errNoSecret = errors.New("geo: no secret access key configured")

// ProxyPush builds the custom action for a push to repoPath (the repository's full path as
// GitLab names it: "group/project", or "group/project.wiki") by glID, the actor as GitLab's
// gl_id names it ("key-3" for a key, "user-1" for a user).
func (s Secondary) ProxyPush(repoPath, glID string, now time.Time) (ProxiedPush, error) {
	if len(s.SecretAccessKey) == 0 {
		return ProxiedPush{}, errNoSecret
	}
	primaryRepo := project.HTTPCloneURL(s.PrimaryURL.String(), repoPath)
	signature, err := s.sign(signedData{Scope: repoPath, GLID: glID}, now)
	if err != nil {
		return ProxiedPush{}, err
	}
	return ProxiedPush{
		PrimaryRepo:    primaryRepo,
		APIEndpoints:   pushEndpoints,
		RequestHeaders: map[string]string{"Authorization": "GL-Geo " + s.AccessKey + ":" + signature},
		// Gitlab::Geo.interacting_with_primary_message, split into lines as GitLab sends it.
		ConsoleMessages: []string{
			"This request to a Geo secondary node will be forwarded to the",
			"Geo primary node:",
			"",
			"  " + project.SSHCloneURL(s.PrimaryURL.Hostname(), repoPath),
		},
	}, nil
}

// signedData is what the signature vouches for: the repository (its path on the primary) and
// who acts.
type signedData struct {
	Scope string `json:"scope"`
	GLID  string `json:"gl_id"`
}

// claims carry the data as a JSON string, as GitLab's Geo tokens do.
type claims struct {
	Data string `json:"data"`
	jwt.RegisteredClaims
}

func (s Secondary) sign(d signedData, now time.Time) (string, error) {
	data, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode Geo request data: %w", err)
	}
	c := claims{Data: string(data), RegisteredClaims: jwt.RegisteredClaims{
		ID:        uuid.NewString(),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-notBeforeSkew)),
		ExpiresAt: jwt.NewNumericDate(now.Add(signatureLifetime)),
	}}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.SecretAccessKey)
	if err != nil {
		return "", fmt.Errorf("sign Geo request: %w", err)
	}
	return token, nil
}
