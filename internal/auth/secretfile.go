package auth

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/glia-dev/glia/internal/safefile"
)

// LoadShellSecret reads the secret shared with GitLab Shell and Gitaly, creating it (32 lowercase
// hex characters, mode 0600, as GitLab does) when the file does not exist. created reports that.
func LoadShellSecret(path string) (secret []byte, created bool, err error) {
	return loadOrCreate(path, newHexSecret, nonEmpty)
}

// LoadErrorTrackingToken reads the token the error-tracking service presents (GitLab's
// error_tracking_access_token setting, which GitLab also generates on first use), creating it
// like the shell secret when the file does not exist.
func LoadErrorTrackingToken(path string) (token []byte, created bool, err error) {
	return loadOrCreate(path, newHexSecret, nonEmpty)
}

// newHexSecret is 32 random lowercase hex characters and a newline.
func newHexSecret() []byte {
	buf := make([]byte, 16)
	_, _ = rand.Read(buf)
	return []byte(hex.EncodeToString(buf) + "\n")
}

func nonEmpty(content []byte) ([]byte, error) {
	if len(bytes.TrimSpace(content)) == 0 {
		return nil, errors.New("it is empty")
	}
	return content, nil
}

// LoadKeyBase reads glia's own secret, from which per-actor signing keys derive (GitLab's
// secret_key_base / db_key_base play this part): 64 hex characters, generated when missing.
func LoadKeyBase(path string) (keyBase []byte, created bool, err error) {
	return loadOrCreate(path, func() []byte {
		buf := make([]byte, 32)
		_, _ = rand.Read(buf)
		return []byte(hex.EncodeToString(buf) + "\n")
	}, func(content []byte) ([]byte, error) {
		trimmed := bytes.TrimSpace(content)
		if len(trimmed) < 32 {
			return nil, fmt.Errorf("it holds %d characters, fewer than 32", len(trimmed))
		}
		return trimmed, nil
	})
}

// LoadKASSecret reads the kas secret: base64 of exactly 32 bytes, as both kas and GitLab require.
// A missing file is created; a malformed one is an error (a server that silently replaced it
// would lock every kas out).
func LoadKASSecret(path string) (key []byte, created bool, err error) {
	return loadOrCreate(path, func() []byte {
		buf := make([]byte, 32)
		_, _ = rand.Read(buf)
		return []byte(base64.StdEncoding.EncodeToString(buf) + "\n")
	}, decodeKASSecret)
}

func decodeKASSecret(content []byte) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(content)))
	if err != nil {
		return nil, errors.New("it is not base64")
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("it decodes to %d bytes, not 32", len(key))
	}
	return key, nil
}

// LoadGeoSecretAccessKey reads a Geo site's secret access key. The primary issues it, so glia
// never makes one up: the file must exist and hold the key.
func LoadGeoSecretAccessKey(path string) ([]byte, error) {
	content, err := safefile.ReadFile(path)
	if err != nil {
		return nil, secretFileError("read Geo secret access key", path, err)
	}
	key := bytes.TrimSpace(content)
	if len(key) == 0 {
		return nil, fmt.Errorf("Geo secret access key file %s is empty", path)
	}
	return key, nil
}

// loadOrCreate reads the secret at path, or generates one there when there is none. Either way
// the file must be safe to trust (internal/safefile): owned by glia's user (or root), writable
// by nobody else, in a directory nobody else may write to when glia creates it.
func loadOrCreate(path string, generate func() []byte, decode func([]byte) ([]byte, error)) ([]byte, bool, error) {
	content, err := safefile.ReadFile(path)
	created := false
	if errors.Is(err, fs.ErrNotExist) {
		content, created = generate(), true
		if err := safefile.MkdirAll(filepath.Dir(path)); err != nil {
			return nil, false, secretFileError("create secret file", path, err)
		}
		// Create, never replace: if another process created it meanwhile, keep theirs and fail
		// loudly rather than end up with two servers holding different secrets.
		if err := safefile.CreateFile(path, content); err != nil {
			return nil, false, secretFileError("create secret file", path, err)
		}
	} else if err != nil {
		return nil, false, secretFileError("read secret file", path, err)
	}
	value, err := decode(content)
	if err != nil {
		return nil, false, fmt.Errorf("secret file %s is malformed: %s", path, err)
	}
	return value, created, nil
}

// secretFileError names the secret file and, when glia refuses it, why.
func secretFileError(doing, path string, err error) error {
	var unsafe *safefile.UnsafeError
	switch {
	case errors.As(err, &unsafe) && unsafe.Path == path:
		return fmt.Errorf("secret file %w", err)
	case errors.As(err, &unsafe):
		return fmt.Errorf("secret file %s: directory %w", path, err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
