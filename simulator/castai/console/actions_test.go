package console

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai"
)

func (e *env) connection() castai.ConsoleConnection {
	e.t.Helper()
	var c castai.ConsoleConnection
	if status := e.api(http.MethodGet, "/v1/sso-connections/"+castai.PreSeededConnectionID, nil,
		&c); status != http.StatusOK {
		e.t.Fatalf("get connection: %d", status)
	}
	return c
}

func (e *env) groups() []castai.ConsoleGroup {
	e.t.Helper()
	var out struct {
		Groups []castai.ConsoleGroup `json:"groups"`
	}
	e.api(http.MethodGet, e.org("/groups"), nil, &out)
	return out.Groups
}

func (e *env) group(id string) castai.ConsoleGroup {
	e.t.Helper()
	for _, g := range e.groups() {
		if g.ID == id {
			return g
		}
	}
	return castai.ConsoleGroup{}
}

func (e *env) access(userID string) []castai.Access {
	e.t.Helper()
	var out struct {
		Access []castai.Access `json:"access"`
	}
	e.api(http.MethodGet, e.org("/users/"+userID+"/access"), nil, &out)
	return out.Access
}

func hasMember(g castai.ConsoleGroup, userID string) bool {
	for _, m := range g.Definition.Members {
		if m.ID == userID {
			return true
		}
	}
	return false
}

// regularGroup creates a console group through the API.
func (e *env) regularGroup() string {
	e.t.Helper()
	var g castai.ConsoleGroup
	e.api(http.MethodPost, e.org("/groups"), map[string]any{
		"name": "Auditors", "definition": map[string]any{"members": []any{}},
	}, &g)
	return g.ID
}

// TestActions posts each form as a browser would and checks the change
// through the console API, after checking that the same post without the
// CSRF token is refused and changes nothing.
func TestActions(t *testing.T) {
	sso := "/sso/" + castai.PreSeededConnectionID
	drawer := url.Values{
		"name": {"Okta"}, "kind": {"okta"}, "domain": {"http://idp.example"},
		"client_id": {"castsim"}, "client_secret": {"s3cret"}, "sync": {"1"},
		"default_role_id": {castai.RoleMember},
	}
	cases := []struct {
		name  string
		path  string
		form  url.Values
		check func(e *env) bool
	}{
		{"change the default role", sso, drawer, func(e *env) bool {
			return e.connection().DefaultRoleID == castai.RoleMember
		}},
		{"turn sync off", sso, without(drawer, "sync"), func(e *env) bool {
			return !e.connection().IsSynced
		}},
		{"create a group", "/groups", url.Values{"name": {"Security"}}, func(e *env) bool {
			for _, g := range e.groups() {
				if g.Name == "Security" {
					return true
				}
			}
			return false
		}},
		{
			"grant a role to a synced group", "/groups/@synced/bindings",
			url.Values{"role_id": {castai.RoleAnalyst}, "scope": {"organization"}},
			func(e *env) bool {
				for _, a := range e.access(e.userID) {
					if a.RoleID == castai.RoleAnalyst && a.Source.GroupID == e.synced {
						return true
					}
				}
				return false
			},
		},
		{
			"add a member to a regular group", "/groups/@regular/members",
			url.Values{"user_id": {"@user"}},
			func(e *env) bool { return hasMember(e.group(e.groupNamed("Auditors")), e.userID) },
		},
		{"remove a user", "/users/@user/delete", nil, func(e *env) bool {
			return e.api(http.MethodGet, e.org("/users/"+e.userID), nil, nil) ==
				http.StatusNotFound
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.signIn()
			r := strings.NewReplacer("@synced", e.synced, "@regular", e.regularGroup(),
				"@user", e.userID)
			path := Prefix + r.Replace(tc.path)
			form := url.Values{}
			for k, vs := range tc.form {
				form[k] = []string{r.Replace(vs[0])}
			}

			if status, _ := e.Post(path, form, false); status != http.StatusForbidden {
				t.Fatalf("POST without CSRF token: %d, want 403", status)
			}
			if tc.check(e) {
				t.Fatalf("the change happened although the CSRF token was missing")
			}
			status, loc := e.Post(path, form, true)
			if status != http.StatusSeeOther {
				t.Fatalf("POST: %d, want 303:\n%s", status, loc)
			}
			if _, page := e.Get(loc); strings.Contains(page, "flash-error") {
				t.Fatalf("the action reported an error:\n%s", page)
			}
			if !tc.check(e) {
				t.Fatal("the change did not reach castsim")
			}
		})
	}
}

func without(v url.Values, key string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != key {
			out[k] = vs
		}
	}
	return out
}

func (e *env) groupNamed(name string) string {
	for _, g := range e.groups() {
		if g.Name == name {
			return g.ID
		}
	}
	return ""
}

// TestSSOSecretRequired: saving the drawer without the client secret is
// refused with the API's message, and nothing changes.
func TestSSOSecretRequired(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	status, page := e.Post(Prefix+"/sso/"+castai.PreSeededConnectionID, url.Values{
		"name": {"Renamed"}, "kind": {"okta"}, "domain": {"http://idp.example"},
		"client_id": {"castsim"}, "sync": {"1"}, "default_role_id": {castai.RoleViewer},
	}, true)
	if status != http.StatusBadRequest || !strings.Contains(page, "clientSecret is required") {
		t.Fatalf("save without secret: %d\n%s", status, page)
	}
	if got := e.connection().Name; got == "Renamed" {
		t.Fatal("the connection was renamed without its client secret")
	}
}

// TestSCIMTokenShownOnce: turning sync on shows the new token on the answer
// page only; the SSO page shown afterwards does not hold it.
func TestSCIMTokenShownOnce(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	form := url.Values{
		"name": {"Okta"}, "kind": {"okta"}, "domain": {"http://idp.example"},
		"client_id": {"castsim"}, "client_secret": {"s3cret"},
		"default_role_id": {castai.RoleViewer},
	}
	path := Prefix + "/sso/" + castai.PreSeededConnectionID
	if status, _ := e.Post(path, form, true); status != http.StatusSeeOther {
		t.Fatalf("turn sync off: %d", status)
	}
	form.Set("sync", "1")
	status, page := e.Post(path, form, true)
	if status != http.StatusOK || !strings.Contains(page, "It will not be shown again") {
		t.Fatalf("turn sync on: %d\n%s", status, page)
	}
	token := regexpToken.FindString(page)
	if token == "" {
		t.Fatalf("no token on the page:\n%s", page)
	}
	if _, again := e.Get(Prefix + "/sso"); strings.Contains(again, token) {
		t.Fatal("the SSO page shows the token a second time")
	}
}

// TestSyncedGroupMembersReadOnly: the console API refuses member changes of
// a synced group, and the console shows that refusal.
func TestSyncedGroupMembersReadOnly(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	status, loc := e.Post(Prefix+"/groups/"+e.synced+"/members/"+e.userID+"/remove", nil, true)
	if status != http.StatusSeeOther {
		t.Fatalf("remove from synced group: %d", status)
	}
	if _, page := e.Get(loc); !strings.Contains(page, "flash-error") {
		t.Fatalf("no error shown:\n%s", page)
	}
	if !hasMember(e.group(e.synced), e.userID) {
		t.Fatal("a member left a synced group through the console")
	}
}

var regexpToken = regexp.MustCompile(`castai-scim-[0-9a-f]+`)
