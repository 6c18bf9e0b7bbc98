package scim

import (
	"strings"
)

// UserRequest is a provisioning request's attributes as the identity provider sent them; nil
// means absent (or null).
type UserRequest struct {
	ExternalID  *string
	UserName    *string
	Emails      []EmailRequest
	Name        *NameRequest
	DisplayName *string
}

// EmailRequest is one entry of a request's emails.
type EmailRequest struct {
	Type    *string
	Value   *string
	Primary bool
}

// NameRequest is a request's name object.
type NameRequest struct {
	Formatted, GivenName, FamilyName *string
}

// NewUser is a provisioning request after GitLab's parsing.
type NewUser struct {
	ExternUID string
	Email     string
	Username  string // as requested; a new user's username is cleaned from it
	Name      string
}

// Parse applies GitLab's rules: the email is the first entry of type work or marked primary;
// the name is name.formatted, else givenName and familyName joined, else displayName.
// extern_uid, email and username are required (an empty value counts as missing), else a
// *MissingParamsError listing the missing ones in GitLab's order.
func (r UserRequest) Parse() (NewUser, error) {
	u := NewUser{ExternUID: text(r.ExternalID), Username: text(r.UserName), Name: r.name()}
	for _, e := range r.Emails {
		if e.Primary || strings.EqualFold(text(e.Type), "work") {
			u.Email = text(e.Value)
			break
		}
	}
	var missing []string
	for _, p := range []struct{ name, value string }{{"extern_uid", u.ExternUID}, {"email", u.Email}, {"username", u.Username}} {
		if p.value == "" {
			missing = append(missing, p.name)
		}
	}
	if len(missing) > 0 {
		return NewUser{}, &MissingParamsError{Params: missing}
	}
	return u, nil
}

func (r UserRequest) name() string {
	if r.Name != nil {
		if formatted := strings.TrimSpace(text(r.Name.Formatted)); formatted != "" {
			return formatted
		}
		var parts []string
		for _, p := range []*string{r.Name.GivenName, r.Name.FamilyName} {
			if s := strings.TrimSpace(text(p)); s != "" {
				parts = append(parts, s)
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, " ")
		}
	}
	return strings.TrimSpace(text(r.DisplayName))
}

func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
