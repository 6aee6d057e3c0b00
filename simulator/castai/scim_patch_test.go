package castai

import (
	"net/http"
	"testing"

	filter "github.com/scim2/filter-parser/v2"
)

// groupFixture is a group of alice and bob, with carol and dave provisioned
// but outside it.
type groupFixture struct {
	e                       *env
	group                   string
	alice, bob, carol, dave string
}

func newGroupFixture(t *testing.T, defects ...string) groupFixture {
	t.Helper()
	e := newEnv(t, defects...)
	f := groupFixture{e: e}
	f.alice = e.createUser("alice@example.com")
	f.bob = e.createUser("bob@example.com")
	f.carol = e.createUser("carol@example.com")
	f.dave = e.createUser("dave@example.com")
	f.group = e.createGroup("Engineering", f.alice, f.bob)
	return f
}

func (f groupFixture) vars() map[string]string {
	return map[string]string{
		"group": f.group, "alice": f.alice, "bob": f.bob,
		"carol": f.carol, "dave": f.dave,
	}
}

// patchRecorded sends a recorded PATCH body to a group.
func (f groupFixture) patchRecorded(t *testing.T, file string) response {
	t.Helper()
	return f.e.scim("PATCH", "/Groups/"+f.group, fill(testdata(t, "patch/"+file), f.vars()))
}

func TestGroupPatchRecordedShapes(t *testing.T) {
	tests := []struct {
		file        string
		wantMembers func(f groupFixture) []string
		wantName    string
	}{
		{
			"okta-group-rename.json", func(f groupFixture) []string { return []string{f.alice, f.bob} },
			"Platform Engineering",
		},
		{
			"okta-group-members.json", func(f groupFixture) []string { return []string{f.carol, f.dave} },
			"Engineering",
		},
		{
			"okta-group-push-now.json", func(f groupFixture) []string { return []string{f.carol, f.dave} },
			"Engineering",
		},
		{"okta-group-push-now-empty.json", func(groupFixture) []string { return nil }, "Engineering"},
		{
			"okta-group-pathless-members.json", func(f groupFixture) []string { return []string{f.carol} },
			"Engineering",
		},
		{"entra-group-add.json", func(f groupFixture) []string {
			return []string{f.alice, f.bob, f.carol, f.dave}
		}, "Engineering"},
		{
			"entra-group-remove.json", func(f groupFixture) []string { return []string{f.bob} },
			"Engineering",
		},
		{
			"entra-group-rename.json", func(f groupFixture) []string { return []string{f.alice, f.bob} },
			"Platform Engineering",
		},
		{
			"aad-opt-group-remove.json", func(f groupFixture) []string { return []string{f.alice} },
			"Engineering",
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Helper()
			f := newGroupFixture(t)
			r := f.patchRecorded(t, tc.file)
			mustCode(t, r, http.StatusNoContent)
			if len(r.body) != 0 {
				t.Errorf("204 with a body: %s", r.body)
			}
			if got, want := f.e.memberIDs(f.group), tc.wantMembers(f); !sameSet(got, want) {
				t.Errorf("members = %v, want %v", got, want)
			}
			g := f.e.scim("GET", "/Groups/"+f.group, "").object(t)
			if g["displayName"] != tc.wantName {
				t.Errorf("displayName = %v, want %s", g["displayName"], tc.wantName)
			}
		})
	}
}

