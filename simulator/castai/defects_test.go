package castai

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDefects runs, for every defect mode, a probe that tells correct from
// broken behaviour: the probe must pass without the defect and fail with it.
func TestDefects(t *testing.T) {
	probes := map[string]func(t *testing.T, e *env) bool{
		DefectCaseSensitiveUserName: func(t *testing.T, e *env) bool {
			t.Helper()
			e.createUser("ada@example.com")
			r := e.scim("GET", "/Users?filter="+url.QueryEscape(`userName eq "ADA@example.com"`), "")
			return len(resourceIDs(t, r)) == 1
		},
		DefectIgnoreMemberRemove: func(t *testing.T, e *env) bool {
			t.Helper()
			f := fixtureIn(t, e)
			f.patchRecorded(t, "okta-group-members.json")
			return sameSet(e.memberIDs(f.group), []string{f.carol, f.dave})
		},
		DefectNoUniqueness: func(t *testing.T, e *env) bool {
			t.Helper()
			e.createUser("ada@example.com")
			return e.scim("POST", "/Users", oktaUserBody("ada@example.com")).code == 409
		},
		DefectDropDisplayNameUpdate: func(t *testing.T, e *env) bool {
			t.Helper()
			f := fixtureIn(t, e)
			f.patchRecorded(t, "okta-group-rename.json")
			g := e.scim("GET", "/Groups/"+f.group, "").object(t)
			return g["displayName"] == "Platform Engineering"
		},
		DefectDeactivateDeletesUser: func(t *testing.T, e *env) bool {
			t.Helper()
			id := e.createUser("ada@example.com")
			e.scim("PATCH", "/Users/"+id, testdata(t, "patch/okta-user-deactivate.json"))
			return e.scim("GET", "/Users/"+id, "").code == 200
		},
		DefectSyncClearsRoleBindings: func(t *testing.T, e *env) bool {
			t.Helper()
			f := fixtureIn(t, e)
			b := e.bindGroup(f.group, RoleMember)
			f.patchRecorded(t, "okta-group-rename.json")
			return e.console("GET", orgPath+"/role-bindings/"+b, "").code == 200
		},
		DefectIgnoreDefaultRole: func(t *testing.T, e *env) bool {
			t.Helper()
			_, token := e.syncedConnection(RoleMember)
			r := e.scimWith(token, "POST", "/Users", oktaUserBody("ada@example.com"))
			id := r.object(t)["id"].(string)
			return sameSet(kinds(e.access(id)), []string{"new-joiner:Member"})
		},
		DefectStoreTitle: func(t *testing.T, e *env) bool {
			t.Helper()
			id := e.createUser("ada@example.com")
			_, has := e.user(id)["title"]
			return !has
		},
		DefectSecretNotRequired: func(t *testing.T, e *env) bool {
			t.Helper()
			r := e.console("POST", ssoPath+"/"+PreSeededConnectionID,
				`{"defaultRoleId":"`+RoleMember+`"}`)
			return r.code == http.StatusBadRequest
		},
		DefectKeepAccessAfterGroupRemoval: func(t *testing.T, e *env) bool {
			t.Helper()
			f := fixtureIn(t, e)
			e.bindGroup(f.group, RoleMember)
			f.patchRecorded(t, "aad-opt-group-remove.json")
			return !strings.Contains(strings.Join(kinds(e.access(f.bob)), ","), "group:")
		},
		DefectSessionsSurviveDeactivation: func(t *testing.T, e *env) bool {
			t.Helper()
			s := newSSOEnv(t, ssoOptions{defects: e.srv.cfg.Defects})
			id := s.provision("ann@acme.test")
			in := s.signedIn(s.newBrowser(nil), "ann@acme.test")
			s.setActive(id, false)
			return s.withSession(in.SessionToken, "GET", "/v1/me", "").code == 401
		},
		DefectInactiveCanSignIn: func(t *testing.T, e *env) bool {
			t.Helper()
			s := newSSOEnv(t, ssoOptions{defects: e.srv.cfg.Defects})
			s.setActive(s.provision("ann@acme.test"), false)
			p := s.newBrowser(nil).signIn(s.castURL+"/v1/auth/login", "ann@acme.test")
			return p.code == http.StatusForbidden
		},
	}
	for _, d := range Defects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Helper()
			probe, ok := probes[d.Name]
			if !ok {
				t.Fatalf("defect %s has no probe", d.Name)
			}
			if !probe(t, newEnv(t)) {
				t.Errorf("probe fails without the defect")
			}
			if probe(t, newEnv(t, d.Name)) {
				t.Errorf("probe passes with defect %s on: it changes nothing", d.Name)
			}
		})
	}
}

// fixtureIn builds groupFixture's users and group in an existing env.
func fixtureIn(t *testing.T, e *env) groupFixture {
	t.Helper()
	f := groupFixture{e: e}
	f.alice = e.createUser("alice@example.com")
	f.bob = e.createUser("bob@example.com")
	f.carol = e.createUser("carol@example.com")
	f.dave = e.createUser("dave@example.com")
	f.group = e.createGroup("Engineering", f.alice, f.bob)
	return f
}

func TestDefectListAndValidation(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Defects() {
		if d.Name == "" || d.Description == "" || seen[d.Name] {
			t.Errorf("bad defect entry %+v", d)
		}
		seen[d.Name] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d defects", len(seen))
	}
	_, err := New(Config{Defects: []string{"no-such-defect"}, PublicURL: "ftp://x"})
	if err == nil || !strings.Contains(err.Error(), "no-such-defect") ||
		!strings.Contains(err.Error(), "public url") {
		t.Errorf("Validate should report every problem, got %v", err)
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path  string
		check func(t *testing.T, m map[string]any)
	}{
		{"/ServiceProviderConfig", func(t *testing.T, m map[string]any) {
			t.Helper()
			for _, k := range []string{"patch", "filter", "etag"} {
				if m[k].(map[string]any)["supported"] != true {
					t.Errorf("%s not supported", k)
				}
			}
			for _, k := range []string{"bulk", "sort", "changePassword"} {
				if m[k].(map[string]any)["supported"] != false {
					t.Errorf("%s claimed", k)
				}
			}
		}},
		{"/ResourceTypes", func(t *testing.T, m map[string]any) {
			t.Helper()
			if m["totalResults"].(float64) != 2 {
				t.Errorf("resource types = %v", m)
			}
		}},
		{"/ResourceTypes/Group", func(t *testing.T, m map[string]any) {
			t.Helper()
			wantAttr(t, m, "endpoint", "/Groups")
		}},
		{"/Schemas", func(t *testing.T, m map[string]any) {
			t.Helper()
			b, _ := json.Marshal(m)
			for _, absent := range []string{`"title"`, `"phoneNumbers"`, `"password"`} {
				if strings.Contains(string(b), absent) {
					t.Errorf("schema advertises unstored %s", absent)
				}
			}
			for _, present := range []string{`"userName"`, `"emails"`, `"members"`} {
				if !strings.Contains(string(b), present) {
					t.Errorf("schema lacks %s", present)
				}
			}
		}},
		{"/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", func(t *testing.T, m map[string]any) {
			t.Helper()
			wantAttr(t, m, "name", "User")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Helper()
			r := e.do("GET", "/scim/v2"+tc.path, "", nil)
			mustCode(t, r, 200)
			tc.check(t, r.object(t))
		})
	}
	scimErr(t, e.do("GET", "/scim/v2/Schemas/urn:x", "", nil), 404, "")
	scimErr(t, e.scim("GET", "/Bulk", ""), 404, "")
	mustCode(t, e.do("GET", "/healthz", "", nil), 200)
}
