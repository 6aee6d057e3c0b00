package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/okta"
)

func (e *env) memberIDs(groupID string) []string {
	e.t.Helper()
	users, err := e.sim.GroupMembers(context.Background(), groupID)
	if err != nil {
		e.t.Fatalf("list members: %v", err)
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return ids
}

func (e *env) user(id string) okta.User {
	e.t.Helper()
	u, err := e.sim.User(context.Background(), id)
	if err != nil {
		e.t.Fatalf("get user %s: %v", id, err)
	}
	return u
}

// TestActions posts each form as a browser would and checks the change
// reached the Sim, then that the same post without the CSRF token is
// refused and changes nothing.
func TestActions(t *testing.T) {
	cases := []struct {
		name  string
		path  string
		form  url.Values
		check func(e *env) bool
	}{
		{
			"assign person to group", "/groups/" + platform + "/members",
			url.Values{"user_id": {nina}},
			func(e *env) bool { return slices.Contains(e.memberIDs(platform), nina) },
		},
		{
			"remove person from group", "/groups/" + platform + "/members/" + maya + "/remove", nil,
			func(e *env) bool { return !slices.Contains(e.memberIDs(platform), maya) },
		},
		{
			"deactivate person", "/people/" + maya + "/lifecycle",
			url.Values{"op": {"deactivate"}},
			func(e *env) bool { return e.user(maya).Status == okta.StatusDeprovisioned },
		},
		{"edit profile", "/people/" + maya + "/profile", url.Values{
			"firstName": {"Maya"}, "lastName": {"Okafor-Reed"}, "login": {"maya.okafor@example.com"},
			"email": {"maya.okafor@example.com"},
		}, func(e *env) bool {
			u := e.user(maya)
			return u.Profile.String("lastName") == "Okafor-Reed" &&
				u.Profile.String("locale") == "en_US" && u.Profile.String("title") == ""
		}},
		{
			"add group", "/groups",
			url.Values{"name": {"Security"}},
			func(e *env) bool { return e.groupNamed("Security") != "" },
		},
		{"add person", "/people", url.Values{
			"firstName": {"Ada"}, "lastName": {"Lovelace"}, "login": {"ada@example.com"},
			"activate": {"1"},
		}, func(e *env) bool {
			u, err := e.sim.User(context.Background(), "ada@example.com")
			return err == nil && u.Status == okta.StatusActive
		}},
		{
			"switch off push groups", "/apps/" + demoApp + "/features",
			url.Values{"create_users": {"1"}},
			func(e *env) bool { return !e.app().Features.PushGroups && e.app().Features.CreateUsers },
		},
		{
			"deactivate app", "/apps/" + demoApp + "/status",
			url.Values{"active": {"false"}},
			func(e *env) bool { return e.app().Status == okta.AppInactive },
		},
		{
			"assign group to app", "/apps/" + demoApp + "/assignments/groups",
			url.Values{"group_id": {"00gdemo0000000000004"}},
			func(e *env) bool { return e.appUserScope(nina) == okta.ScopeGroup },
		},
		{
			"edit app user", "/apps/" + demoApp + "/assignments/people/" + maya,
			url.Values{"userName": {"maya.okafor@example.com"}, "title": {"CTO"}},
			func(e *env) bool { return e.appUserValue(maya, "title") == "CTO" },
		},
		{
			"push now", "/apps/" + demoApp + "/push/" + "@finance" + "/now", nil,
			func(e *env) bool { return e.replacedMembers(finance) },
		},
		{
			"unlink with delete", "/apps/" + demoApp + "/push/@finance/unlink",
			url.Values{"target": {"delete"}},
			func(e *env) bool { return e.mappingOf(finance) == "missing" },
		},
		{
			"create push", "/apps/" + demoApp + "/push",
			url.Values{"group_id": {"00gdemo0000000000004"}, "match": {"create"}},
			func(e *env) bool { return e.mappingOf("00gdemo0000000000004") != "missing" },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.signIn()
			path := Prefix + strings.ReplaceAll(tc.path, "@finance", e.mappingOf(finance))

			if status, _ := e.Post(path, tc.form, false); status != http.StatusForbidden {
				t.Fatalf("POST without CSRF token: %d, want 403", status)
			}
			e.wait()
			if tc.check(e) {
				t.Fatalf("the change happened although the CSRF token was missing")
			}

			status, loc := e.Post(path, tc.form, true)
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, Prefix+"/") {
				t.Fatalf("POST: %d to %q, want 303 into the console", status, loc)
			}
			_, page := e.Get(loc)
			if strings.Contains(page, "flash-error") {
				t.Fatalf("the action reported an error:\n%s", page)
			}
			e.wait()
			if !tc.check(e) {
				t.Fatalf("the change did not reach the Sim")
			}
		})
	}
}

func (e *env) groupNamed(name string) string {
	e.t.Helper()
	groups, _ := e.sim.Groups(context.Background())
	for _, g := range groups {
		if g.Name == name {
			return g.ID
		}
	}
	return ""
}

func (e *env) app() okta.App {
	e.t.Helper()
	a, err := e.sim.App(context.Background(), demoApp)
	if err != nil {
		e.t.Fatalf("get app: %v", err)
	}
	return a
}

func (e *env) appUser(userID string) (okta.AppUserView, bool) {
	e.t.Helper()
	all, err := e.sim.AppUsers(context.Background(), demoApp)
	if err != nil {
		e.t.Fatalf("list app users: %v", err)
	}
	for _, au := range all {
		if au.UserID == userID {
			return au, true
		}
	}
	return okta.AppUserView{}, false
}

func (e *env) appUserScope(userID string) string {
	au, _ := e.appUser(userID)
	return au.Scope
}

func (e *env) appUserValue(userID, attr string) string {
	au, _ := e.appUser(userID)
	s, _ := au.Pushed[attr].(string)
	return s
}

// TestFailedActionsFlash checks that a refused action comes back as an
// error message on the page, escaped, instead of a broken page.
func TestFailedActionsFlash(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	status, loc := e.Post(Prefix+"/groups", url.Values{"name": {"Platform"}}, true)
	if status != http.StatusSeeOther {
		t.Fatalf("duplicate group: %d", status)
	}
	_, page := e.Get(loc)
	if !strings.Contains(page, "flash-error") {
		t.Fatalf("duplicate group name shows no error:\n%s", page)
	}
	status, loc = e.Post(Prefix+"/apps/"+demoApp+"/push/"+e.mappingOf(finance)+"/unlink",
		url.Values{"target": {"maybe"}}, true)
	_, page = e.Get(loc)
	if status != http.StatusSeeOther || !strings.Contains(page, "Choose whether") {
		t.Fatalf("unlink without a choice: %d, page:\n%s", status, page)
	}
	if e.mappingOf(finance) == "missing" {
		t.Fatal("unlink without a choice deleted the mapping")
	}
}

// replacedMembers reports whether the journal holds Push Now's PATCH that
// replaces every member of the group's target group.
func (e *env) replacedMembers(groupID string) bool {
	for _, x := range e.sim.Journal(okta.JournalFilter{AppID: demoApp, GroupID: groupID}) {
		if x.Method == http.MethodPatch && strings.Contains(x.RequestBody, `"replace"`) &&
			strings.Contains(x.RequestBody, `"members"`) {
			return true
		}
	}
	return false
}
