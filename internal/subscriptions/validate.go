package subscriptions

import (
	"slices"
	"strings"
	"time"
)

// ValidationError is a model validation failure: attribute → messages, as GitLab's
// render_validation_error! answers it.
type ValidationError struct {
	Messages map[string][]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Messages))
	for k := range e.Messages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+strings.Join(e.Messages[k], ", "))
	}
	return "invalid subscription: " + strings.Join(parts, "; ")
}

// Add records a message for an attribute.
func (e *ValidationError) Add(attribute, message string) {
	if e.Messages == nil {
		e.Messages = map[string][]string{}
	}
	e.Messages[attribute] = append(e.Messages[attribute], message)
}

// Merge adds other's messages, each attribute prefixed (Rails names a nested record's
// attributes "gitlab_subscription.seats").
func (e *ValidationError) Merge(prefix string, other *ValidationError) {
	for attribute, messages := range other.Messages {
		for _, m := range messages {
			e.Add(prefix+attribute, m)
		}
	}
}

// ErrOrNil is the error when something failed, nil otherwise.
func (e *ValidationError) ErrOrNil() error {
	if len(e.Messages) == 0 {
		return nil
	}
	return e
}

const (
	msgBlank = "can't be blank"
	msgTaken = "has already been taken"
)

// validate checks GitLab's validations: seats and start_date present and, for a trial, both
// trial dates present with the end after the start (Rails' validates_comparison_of message,
// which names the start date).
func (st state) validate(errs *ValidationError) {
	if st.seats == nil {
		errs.Add("seats", msgBlank)
	}
	if st.startDate == nil {
		errs.Add("start_date", msgBlank)
	}
	if !st.trial {
		return
	}
	if st.trialEndsOn == nil {
		errs.Add("trial_ends_on", msgBlank)
	}
	if st.trialStartsOn == nil {
		errs.Add("trial_starts_on", msgBlank)
	}
	if st.trialEndsOn != nil && st.trialStartsOn != nil && !st.trialEndsOn.After(*st.trialStartsOn) {
		errs.Add("trial_ends_on", "must be greater than "+st.trialStartsOn.Format(time.DateOnly))
	}
}