func TestUserPatchRecordedShapes(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, u map[string]any)
	}{
		{"okta-user-deactivate.json", func(t *testing.T, u map[string]any) {
			t.Helper()
			if u["active"] != false {
				t.Errorf("active = %v, want false", u["active"])
			}
		}},
		{"okta-user-reactivate.json", func(t *testing.T, u map[string]any) {
			t.Helper()
			if u["active"] != true {
				t.Errorf("active = %v, want true", u["active"])
			}
		}},
		{"entra-user-default.json", checkAliceRenamed},
		{"aad-opt-user.json", func(t *testing.T, u map[string]any) {
			t.Helper()
			checkAliceRenamed(t, u)
			if u["externalId"] != "aad-42" {
				t.Errorf("externalId = %v, want aad-42 (URN-qualified key)", u["externalId"])
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Helper()
			e := newEnv(t)
			id := e.createUser("alice@example.com")
			if tc.file == "okta-user-reactivate.json" {
				mustCode(t, e.scim("PATCH", "/Users/"+id,
					testdata(t, "patch/okta-user-deactivate.json")), http.StatusOK)
			}
			r := e.scim("PATCH", "/Users/"+id, testdata(t, "patch/"+tc.file))
			mustCode(t, r, http.StatusOK)
			tc.check(t, r.object(t))
			tc.check(t, e.user(id))
		})
	}
}

// checkAliceRenamed checks the outcome of the Entra ID user bodies: names and
// the work email changed, active false from the string "False", and the
// enterprise and title attributes dropped.
func checkAliceRenamed(t *testing.T, u map[string]any) {
	t.Helper()
	if u["displayName"] != "Alice Liddell" {
		t.Errorf("displayName = %v", u["displayName"])
	}
	name, _ := u["name"].(map[string]any)
	if name["givenName"] != "Alice" || name["familyName"] != "Liddell" {
		t.Errorf("name = %v", name)
	}
	emails := asList(u["emails"])
	if len(emails) != 1 || emails[0].(map[string]any)["value"] != "alice.liddell@example.com" {
		t.Errorf("emails = %v, want the one work email changed", emails)
	}
	if u["active"] != false {
		t.Errorf("active = %v, want false", u["active"])
	}
	for _, k := range []string{
		"title", "employeeNumber", "department",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
	} {
		if _, ok := u[k]; ok {
			t.Errorf("dropped attribute %s returned", k)
		}
	}
}

func TestUserPatchErrors(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		status   int
		scimType string
	}{
		{
			"unknown attribute path", patchHead + `"Operations":[{"op":"replace","path":"shoeSize","value":"9"}]}`,
			400, "invalidPath",
		},
		{
			"unknown attribute in pathless value",
			patchHead + `"Operations":[{"op":"replace","value":{"shoeSize":"9"}}]}`, 400, "invalidPath",
		},
		{"unknown extension", patchHead + `"Operations":[{"op":"replace",` +
			`"path":"urn:example:ext:2.0:User:x","value":"9"}]}`, 400, "invalidPath"},
		{
			"path does not parse", patchHead + `"Operations":[{"op":"replace","path":"emails[type eq","value":1}]}`,
			400, "invalidPath",
		},
		{
			"id in path", patchHead + `"Operations":[{"op":"replace","path":"id","value":"x"}]}`,
			400, "mutability",
		},
		{
			"other id in pathless value", patchHead + `"Operations":[{"op":"replace","value":{"id":"x"}}]}`,
			400, "mutability",
		},
		{
			"meta", patchHead + `"Operations":[{"op":"replace","path":"meta.created","value":"x"}]}`,
			400, "mutability",
		},
		{
			"groups", patchHead + `"Operations":[{"op":"add","path":"groups","value":[{"value":"g"}]}]}`,
			400, "mutability",
		},
		{"remove without path", patchHead + `"Operations":[{"op":"remove"}]}`, 400, "noTarget"},
		{
			"unknown op", patchHead + `"Operations":[{"op":"merge","path":"displayName","value":"x"}]}`,
			400, "invalidSyntax",
		},
		{"no operations", patchHead + `"Operations":[]}`, 400, "invalidSyntax"},
		{"not json", patchHead + `"Operations":`, 400, "invalidSyntax"},
		{
			"bad boolean", patchHead + `"Operations":[{"op":"replace","path":"active","value":"maybe"}]}`,
			400, "invalidValue",
		},
		{
			"remove userName", patchHead + `"Operations":[{"op":"remove","path":"userName"}]}`,
			400, "mutability",
		},
		{"filter no target", patchHead + `"Operations":[{"op":"replace",` +
			`"path":"emails[value co \"zzz\"].type","value":"home"}]}`, 400, "noTarget"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			e := newEnv(t)
			id := e.createUser("alice@example.com")
			before := e.user(id)
			scimErr(t, e.scim("PATCH", "/Users/"+id, tc.body), tc.status, tc.scimType)
			after := e.user(id)
			if before["meta"].(map[string]any)["version"] != after["meta"].(map[string]any)["version"] {
				t.Errorf("refused PATCH changed the user")
			}
		})
	}
}

