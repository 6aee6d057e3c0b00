package robustness

import (
	"net/url"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai"
)

// world names the objects a seeded stack holds, for the placeholders of the
// hostile corpus ({{castUser}}, {{oktaGroup}}, …).
type world map[string]string

// seedOrg pushes a small generated org from idpsim to castsim and adds a
// manual console group and a role binding, so that every kind of stored
// object exists before hostile requests arrive.
func seedOrg(t *testing.T, st *stack) world {
	t.Helper()
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 8, Users: 6, Groups: 3, MembershipsPerUser: 1.5,
		App: &fixtures.AppOptions{
			BaseURL: st.castURL + "/scim/v2", Token: st.scimToken,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
	doc.OIDCClients = []fixtures.OIDCClient{{
		ID: fixtures.GeneratedID(fixtures.AppIDPrefix, 1), ClientID: "castsim-console",
		ClientSecret: secret("oidc"), RedirectURIs: []string{"http://127.0.0.1:9/cb"},
		Users: []string{doc.Users[0].ID},
	}}
	if err := st.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	st.wait(t)

	w := world{
		"oidcClientID":     doc.OIDCClients[0].ClientID,
		"oidcClientSecret": doc.OIDCClients[0].ClientSecret,
		"org":              castai.DefaultOrgID, "connection": castai.PreSeededConnectionID,
		"adminToken": st.adminToken, "app": doc.Apps[0].ID,
		"oktaUser": doc.Users[0].ID, "oktaUserLogin": doc.Users[0].Profile.Login,
		"oktaGroup": doc.Groups[0].ID, "oktaGroupName": doc.Groups[0].Name,
	}
	w["castUser"] = castUserID(t, st, doc.Users[0].Profile.Login)
	w["castUserName"] = doc.Users[0].Profile.Login
	w["castUserNameUpper"] = strings.ToUpper(doc.Users[0].Profile.Login)
	w["castUser2"] = castUserID(t, st, doc.Users[1].Profile.Login)
	w["castUser2Name"] = doc.Users[1].Profile.Login
	w["castGroup"] = castGroupID(t, st, doc.Groups[0].Name)
	w["castGroupName"] = doc.Groups[0].Name
	w["castGroup2Name"] = doc.Groups[1].Name

	var mappings []struct{ ID string }
	decode(t, st.okta(t, "GET", "/api/v1/apps/"+w["app"]+"/group-push/mappings", nil), 200,
		&mappings)
	if len(mappings) == 0 {
		t.Fatal("seed: idpsim lists no push mappings")
	}
	w["mapping"] = mappings[0].ID

	org := "/v1/organizations/" + w["org"]
	var group struct{ ID string }
	decode(t, st.console(t, "POST", org+"/groups", map[string]any{
		"name": "Manual Reviewers", "definition": map[string]any{"members": []any{}},
	}), 200, &group)
	w["consoleGroup"] = group.ID
	binding := map[string]any{"name": "reviewers view", "definition": map[string]any{
		"roleId":   castai.RoleViewer,
		"scopes":   []any{map[string]any{"organization": map[string]any{"id": w["org"]}}},
		"subjects": []any{map[string]any{"group": map[string]any{"id": w["castGroup"]}}},
	}}
	var bindings []struct{ ID string }
	decode(t, st.console(t, "POST", org+"/role-bindings", []any{binding}), 200, &bindings)
	if len(bindings) != 1 {
		t.Fatalf("seed: role binding create answered %+v", bindings)
	}
	w["binding"] = bindings[0].ID
	return w
}

func castUserID(t *testing.T, st *stack, userName string) string {
	t.Helper()
	return castLookup(t, st, "/Users", "userName", userName)
}

func castGroupID(t *testing.T, st *stack, name string) string {
	t.Helper()
	return castLookup(t, st, "/Groups", "displayName", name)
}

func castLookup(t *testing.T, st *stack, kind, attr, value string) string {
	t.Helper()
	q := url.Values{"filter": {attr + ` eq "` + value + `"`}}
	var list scim.ListResponse
	decode(t, st.scim(t, "GET", kind+"?"+q.Encode(), nil), 200, &list)
	if list.TotalResults != 1 {
		t.Fatalf("castsim %s with %s %q: %d results, want 1", kind, attr, value, list.TotalResults)
	}
	var r struct{ ID string }
	decode(t, reply{status: 200, body: list.Resources[0]}, 200, &r)
	return r.ID
}
