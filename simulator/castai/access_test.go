package castai

import (
	"encoding/json"
	"net/http"
	"testing"
)

// access reads a user's effective access through the console.
func (e *env) access(userID string) []Access {
	e.t.Helper()
	r := e.console("GET", orgPath+"/users/"+userID+"/access", "")
	mustCode(e.t, r, http.StatusOK)
	var out struct {
		Access []Access `json:"access"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil || out.Access == nil {
		e.t.Fatalf("access body %s: %v", r.body, err)
	}
	return out.Access
}

// kinds summarises access as "kind:role" strings.
func kinds(acc []Access) []string {
	var out []string
	for _, a := range acc {
		out = append(out, a.Source.Kind+":"+a.RoleName)
	}
	return out
}

func (e *env) bindGroup(groupID, roleID string) string {
	e.t.Helper()
	r := e.console("POST", orgPath+"/role-bindings",
		bindingBody(roleID, orgScope(), `{"group":{"id":"`+groupID+`"}}`))
	mustCode(e.t, r, http.StatusOK)
	var out []ConsoleBinding
	_ = json.Unmarshal(r.body, &out)
	return out[0].ID
}

func TestNewJoinerAndGroupAccess(t *testing.T) {
	f := newGroupFixture(t)
	e := f.e
	e.bindGroup(f.group, RoleMember)

	acc := e.access(f.alice)
	if !sameSet(kinds(acc), []string{"new-joiner:Viewer", "group:Member"}) {
		t.Fatalf("alice access = %v", kinds(acc))
	}
	for _, a := range acc {
		if a.Scope.Organization == nil || a.Scope.Organization.ID != DefaultOrgID {
			t.Errorf("scope = %+v", a.Scope)
		}
		if a.Source.Kind == "group" && (a.Source.GroupID != f.group ||
			a.Source.GroupName != "Engineering") {
			t.Errorf("group source = %+v", a.Source)
		}
	}
	if got := kinds(e.access(f.carol)); !sameSet(got, []string{"new-joiner:Viewer"}) {
		t.Errorf("carol access = %v", got)
	}

	// Decision 5: leaving the group removes its access at once.
	mustCode(t, f.patchRecorded(t, "aad-opt-group-remove.json"), http.StatusNoContent)
	if got := kinds(e.access(f.bob)); !sameSet(got, []string{"new-joiner:Viewer"}) {
		t.Errorf("bob access after leaving = %v", got)
	}

	// Decision 4: inactive users hold nothing; reactivation restores.
	e.scim("PATCH", "/Users/"+f.alice, testdata(t, "patch/okta-user-deactivate.json"))
	if got := e.access(f.alice); len(got) != 0 {
		t.Errorf("inactive alice holds %v", kinds(got))
	}
	if got := e.memberIDs(f.group); !sameSet(got, []string{f.alice}) {
		t.Errorf("deactivation changed memberships: %v", got)
	}
	e.scim("PATCH", "/Users/"+f.alice, testdata(t, "patch/okta-user-reactivate.json"))
	if got := kinds(e.access(f.alice)); len(got) != 2 {
		t.Errorf("reactivated alice holds %v", got)
	}
}

// TestBindingsSurviveSCIM checks decision 2: SCIM PUT, PATCH and rename keep
// bindings; SCIM DELETE of the group removes them.
func TestBindingsSurviveSCIM(t *testing.T) {
	f := newGroupFixture(t)
	e := f.e
	b := e.bindGroup(f.group, RoleMember)
	for _, file := range []string{
		"okta-group-rename.json", "okta-group-push-now.json",
		"okta-group-members.json",
	} {
		mustCode(t, f.patchRecorded(t, file), http.StatusNoContent)
	}
	mustCode(t, e.scim("PUT", "/Groups/"+f.group, groupHead+`"displayName":"Other"}`), 200)
	mustCode(t, e.console("GET", orgPath+"/role-bindings/"+b, ""), 200)
	mustCode(t, e.scim("DELETE", "/Groups/"+f.group, ""), 204)
	mustCode(t, e.console("GET", orgPath+"/role-bindings/"+b, ""), 404)
}

func TestNewJoinerBindingVisible(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	var list struct {
		RoleBindings []ConsoleBinding `json:"roleBindings"`
	}
	_ = json.Unmarshal(e.console("GET", orgPath+"/role-bindings?subjectId="+id, "").body, &list)
	if len(list.RoleBindings) != 1 || list.RoleBindings[0].Source != "new-joiner" ||
		list.RoleBindings[0].Definition.RoleID != RoleViewer {
		t.Errorf("new joiner bindings = %+v", list.RoleBindings)
	}
}