func TestUserPatchAccepted(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, u map[string]any)
	}{
		{
			"own id in pathless value is ignored",
			patchHead + `"Operations":[{"op":"replace","value":{"id":"{{id}}","displayName":"New"}}]}`,
			func(t *testing.T, u map[string]any) { t.Helper(); wantAttr(t, u, "displayName", "New") },
		},
		{
			"dropped attribute path is accepted and dropped",
			patchHead + `"Operations":[{"op":"replace","path":"phoneNumbers[type eq \"work\"].value",` +
				`"value":"+1 555"},{"op":"add","path":"title","value":"CTO"}]}`,
			func(t *testing.T, u map[string]any) { t.Helper(); wantAbsent(t, u, "phoneNumbers", "title") },
		},
		{
			"add email merges and moves primary",
			patchHead + `"Operations":[{"op":"add","path":"emails","value":[{"value":"a2@example.com",` +
				`"type":"home","primary":true}]}]}`,
			func(t *testing.T, u map[string]any) {
				t.Helper()
				emails := asList(u["emails"])
				if len(emails) != 2 || emails[0].(map[string]any)["primary"] != nil ||
					emails[1].(map[string]any)["primary"] != true {
					t.Errorf("emails = %v", emails)
				}
			},
		},
		{
			"remove filtered email",
			patchHead + `"Operations":[{"op":"remove","path":"emails[type eq \"work\"]"}]}`,
			func(t *testing.T, u map[string]any) { t.Helper(); wantAbsent(t, u, "emails") },
		},
		{
			"add through a filter that matches nothing creates the element",
			patchHead + `"Operations":[{"op":"add","path":"emails[type eq \"home\"].value",` +
				`"value":"home@example.com"}]}`,
			func(t *testing.T, u map[string]any) {
				t.Helper()
				emails := asList(u["emails"])
				if len(emails) != 2 || emails[1].(map[string]any)["type"] != "home" {
					t.Errorf("emails = %v", emails)
				}
			},
		},
		{
			"replace name merges sub-attributes",
			patchHead + `"Operations":[{"op":"replace","path":"name","value":{"givenName":"Al"}}]}`,
			func(t *testing.T, u map[string]any) {
				t.Helper()
				n := u["name"].(map[string]any)
				if n["givenName"] != "Al" || n["familyName"] != "Tester" {
					t.Errorf("name = %v", n)
				}
			},
		},
		{
			"op and attribute names in any case",
			patchHead + `"Operations":[{"op":"REPLACE","path":"DISPLAYNAME","value":"Upper"},` +
				`{"op":"Replace","path":"Active","value":"True"}]}`,
			func(t *testing.T, u map[string]any) {
				t.Helper()
				wantAttr(t, u, "displayName", "Upper")
				wantAttr(t, u, "active", true)
			},
		},
		{
			"remove displayName", patchHead + `"Operations":[{"op":"remove","path":"displayName"}]}`,
			func(t *testing.T, u map[string]any) { t.Helper(); wantAbsent(t, u, "displayName") },
		},
		{
			"several operations in order",
			patchHead + `"Operations":[{"op":"replace","path":"displayName","value":"One"},` +
				`{"op":"replace","path":"displayName","value":"Two"}]}`,
			func(t *testing.T, u map[string]any) { t.Helper(); wantAttr(t, u, "displayName", "Two") },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			e := newEnv(t)
			id := e.createUser("alice@example.com")
			r := e.scim("PATCH", "/Users/"+id, fill(tc.body, map[string]string{"id": id}))
			mustCode(t, r, http.StatusOK)
			tc.check(t, e.user(id))
		})
	}
}

