package config_test

import (
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/config"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestParseServe_DefaultsDeriveFromTheDataDirAndListenAddress(t *testing.T) {
	c, err := config.ParseServe([]string{"--data-dir", "/srv/glia"}, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:3000", c.Listen)
	assert.Equal(t, "/srv/glia/.gitlab_shell_secret", c.ShellSecretFile)
	assert.Equal(t, "/srv/glia/.gitlab_kas_secret", c.KASSecretFile)
	assert.Equal(t, "http://127.0.0.1:3000", c.ExternalURL)
	assert.Empty(t, c.DatabaseURL)
	assert.Empty(t, c.CustomersDotJWKS, "CustomersDot's JWT is off until its keys are configured")
	assert.Equal(t, "https://customers.gitlab.com", c.CustomersDotIssuer)
	assert.True(t, c.KASAPI, "the kas internal API is on, as in current GitLab")
	assert.True(t, c.GroupSAML)
	assert.Equal(t, 8*time.Second, c.RequestTimeout, "under gitlab-sshd's 10 s key lookup and kas's 20 s")
	assert.Equal(t, 256*runtime.GOMAXPROCS(0), c.MaxConnections)
}

func TestParseServe_ReadsTheRequestTimeoutAndConnectionCap(t *testing.T) {
	c, err := config.ParseServe([]string{"--request-timeout", "3s"}, env(map[string]string{"GLIA_MAX_CONNECTIONS": "64"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, c.RequestTimeout)
	assert.Equal(t, 64, c.MaxConnections)
}

func TestParseServe_ReadsEveryFlagFromGLIAVariablesAndLetsTheCommandLineWin(t *testing.T) {
	vars := map[string]string{
		"GLIA_LISTEN":             "0.0.0.0:8080",
		"GLIA_DEMO":               "true",
		"GLIA_SHELL_SECRET_FILE":  "/etc/glia/shell",
		"GLIA_EXTERNAL_URL":       "https://gitlab.example.com/",
		"DATABASE_URL":            "postgres://db/glia",
		"GLIA_CUSTOMERS_DOT_JWKS": "https://customers.gitlab.com/oauth/discovery/keys",
	}
	c, err := config.ParseServe(nil, env(vars), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "0.0.0.0:8080", c.Listen)
	assert.True(t, c.Demo)
	assert.Equal(t, "https://customers.gitlab.com/oauth/discovery/keys", c.CustomersDotJWKS)
	assert.Equal(t, "/etc/glia/shell", c.ShellSecretFile)
	assert.Equal(t, "https://gitlab.example.com", c.ExternalURL, "trailing slash trimmed")
	assert.Equal(t, "postgres://db/glia", c.DatabaseURL, "DATABASE_URL is honoured like every PostgreSQL tool does")

	c, err = config.ParseServe([]string{"--listen", "127.0.0.1:9"}, env(vars), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9", c.Listen)

	vars["GLIA_DATABASE_URL"] = "postgres://other/glia"
	c, err = config.ParseServe(nil, env(vars), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "postgres://other/glia", c.DatabaseURL, "GLIA_DATABASE_URL wins over DATABASE_URL")
}

func TestParseServe_RejectsBadValuesInOneLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		vars map[string]string
	}{
		"bad boolean in the environment":      {nil, map[string]string{"GLIA_DEMO": "maybe"}},
		"external URL without scheme":         {[]string{"--external-url", "gitlab.example.com"}, nil},
		"unknown flag":                        {[]string{"--no-such-flag"}, nil},
		"stray argument":                      {[]string{"extra"}, nil},
		"access check timeout of zero":        {[]string{"--access-check-timeout", "0s"}, nil},
		"access check timeout without a unit": {nil, map[string]string{"GLIA_ACCESS_CHECK_TIMEOUT": "50"}},
		"request timeout of zero":             {[]string{"--request-timeout", "0s"}, nil},
		"no connections at all":               {[]string{"--max-connections", "0"}, nil},
		"Geo primary without the site's keys": {[]string{"--geo-primary-url", "https://primary.example.com"}, nil},
		"Geo keys without a primary":          {[]string{"--geo-access-key", "AK", "--geo-secret-access-key-file", "/etc/geo"}, nil},
		"Geo primary that is not a URL": {[]string{"--geo-primary-url", "primary.example.com",
			"--geo-access-key", "AK", "--geo-secret-access-key-file", "/etc/geo"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.ParseServe(tc.args, env(tc.vars), io.Discard)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestParseServe_TakesAWholeGeoSecondary(t *testing.T) {
	c, err := config.ParseServe([]string{"--geo-primary-url", "https://primary.example.com/",
		"--geo-access-key", "AK", "--geo-secret-access-key-file", "/etc/glia/geo-secret"}, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "https://primary.example.com", c.GeoPrimaryURL)
	assert.Equal(t, "AK", c.GeoAccessKey)
	assert.Equal(t, "/etc/glia/geo-secret", c.GeoSecretAccessKeyFile)
}
