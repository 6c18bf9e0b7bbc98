package vulnerabilities

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// Report is one vulnerability as the Starboard module sends it, reduced to what identifies and
// describes it. Identifiers, Links and Location keep the request's JSON for storage.
type Report struct {
	Name, Severity, Confidence               string
	Message, Description, Solution           string
	Identifiers                              []Identifier
	Location                                 Location
	IdentifiersJSON, LinksJSON, LocationJSON []byte
	Scanner                                  Scanner
}

// Identifier is one of the report's identifiers (CVE-…, CWE-…); the first is the primary one.
type Identifier struct{ Type, Name string }

// Location is where in the cluster the vulnerable package runs. Container is the seed's
// kubernetes_resource.container, the key GitLab's fingerprint reads (the agent sends
// container_name, so for it the slot is empty).
type Location struct {
	Namespace, Kind, Name, Container string
	PackageName                      string
}

// Scanner is the scanner that found it (starboard_trivy).
type Scanner struct{ ID, Name, Vendor string }

// reportTypeClusterImageScanning is the integer GitLab's service puts in the UUID name: the
// enum value of cluster_image_scanning.
const reportTypeClusterImageScanning = 7

var (
	cve = regexp.MustCompile(`(?i)CVE`)
	cwe = regexp.MustCompile(`(?i)CWE`)
)

// identifierFingerprint is the SHA-1 of "<external type>:<external id>", the type read off the
// identifier's name as GitLab reads it.
func identifierFingerprint(id Identifier) string {
	kind := "other"
	switch {
	case cve.MatchString(id.Name):
		kind = "cve"
	case cwe.MatchString(id.Name):
		kind = "cwe"
	}
	return sha1Hex(kind + ":" + id.Name)
}

// locationFingerprint is the SHA-1 of the agent and where the package runs.
func locationFingerprint(agentID int64, l Location) string {
	return sha1Hex(strings.Join([]string{strconv.FormatInt(agentID, 10), l.Namespace, l.Kind, l.Name, l.Container, l.PackageName}, ":"))
}

// findingUUID is GitLab's finding UUID: a UUIDv5 in the configured namespace over
// "<report type>-<primary identifier fingerprint>-<location fingerprint>-<project id>".
func findingUUID(namespace uuid.UUID, primaryIdentifier, location string, projectID int64) uuid.UUID {
	name := strconv.Itoa(reportTypeClusterImageScanning) + "-" + primaryIdentifier + "-" + location + "-" + strconv.FormatInt(projectID, 10)
	return uuid.NewSHA1(namespace, []byte(name))
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