func wantAttr(t *testing.T, r map[string]any, key string, want any) {
	t.Helper()
	if r[key] != want {
		t.Errorf("%s = %#v, want %#v", key, r[key], want)
	}
}

func wantAbsent(t *testing.T, r map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if v, ok := r[k]; ok {
			t.Errorf("%s = %v, want absent", k, v)
		}
	}
}

func TestGroupPatchErrorsAndAnswers(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		query    string
		status   int
		scimType string
	}{
		{"unknown member", patchHead + `"Operations":[{"op":"add","path":"members",` +
			`"value":[{"value":"{{carol}}"},{"value":"ghost-id"}]}]}`, "", 400, "invalidValue"},
		{
			"member without value", patchHead + `"Operations":[{"op":"add","path":"members","value":[{}]}]}`,
			"", 400, "invalidValue",
		},
		{
			"remove displayName", patchHead + `"Operations":[{"op":"remove","path":"displayName"}]}`,
			"", 400, "mutability",
		},
		{
			"unknown attribute", patchHead + `"Operations":[{"op":"add","path":"owner","value":"x"}]}`,
			"", 400, "invalidPath",
		},
		{
			"meta", patchHead + `"Operations":[{"op":"replace","value":{"meta":{"version":"1"}}}]}`,
			"", 400, "mutability",
		},
		{"attributes asks for a body", patchHead + `"Operations":[{"op":"replace",` +
			`"path":"displayName","value":"Ops"}]}`, "?attributes=displayName", 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			f := newGroupFixture(t)
			r := f.e.scim("PATCH", "/Groups/"+f.group+tc.query, fill(tc.body, f.vars()))
			if tc.status != 200 {
				scimErr(t, r, tc.status, tc.scimType)
				if got := f.e.memberIDs(f.group); !sameSet(got, []string{f.alice, f.bob}) {
					t.Errorf("refused PATCH changed members: %v", got)
				}
				return
			}
			mustCode(t, r, http.StatusOK)
			g := r.object(t)
			wantAttr(t, g, "displayName", "Ops")
			wantAbsent(t, g, "members", "meta")
		})
	}
}

func TestGroupPatchMemberErrorNamesID(t *testing.T) {
	f := newGroupFixture(t)
	r := f.e.scim("PATCH", "/Groups/"+f.group,
		patchHead+`"Operations":[{"op":"add","path":"members","value":[{"value":"ghost-id"}]}]}`)
	scimErr(t, r, 400, "invalidValue")
	if d := r.object(t)["detail"].(string); !contains(d, "ghost-id") {
		t.Errorf("detail %q does not name the unknown member", d)
	}
}

// TestParsePathFastPathAgrees checks that the direct reading of
// members[value eq "…"] builds the tree the parser library builds.
func TestParsePathFastPathAgrees(t *testing.T) {
	for _, raw := range []string{
		`members[value eq "2819c223-7f76-453a-919d-413861904646"]`,
		`members[VALUE EQ "00u1"]`,
		`emails[value eq "a@b.c"]`,
	} {
		t.Run(raw, func(t *testing.T) {
			t.Helper()
			fast, err := parsePath(raw)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := filter.ParsePath([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			if fast.String() != slow.String() {
				t.Errorf("fast %q, library %q", fast.String(), slow.String())
			}
		})
	}
	for _, raw := range []string{`members[value eq "a\"b"]`, `members[value ne "x"]`} {
		if valueEqPath.MatchString(raw) {
			t.Errorf("fast path took %q", raw)
		}
	}
}
