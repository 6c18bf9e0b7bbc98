package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
)

// call is one request an endpoint's load is made of, and the status it must answer.
type call struct {
	method, path, body string
	header             http.Header
	want               int
}

// endpoint is a load to drive: a name for the table and a source of calls.
type endpoint struct {
	name string
	next func() call
}

func randomUser() int { return rand.IntN(users) + 1 }

// memberCall finds a user who holds at least level on a project matching private (a private
// project, or any), by walking random users' project memberships.
func memberOf(minLevel int, private bool) (user, project int) {
	for {
		u := randomUser()
		for s := 5; s < 10; s++ {
			p, level := projectMembership(u, s)
			if level >= minLevel && (!private || !publicProject(p)) {
				return u, p
			}
		}
	}
}

// outsiderOf finds a private project user u is not a member of (neither directly nor through
// the group), for the denied case.
func outsider() (user, project int) {
	for {
		u, p := randomUser(), rand.IntN(projects)+1
		if publicProject(p) {
			continue
		}
		member := false
		for s := range 10 {
			if s < slotsPerGroup {
				member = member || 100001+(5*u+s)%groups == 100000+groupOfProject(p)
			} else if q, _ := projectMembership(u, s); q == p {
				member = true
			}
		}
		if !member {
			return u, p
		}
	}
}

// endpoints are the loads of the report, each shaped as the real caller sends it.
func endpoints(shell func() http.Header) []endpoint {
	jsonShell := func() http.Header {
		h := shell()
		h.Set("Content-Type", "application/json")
		return h
	}
	allowed := func(action, project string, key int, want int) call {
		return call{http.MethodPost, "/api/v4/internal/allowed",
			fmt.Sprintf(`{"action":%q,"project":%q,"changes":"_any","protocol":"ssh","key_id":"%d","check_ip":"127.0.0.1"}`, action, project, key),
			jsonShell(), want}
	}
	return []endpoint{
		{"authorized_keys (hit)", func() call {
			k := rand.IntN(keys) + 1
			return call{http.MethodGet, "/api/v4/internal/authorized_keys?key=" + url.QueryEscape(keyBase64(k)), "", jsonShell(), http.StatusOK}
		}},
		{"authorized_keys (miss)", func() call {
			return call{http.MethodGet, "/api/v4/internal/authorized_keys?key=" + url.QueryEscape(keyBase64(keys+rand.IntN(keys)+1)), "", jsonShell(), http.StatusNotFound}
		}},
		{"discover", func() call {
			return call{http.MethodGet, fmt.Sprintf("/api/v4/internal/discover?key_id=%d", rand.IntN(keys)+1), "", jsonShell(), http.StatusOK}
		}},
		{"allowed: public pull", func() call {
			p := 4 * (rand.IntN(projects/4) + 1) // even project in an even group
			return allowed("git-upload-pack", projectPath(p), aKeyOf(randomUser(), rand.IntN(10)), http.StatusOK)
		}},
		{"allowed: private pull as member", func() call {
			u, p := memberOf(20, true)
			return allowed("git-upload-pack", projectPath(p), aKeyOf(u, rand.IntN(10)), http.StatusOK)
		}},
		{"allowed: push as developer", func() call {
			u, p := memberOf(30, false)
			return allowed("git-receive-pack", projectPath(p), aKeyOf(u, rand.IntN(10)), http.StatusOK)
		}},
		{"allowed: denied (not found)", func() call {
			u, p := outsider()
			return allowed("git-upload-pack", projectPath(p), aKeyOf(u, rand.IntN(10)), http.StatusNotFound)
		}},
		{"allowed: push, 10 changes", func() call {
			u, p := memberOf(30, false)
			var changes strings.Builder
			for i := range 10 {
				fmt.Fprintf(&changes, "%040x %040x refs/heads/feature-%d\n", 0, rand.Uint64()+1, i)
			}
			body := fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":"project-%d","relative_path":"x.git","changes":%q,"protocol":"ssh","user_id":"%d","env":"{}"}`,
				p, changes.String(), u)
			return call{http.MethodPost, "/api/v4/internal/allowed", body, jsonShell(), http.StatusOK}
		}},
		{"pre_receive", func() call {
			return call{http.MethodPost, "/api/v4/internal/pre_receive", fmt.Sprintf(`{"gl_repository":"project-%d"}`, rand.IntN(projects)+1), jsonShell(), http.StatusOK}
		}},
		{"post_receive", func() call {
			u, p := memberOf(30, false)
			body := fmt.Sprintf(`{"gl_repository":"project-%d","identifier":"user-%d","changes":"%040x %040x refs/heads/feature\n","push_options":[]}`, p, u, 0, rand.Uint64()+1)
			return call{http.MethodPost, "/api/v4/internal/post_receive", body, jsonShell(), http.StatusOK}
		}},
		{"SCIM: filtered Users list", func() call {
			filter := url.QueryEscape(fmt.Sprintf(`userName eq "user%d"`, rand.IntN(1000)+1))
			h := http.Header{"Authorization": {"Bearer " + scimToken}}
			return call{http.MethodGet, "/api/scim/v2/groups/" + scimGroup + "/Users?filter=" + filter, "", h, http.StatusOK}
		}},
		{"billing: subscription GET", func() call {
			h := http.Header{"Private-Token": {adminToken}}
			path := fmt.Sprintf("/api/v4/internal/gitlab_subscriptions/namespaces/%d/gitlab_subscription", 100000+rand.IntN(1000)+1)
			return call{http.MethodGet, path, "", h, http.StatusOK}
		}},
	}
}
