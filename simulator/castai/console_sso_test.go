package castai

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const ssoPath = "/v1/sso-connections"

func TestSSOConnectionSecretRules(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		want   int
	}{
		{
			"create without secret", "POST", ssoPath,
			`{"name":"Okta","okta":{"oktaDomain":"https://o.example","clientId":"c"}}`, 400,
		},
		{"create without connector", "POST", ssoPath, `{"name":"Okta"}`, 400},
		{"create with both connectors", "POST", ssoPath, `{"okta":{"oktaDomain":"d",` +
			`"clientId":"c","clientSecret":"s"},"oidc":{"issuerUrl":"i","clientId":"c",` +
			`"clientSecret":"s"}}`, 400},
		{"create with unknown default role", "POST", ssoPath, `{"defaultRoleId":"x",` +
			`"okta":{"oktaDomain":"d","clientId":"c","clientSecret":"s"}}`, 400},
		{
			"update without secret", "POST", ssoPath + "/" + PreSeededConnectionID,
			`{"defaultRoleId":"` + RoleMember + `"}`, 400,
		},
		{
			"update with secret", "POST", ssoPath + "/" + PreSeededConnectionID,
			`{"defaultRoleId":"` + RoleMember + `","okta":{"oktaDomain":"https://o.example",` +
				`"clientId":"c","clientSecret":"s2"}}`, 200,
		},
		{"update unknown", "PUT", ssoPath + "/nope", `{"okta":{"oktaDomain":"d","clientId":"c",` +
			`"clientSecret":"s"}}`, 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			r := e.console(tc.method, tc.path, tc.body)
			mustCode(t, r, tc.want)
			if tc.want == 400 && !strings.Contains(string(r.body), `"message"`) {
				t.Errorf("no message: %s", r.body)
			}
			if strings.Contains(string(r.body), "clientSecret") && tc.want == 200 {
				t.Errorf("secret returned: %s", r.body)
			}
		})
	}
	r := e.console("GET", ssoPath, "")
	if strings.Contains(string(r.body), "clientSecret") || strings.Contains(string(r.body), `"s2"`) {
		t.Errorf("list returns the secret: %s", r.body)
	}
}

// createConnection creates an Okta connection and turns sync on, returning
// its id and SCIM token.
func (e *env) syncedConnection(defaultRole string) (string, string) {
	e.t.Helper()
	r := e.console("POST", ssoPath, `{"name":"Okta2","defaultRoleId":"`+defaultRole+`",`+
		`"okta":{"oktaDomain":"https://o.example","clientId":"c","clientSecret":"s"}}`)
	mustCode(e.t, r, 200)
	id := r.object(e.t)["id"].(string)
	return id, e.turnSyncOn(id)
}

func (e *env) turnSyncOn(connID string) string {
	e.t.Helper()
	r := e.console("POST", ssoPath+"/"+connID+"/sync", `{"sync":true}`)
	mustCode(e.t, r, 200)
	var out struct {
		Token SCIMToken `json:"token"`
	}
	_ = json.Unmarshal(r.body, &out)
	if out.Token.Token == "" || !out.Token.Active {
		e.t.Fatalf("sync on returned no token: %s", r.body)
	}
	return out.Token.Token
}

func (e *env) scimWith(token, method, path, body string) response {
	e.t.Helper()
	return e.do(method, "/scim/v2"+path, body, map[string]string{"Authorization": "Bearer " + token})
}

