package access

// repositoryKind is what differs between a project's repository and its wiki (GitLab's
// GitAccessProject and GitAccessWiki): wording, the feature level that gates them, and the
// abilities that download and write them.
type repositoryKind struct {
	wiki bool

	notFound, noRepository, downloadDenied string
	// readOnly answers a push to a repository being moved. The wiki's text is GitLab's, which
	// reuses its read-only-instance message there.
	readOnly string

	featureLevel func(Container) int
	download     func(policy) bool
}

var projectRepository = repositoryKind{
	notFound:       msgProjectNotFound,
	noRepository:   msgNoRepository,
	downloadDenied: msgDownload,
	readOnly:       msgRepositoryMoving,
	featureLevel:   func(c Container) int { return c.RepositoryAccessLevel },
	download:       policy.downloadCode,
}

var wikiRepository = repositoryKind{
	wiki:           true,
	notFound:       msgWikiNotFound,
	noRepository:   msgNoWikiRepository,
	downloadDenied: msgWikiDownload,
	readOnly:       msgReadOnlyInstance,
	featureLevel:   func(c Container) int { return c.WikiAccessLevel },
	download:       policy.downloadWikiCode,
}
