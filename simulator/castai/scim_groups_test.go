package castai

import (
	"net/http"
	"testing"
)

func TestGroupCRUD(t *testing.T) {
	e := newEnv(t)
	a, b := e.createUser("a@example.com"), e.createUser("b@example.com")
	r := e.scim("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
		"displayName":"Eng","externalId":"00g1","members":[{"value":"`+a+`","display":"a"}]}`)
	mustCode(t, r, http.StatusCreated)
	g := r.object(t)
	id := g["id"].(string)
	if r.header.Get("Location") != "http://127.0.0.1:8081/scim/v2/Groups/"+id {
		t.Errorf("Location = %q", r.header.Get("Location"))
	}
	m := asList(g["members"])[0].(map[string]any)
	if m["value"] != a || m["display"] != "a" || m["type"] != "User" ||
		m["$ref"] != "http://127.0.0.1:8081/scim/v2/Users/"+a {
		t.Errorf("member = %v", m)
	}

	scimErr(t, e.scim("POST", "/Groups", groupHead+`"displayName":"ENG"}`), 409, "uniqueness")
	scimErr(t, e.scim("POST", "/Groups", groupHead+`"displayName":""}`), 400, "invalidValue")
	scimErr(t, e.scim("POST", "/Groups", groupHead+`"displayName":"X","members":[{"value":"ghost"}]}`),
		400, "invalidValue")

	// PUT without members keeps them; with members replaces them.
	r = e.scim("PUT", "/Groups/"+id, groupHead+`"displayName":"Eng2","externalId":"00g1"}`)
	mustCode(t, r, http.StatusOK)
	if got := e.memberIDs(id); !sameSet(got, []string{a}) {
		t.Errorf("PUT without members changed them: %v", got)
	}
	r = e.scim("PUT", "/Groups/"+id, groupHead+`"displayName":"Eng2","members":[{"value":"`+b+`"}]}`)
	mustCode(t, r, http.StatusOK)
	if got := e.memberIDs(id); !sameSet(got, []string{b}) {
		t.Errorf("PUT members = %v, want [b]", got)
	}
	wantAbsent(t, e.scim("GET", "/Groups/"+id, "").object(t), "externalId")

	mustCode(t, e.scim("DELETE", "/Groups/"+id, ""), http.StatusNoContent)
	scimErr(t, e.scim("GET", "/Groups/"+id, ""), 404, "")
	if groups := e.user(b)["groups"]; groups != nil {
		t.Errorf("deleted group still on user: %v", groups)
	}
}

func TestGroupIfMatch(t *testing.T) {
	f := newGroupFixture(t)
	tag := f.e.scim("GET", "/Groups/"+f.group, "").header.Get("ETag")
	body := testdata(t, "patch/entra-group-rename.json")
	h := map[string]string{"Authorization": "Bearer " + testToken, "If-Match": `W/"1"`}
	scimErr(t, f.e.do("PATCH", "/scim/v2/Groups/"+f.group, body, h), 412, "")
	h["If-Match"] = tag
	r := f.e.do("PATCH", "/scim/v2/Groups/"+f.group, body, h)
	mustCode(t, r, http.StatusNoContent)
	if r.header.Get("ETag") == tag || r.header.Get("ETag") == "" {
		t.Errorf("ETag after change = %q, before %q", r.header.Get("ETag"), tag)
	}
}

func TestGroupEchoPutChangesNothing(t *testing.T) {
	f := newGroupFixture(t)
	before := f.e.scim("GET", "/Groups/"+f.group, "")
	mustCode(t, f.e.scim("PUT", "/Groups/"+f.group, string(before.body)), http.StatusOK)
	if got := f.e.memberIDs(f.group); !sameSet(got, []string{f.alice, f.bob}) {
		t.Errorf("echo PUT changed members: %v", got)
	}
}

func TestDeleteUserLeavesGroups(t *testing.T) {
	f := newGroupFixture(t)
	mustCode(t, f.e.scim("DELETE", "/Users/"+f.alice, ""), http.StatusNoContent)
	if got := f.e.memberIDs(f.group); !sameSet(got, []string{f.bob}) {
		t.Errorf("members = %v, want bob only", got)
	}
}
