package access

import (
	"errors"
	"fmt"
	"net/http"
)

// denial is an expected "no", GitLab's ForbiddenError, NotFoundError and TimeoutError. Checks
// return it as an error so that the first failing check ends the decision, as GitLab's raise
// does; Check turns it into a Decision and never returns it.
type denial struct {
	status  int
	message string
}

func (d *denial) Error() string { return fmt.Sprintf("%d %s", d.status, d.message) }

// forbidden is GitLab's ForbiddenError: 401, deliberately not 403, so that every GitLab Shell
// version shows the message to the user.
func forbidden(message string) error {
	return &denial{status: http.StatusUnauthorized, message: message}
}

func notFound(message string) error {
	return &denial{status: http.StatusNotFound, message: message}
}

// timedOut is GitLab's TimeoutError.
func timedOut(message string) error {
	return &denial{status: http.StatusServiceUnavailable, message: message}
}

// asDecision splits a check's error into the Decision it stands for, or a real error.
func asDecision(err error) (Decision, error) {
	var d *denial
	if errors.As(err, &d) {
		return Decision{Status: d.status, Message: d.message}, nil
	}
	return Decision{}, err
}
