package castai

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestConsoleAuth(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		header map[string]string
		path   string
		want   int
	}{
		{"good key", map[string]string{"X-API-Key": testAPIKey}, orgPath + "/users", 200},
		{"no key", nil, orgPath + "/users", 401},
		{"wrong key", map[string]string{"X-API-Key": "nope"}, orgPath + "/users", 401},
		{
			"scim token is not a key",
			map[string]string{"Authorization": "Bearer " + testToken},
			orgPath + "/users", 401,
		},
		{
			"other organization",
			map[string]string{"X-API-Key": testAPIKey},
			"/v1/organizations/other/users", 404,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			r := e.do("GET", tc.path, "", tc.header)
			mustCode(t, r, tc.want)
			if tc.want != 200 {
				if msg, _ := r.object(t)["message"].(string); msg == "" {
					t.Errorf("error without message: %s", r.body)
				}
			}
		})
	}

	srv, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	disabled := &env{t: t, srv: srv}
	r := disabled.console("GET", orgPath+"/users", "")
	mustCode(t, r, 401)
	if !strings.Contains(r.object(t)["message"].(string), "--api-key") {
		t.Errorf("message does not say how to enable the console: %s", r.body)
	}
}

func TestConsoleUsers(t *testing.T) {
	e := newEnv(t)
	full := e.createUser("ada@example.com")
	bare := e.scim("POST", "/Users", userHead+`"userName":"plain@example.com",
		"name":{"givenName":"Plain","familyName":"Jane"}}`).object(t)["id"].(string)
	none := e.scim("POST", "/Users", userHead+`"userName":"x@example.com"}`).object(t)["id"].(string)
	g := e.createGroup("Eng", full)

	var list struct {
		Users []Membership `json:"users"`
	}
	r := e.console("GET", orgPath+"/users", "")
	mustCode(t, r, 200)
	if err := json.Unmarshal(r.body, &list); err != nil || len(list.Users) != 3 {
		t.Fatalf("users = %s (%v)", r.body, err)
	}
	want := map[string]ConsoleUser{
		full: {ID: full, Email: "ada@example.com", Name: "ada Tester", Username: "ada@example.com"},
		bare: {
			ID: bare, Email: "plain@example.com", Name: "Plain Jane",
			Username: "plain@example.com",
		},
		none: {ID: none, Email: "x@example.com", Name: "x@example.com", Username: "x@example.com"},
	}
	for _, m := range list.Users {
		w := want[m.User.ID]
		if m.User.Email != w.Email || m.User.Name != w.Name || m.User.Username != w.Username ||
			!m.User.ScimActive || m.User.AuthProvider != "okta" {
			t.Errorf("user = %+v, want %+v", m.User, w)
		}
	}

	r = e.console("GET", orgPath+"/users/"+full+"/groups", "")
	mustCode(t, r, 200)
	if !strings.Contains(string(r.body), `{"id":"`+g+`","name":"Eng"}`) {
		t.Errorf("groups = %s", r.body)
	}
	mustCode(t, e.console("PATCH", "/scim/v2/Users/"+full, ""), 401)
	e.scim("PATCH", "/Users/"+full, testdata(t, "patch/okta-user-deactivate.json"))
	var m Membership
	_ = json.Unmarshal(e.console("GET", orgPath+"/users/"+full, "").body, &m)
	if m.User.ScimActive {
		t.Errorf("deactivated user shows scimActive true")
	}

	mustCode(t, e.console("DELETE", orgPath+"/users/"+full, ""), 204)
	mustCode(t, e.console("GET", orgPath+"/users/"+full, ""), 404)
	scimErr(t, e.scim("GET", "/Users/"+full, ""), 404, "")
}

