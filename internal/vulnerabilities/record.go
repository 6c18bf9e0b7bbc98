package vulnerabilities

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/glia-dev/glia/internal/store"
)

// ErrNoIdentifier means the report names no identifier (the spec requires one).
var ErrNoIdentifier = errors.New("vulnerability has no identifier")

// titleLimit is GitLab's limit on a vulnerability's title.
const titleLimit = 255

// Record creates the vulnerability a report describes, or finds the one it already created,
// and returns the finding's UUID. A resolved one is detected again. Concurrent identical
// reports create one vulnerability: the UUID is unique in the database.
func Record(ctx context.Context, st Store, namespace uuid.UUID, agentID int64, r Report) (uuid.UUID, error) {
	if len(r.Identifiers) == 0 {
		return uuid.Nil, ErrNoIdentifier
	}
	who, err := authorise(ctx, st, agentID)
	if err != nil {
		return uuid.Nil, err
	}
	primary := identifierFingerprint(r.Identifiers[0])
	location := locationFingerprint(who.agentID, r.Location)
	id := findingUUID(namespace, primary, location, who.projectID)
	err = st.RecordVulnerability(ctx, store.NewVulnerability{
		Uuid: id, ProjectID: who.projectID, AgentID: &who.agentID, AuthorID: &who.creatorID,
		Title: truncate(r.Name, titleLimit), Severity: strings.ToLower(r.Severity), Confidence: strings.ToLower(r.Confidence),
		Message: r.Message, Description: r.Description, Solution: r.Solution,
		Identifiers: r.IdentifiersJSON, Links: r.LinksJSON, Location: r.LocationJSON,
		PrimaryIdentifierFingerprint: primary, LocationFingerprint: location,
		ProjectFingerprint: sha1Hex(r.Identifiers[0].Name),
		ScannerExternalID:  r.Scanner.ID, ScannerName: r.Scanner.Name, ScannerVendor: r.Scanner.Vendor,
	})
	if errors.Is(err, store.ErrGone) {
		// Deleted since authorise read them: the project (taking its agent along, the usual
		// cause), the agent or its creator. Answered as GitLab answers an agent without a project.
		return uuid.Nil, ErrAgentProjectNotFound
	} else if err != nil {
		return uuid.Nil, fmt.Errorf("record vulnerability %s: %w", id, err)
	}
	return id, nil
}

// ResolveMissing resolves the agent's active vulnerabilities whose finding UUID the latest
// scan did not list.
func ResolveMissing(ctx context.Context, st Store, agentID int64, listed []uuid.UUID) error {
	who, err := authorise(ctx, st, agentID)
	if err != nil {
		return err
	}
	_, err = st.ResolveAgentVulnerabilitiesExcept(ctx, who.projectID, who.agentID, listed)
	return err
}

// truncate cuts s to at most n characters (not bytes), as Ruby's truncate counts.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
