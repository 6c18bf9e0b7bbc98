// Package conformance is glia's black-box conformance suite: it drives a running server the
// way GitLab Shell, Gitaly, kas, CustomersDot and an identity provider do, and checks every
// answer against the specs in openapi/. Its tests start glia in-process over the demo world,
// or, with GLIA_CONFORMANCE_BASE_URL set, target any server (a real GitLab too); see
// README.md. The package has no code of its own: everything is in its tests.
package conformance