func TestSyncTokens(t *testing.T) {
	e := newEnv(t)
	conn, first := e.syncedConnection(RoleAnalyst)
	mustCode(t, e.scimWith(first, "GET", "/Users", ""), 200)

	// Decision 9: a new token revokes the previous one and is shown once.
	second := e.turnSyncOn(conn)
	scimErr(t, e.scimWith(first, "GET", "/Users", ""), 401, "")
	mustCode(t, e.scimWith(second, "GET", "/Users", ""), 200)
	if r := e.console("GET", ssoPath+"/"+conn, ""); strings.Contains(string(r.body), second) {
		t.Errorf("token shown again: %s", r.body)
	}

	// Decision 3: the joiner gets the default role of the connection that created it.
	r := e.scimWith(second, "POST", "/Users", oktaUserBody("ada@example.com"))
	mustCode(t, r, 201)
	ada := r.object(t)["id"].(string)
	if got := kinds(e.access(ada)); !sameSet(got, []string{"new-joiner:Analyst"}) {
		t.Errorf("joiner access = %v", got)
	}
	// Changing the default affects later joiners only.
	mustCode(t, e.console("POST", ssoPath+"/"+conn, `{"defaultRoleId":"`+RoleMember+`",`+
		`"okta":{"oktaDomain":"https://o.example","clientId":"c","clientSecret":"s"}}`), 200)
	r = e.scimWith(second, "POST", "/Users", oktaUserBody("bob@example.com"))
	bob := r.object(t)["id"].(string)
	if got := kinds(e.access(bob)); !sameSet(got, []string{"new-joiner:Member"}) {
		t.Errorf("later joiner access = %v", got)
	}
	if got := kinds(e.access(ada)); !sameSet(got, []string{"new-joiner:Analyst"}) {
		t.Errorf("earlier joiner access changed to %v", got)
	}

	// The other connection's token is unaffected.
	mustCode(t, e.scim("GET", "/Users", ""), 200)
}

// TestSyncOff checks decision 8: users and groups become regular, memberships
// and bindings stay, and the token is revoked.
func TestSyncOff(t *testing.T) {
	f := newGroupFixture(t)
	e := f.e
	b := e.bindGroup(f.group, RoleMember)
	r := e.console("POST", ssoPath+"/"+PreSeededConnectionID+"/sync", `{"sync":false}`)
	mustCode(t, r, 200)
	if strings.Contains(string(r.body), `"token"`) {
		t.Errorf("sync off returned a token: %s", r.body)
	}
	scimErr(t, e.scim("GET", "/Users", ""), 401, "")

	var g ConsoleGroup
	_ = json.Unmarshal(e.console("GET", orgPath+"/groups/"+f.group, "").body, &g)
	if g.ManagedBy != "" || g.SSOProvider != "" || len(g.Definition.Members) != 2 {
		t.Errorf("group after sync off = %+v", g)
	}
	var m Membership
	_ = json.Unmarshal(e.console("GET", orgPath+"/users/"+f.alice, "").body, &m)
	if m.User.Synced {
		t.Errorf("user still synced")
	}
	mustCode(t, e.console("GET", orgPath+"/role-bindings/"+b, ""), 200)
	mustCode(t, e.console("PATCH", orgPath+"/groups/"+f.group, `{"name":"Now manual"}`), 200)

	var conn ConsoleConnection
	_ = json.Unmarshal(e.console("GET", ssoPath+"/"+PreSeededConnectionID, "").body, &conn)
	if conn.IsSynced {
		t.Errorf("connection still synced")
	}
	mustCode(t, e.console("POST", ssoPath+"/"+PreSeededConnectionID+"/sync", `{}`), 400)
}

func TestDeleteConnection(t *testing.T) {
	e := newEnv(t)
	mustCode(t, e.console("DELETE", ssoPath+"/"+PreSeededConnectionID, ""), http.StatusNoContent)
	scimErr(t, e.scim("GET", "/Users", ""), 401, "")
	mustCode(t, e.console("GET", ssoPath+"/"+PreSeededConnectionID, ""), 404)
}

func TestReset(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	e.syncedConnection(RoleViewer)
	e.srv.Reset()
	scimErr(t, e.scim("GET", "/Users/"+id, ""), 404, "")
	var list struct {
		Connections []ConsoleConnection `json:"connections"`
	}
	_ = json.Unmarshal(e.console("GET", ssoPath, "").body, &list)
	if len(list.Connections) != 1 || list.Connections[0].ID != PreSeededConnectionID ||
		!list.Connections[0].IsSynced {
		t.Errorf("connections after reset = %+v", list.Connections)
	}
	mustCode(t, e.scim("GET", "/Users", ""), 200)
}