func TestConsoleGroups(t *testing.T) {
	f := newGroupFixture(t)
	e := f.e
	gp := orgPath + "/groups/"

	// Synced group: name and members refused, description and bindings allowed.
	r := e.console("GET", gp+f.group, "")
	mustCode(t, r, 200)
	var g ConsoleGroup
	_ = json.Unmarshal(r.body, &g)
	if g.ManagedBy == "" || g.SSOProvider != SSOProviderOkta || len(g.Definition.Members) != 2 {
		t.Errorf("synced group = %+v", g)
	}
	mustCode(t, e.console("PATCH", gp+f.group, `{"name":"Renamed"}`), 409)
	mustCode(t, e.console("PATCH", gp+f.group,
		`{"definition":{"members":[{"id":"`+f.carol+`","kind":"user"}]}}`), 409)
	mustCode(t, e.console("DELETE", gp+f.group, ""), 409)
	mustCode(t, e.console("PATCH", gp+f.group, `{"description":"from Okta"}`), 200)
	mustCode(t, e.console("PATCH", gp+f.group, `{"name":"Engineering","definition":{"members":[`+
		`{"id":"`+f.bob+`"},{"id":"`+f.alice+`"}]}}`), 200)

	// Manual group: fully editable.
	r = e.console("POST", orgPath+"/groups", `{"name":"Manual","description":"d",
		"definition":{"members":[{"id":"`+f.carol+`","kind":"user"}]}}`)
	mustCode(t, r, 200)
	g = ConsoleGroup{}
	_ = json.Unmarshal(r.body, &g)
	if g.ManagedBy != "" || g.SSOProvider != "" || len(g.Definition.Members) != 1 ||
		g.Definition.Members[0].Email != "carol@example.com" {
		t.Errorf("manual group = %+v", g)
	}
	mustCode(t, e.console("POST", orgPath+"/groups", `{"name":"manual"}`), 409)
	mustCode(t, e.console("POST", orgPath+"/groups", `{}`), 400)
	mustCode(t, e.console("POST", orgPath+"/groups",
		`{"name":"X","definition":{"members":[{"id":"ghost"}]}}`), 400)
	r = e.console("PATCH", gp+g.ID, `{"name":"Manual2","definition":{"members":[`+
		`{"id":"`+f.dave+`"}]}}`)
	mustCode(t, r, 200)
	if got := e.memberIDs(g.ID); !sameSet(got, []string{f.dave}) {
		t.Errorf("members after console PATCH = %v", got)
	}
	mustCode(t, e.console("DELETE", gp+g.ID, ""), 204)
	mustCode(t, e.console("GET", gp+g.ID, ""), 404)
}

func TestRoles(t *testing.T) {
	e := newEnv(t)
	r := e.console("GET", orgPath+"/roles", "")
	mustCode(t, r, 200)
	for _, id := range []string{RoleOwner, RoleMember, RoleAnalyst, RoleViewer} {
		if !strings.Contains(string(r.body), id) {
			t.Errorf("role %s missing", id)
		}
	}
	if strings.Contains(string(r.body), "Editor") {
		t.Error("Cast AI has no Editor role")
	}
	mustCode(t, e.console("GET", orgPath+"/roles/"+RoleViewer, ""), 200)
	mustCode(t, e.console("GET", orgPath+"/roles/nope", ""), 404)
}

func bindingBody(roleID, scope, subject string) string {
	return fmt.Sprintf(`[{"name":"b","definition":{"roleId":%q,"scopes":[%s],"subjects":[%s]}}]`,
		roleID, scope, subject)
}

func orgScope() string { return `{"organization":{"id":"` + DefaultOrgID + `"}}` }

func TestRoleBindings(t *testing.T) {
	f := newGroupFixture(t)
	e := f.e
	bp := orgPath + "/role-bindings"
	groupSubj := `{"group":{"id":"` + f.group + `"}}`
	tests := []struct {
		name string
		body string
		want int
	}{
		{"group at organization", bindingBody(RoleMember, orgScope(), groupSubj), 200},
		{"user at cluster", bindingBody(RoleAnalyst, `{"cluster":{"id":"c-1"}}`,
			`{"user":{"id":"`+f.carol+`"}}`), 200},
		{"unknown role", bindingBody("nope", orgScope(), groupSubj), 400},
		{"other organization", bindingBody(RoleMember, `{"organization":{"id":"x"}}`, groupSubj), 400},
		{"no subjects", bindingBody(RoleMember, orgScope(), ""), 400},
		{"unknown user", bindingBody(RoleMember, orgScope(), `{"user":{"id":"ghost"}}`), 400},
		{"empty array", `[]`, 400},
		{"not an array", `{}`, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			r := e.console("POST", bp, tc.body)
			mustCode(t, r, tc.want)
		})
	}

	var list struct {
		RoleBindings []ConsoleBinding `json:"roleBindings"`
	}
	_ = json.Unmarshal(e.console("GET", bp+"?subjectId="+f.group, "").body, &list)
	if len(list.RoleBindings) != 1 {
		t.Fatalf("bindings of group = %+v", list.RoleBindings)
	}
	id := list.RoleBindings[0].ID
	r := e.console("PATCH", bp+"/"+id, `{"name":"renamed","definition":{"roleId":"`+RoleViewer+
		`","scopes":[`+orgScope()+`],"subjects":[`+groupSubj+`]}}`)
	mustCode(t, r, 200)
	var b ConsoleBinding
	_ = json.Unmarshal(e.console("GET", bp+"/"+id, "").body, &b)
	if b.Name != "renamed" || b.Definition.RoleID != RoleViewer {
		t.Errorf("binding after update = %+v", b)
	}
	mustCode(t, e.console("DELETE", bp+"/"+id, ""), 204)
	mustCode(t, e.console("GET", bp+"/"+id, ""), 404)
}
