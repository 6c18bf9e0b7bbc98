// Package subscriptions applies CustomersDot's subscription changes to namespaces with GitLab's
// GitlabSubscription model rules (docs/gitlab-rules.md §12.2): plan codes, trials, seat statistics
// and new terms, the history of every change, and the entity the billing API answers.
package subscriptions
