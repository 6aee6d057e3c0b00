package castai

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	r := e.scim("POST", "/Users", oktaUserBody("ada@example.com"))
	mustCode(t, r, http.StatusCreated)
	u := r.object(t)
	id, _ := u["id"].(string)
	if id == "" {
		t.Fatalf("no id: %s", r.body)
	}
	if loc := r.header.Get("Location"); loc != "http://127.0.0.1:8081/scim/v2/Users/"+id {
		t.Errorf("Location = %q", loc)
	}
	meta := u["meta"].(map[string]any)
	if r.header.Get("ETag") == "" || r.header.Get("ETag") != meta["version"] {
		t.Errorf("ETag %q vs meta.version %v", r.header.Get("ETag"), meta["version"])
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/scim+json") {
		t.Errorf("content type = %q", r.header.Get("Content-Type"))
	}
	wantAttr(t, u, "userName", "ada@example.com")
	wantAttr(t, u, "externalId", "00uada")
	wantAttr(t, u, "active", true)
	wantAbsent(t, u, "password", "title", "phoneNumbers", "locale", "groups")
}

func TestCreateUserRefusals(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		status   int
		scimType string
	}{
		{"duplicate in other case", oktaUserBody("ADA@example.com"), 409, "uniqueness"},
		{
			"no userName", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}`,
			400, "invalidValue",
		},
		{"userName not a string", userHead + `"userName":42}`, 400, "invalidValue"},
		{"not json", userHead + `"userName":`, 400, "invalidSyntax"},
		{"empty body", ``, 400, "invalidSyntax"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			e := newEnv(t)
			e.createUser("ada@example.com")
			scimErr(t, e.scim("POST", "/Users", tc.body), tc.status, tc.scimType)
		})
	}
}

func TestUserGetDelete(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	mustCode(t, e.scim("GET", "/Users/"+id, ""), http.StatusOK)
	r := e.scim("DELETE", "/Users/"+id, "")
	mustCode(t, r, http.StatusNoContent)
	scimErr(t, e.scim("GET", "/Users/"+id, ""), 404, "")
	scimErr(t, e.scim("DELETE", "/Users/"+id, ""), 404, "")
	scimErr(t, e.scim("PATCH", "/Users/"+id, patchHead+`"Operations":[{"op":"replace",`+
		`"value":{"active":false}}]}`), 404, "")
}

// TestPutEchoChangesNothing replays Okta's profile update: GET, then PUT of
// the server's own answer. Nothing but meta may change.
func TestPutEchoChangesNothing(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	g := e.createGroup("Eng", id)
	before := e.scim("GET", "/Users/"+id, "")
	r := e.scim("PUT", "/Users/"+id, string(before.body))
	mustCode(t, r, http.StatusOK)
	after := r.object(t)
	b := before.object(t)
	for _, m := range []map[string]any{b, after} {
		delete(m, "meta")
	}
	bj, _ := json.Marshal(b)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		t.Errorf("echo PUT changed the user:\nbefore %s\nafter  %s", bj, aj)
	}
	if got := e.memberIDs(g); len(got) != 1 {
		t.Errorf("echo PUT changed groups: %v", got)
	}
}

func TestPutReplaces(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	body := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"other",
		"meta":{"version":"W/\"1\""},"groups":[{"value":"x"}],"userName":"ada.l@example.com",
		"name":{"givenName":"Ada"},"title":"CTO","password":"x","active":"False",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7"}}`
	r := e.scim("PUT", "/Users/"+id, body)
	mustCode(t, r, http.StatusOK)
	u := e.user(id)
	wantAttr(t, u, "id", id)
	wantAttr(t, u, "userName", "ada.l@example.com")
	wantAttr(t, u, "active", false)
	wantAbsent(t, u, "displayName", "emails", "externalId", "title", "password",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
	if n := u["name"].(map[string]any); n["familyName"] != nil || n["givenName"] != "Ada" {
		t.Errorf("name = %v", n)
	}
}

func TestIfMatch(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		ifMatch func(etag string) string
		body    string
		want    int
	}{
		{
			"patch stale", "PATCH", func(string) string { return `W/"1"` },
			patchHead + `"Operations":[{"op":"replace","path":"displayName","value":"x"}]}`, 412,
		},
		{
			"patch current", "PATCH", func(e string) string { return e },
			patchHead + `"Operations":[{"op":"replace","path":"displayName","value":"x"}]}`, 200,
		},
		{
			"put garbage", "PUT", func(string) string { return `"nope"` },
			userHead + `"userName":"ada@example.com"}`, 412,
		},
		{
			"put star", "PUT", func(string) string { return "*" },
			userHead + `"userName":"ada@example.com"}`, 200,
		},
		{"delete stale", "DELETE", func(string) string { return `W/"1"` }, "", 412},
		{"delete current", "DELETE", func(e string) string { return e }, "", 204},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			e := newEnv(t)
			id := e.createUser("ada@example.com")
			tag := e.scim("GET", "/Users/"+id, "").header.Get("ETag")
			r := e.do(tc.method, "/scim/v2/Users/"+id, tc.body, map[string]string{
				"Authorization": "Bearer " + testToken, "If-Match": tc.ifMatch(tag),
			})
			if tc.want == 412 {
				scimErr(t, r, 412, "")
				return
			}
			mustCode(t, r, tc.want)
		})
	}
}

func TestListPaging(t *testing.T) {
	e := newEnv(t)
	var ids []string
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		ids = append(ids, e.createUser(n+"@example.com"))
	}
	tests := []struct {
		query      string
		wantIDs    []string
		wantStart  int
		wantTotal  int
		wantStatus int
	}{
		{"?startIndex=1&count=2", ids[:2], 1, 5, 200},
		{"?startIndex=4&count=100", ids[3:], 4, 5, 200},
		{"?count=0", nil, 1, 5, 200},
		{"?startIndex=0&count=1", ids[:1], 1, 5, 200},
		{"?startIndex=9", nil, 9, 5, 200},
		{"", ids, 1, 5, 200},
		{"?count=x", nil, 0, 0, 400},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			t.Helper()
			r := e.scim("GET", "/Users"+tc.query, "")
			if tc.wantStatus == 400 {
				scimErr(t, r, 400, "invalidValue")
				return
			}
			mustCode(t, r, 200)
			var lr struct {
				Schemas      []string
				TotalResults *int
				StartIndex   *int
				ItemsPerPage *int
				Resources    []struct{ ID string }
			}
			if err := json.Unmarshal(r.body, &lr); err != nil {
				t.Fatalf("paging fields are not integers: %v", err)
			}
			if *lr.TotalResults != tc.wantTotal || *lr.StartIndex != tc.wantStart ||
				*lr.ItemsPerPage != len(tc.wantIDs) {
				t.Errorf("total %d start %d items %d", *lr.TotalResults, *lr.StartIndex,
					*lr.ItemsPerPage)
			}
			var got []string
			for _, res := range lr.Resources {
				got = append(got, res.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("ids = %v, want %v (stable order)", got, tc.wantIDs)
			}
		})
	}
}

func TestSCIMAuth(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"bearer", "Bearer " + testToken, 200},
		{"bearer lower case", "bearer " + testToken, 200},
		{"raw token as header-auth apps send it", testToken, 200},
		{"missing", "", 401},
		{"wrong", "Bearer nope-nope-nope", 401},
		{"basic", "Basic dXNlcjpwYXNz", 401},
	}
	e := newEnv(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			h := map[string]string{}
			if tc.header != "" {
				h["Authorization"] = tc.header
			}
			r := e.do("GET", "/scim/v2/Users", "", h)
			if tc.want == 401 {
				scimErr(t, r, 401, "")
				return
			}
			mustCode(t, r, tc.want)
		})
	}
}

func TestBodyLimitsAndTypes(t *testing.T) {
	e := newEnv(t)
	big := userHead + `"userName":"big@example.com","displayName":"` + strings.Repeat("x", MaxBodyBytes) + `"}`
	scimErr(t, e.scim("POST", "/Users", big), http.StatusRequestEntityTooLarge, "tooMany")

	r := e.do("POST", "/scim/v2/Users", oktaUserBody("json@example.com"), map[string]string{
		"Authorization": "Bearer " + testToken, "Content-Type": "application/json",
	})
	mustCode(t, r, http.StatusCreated)
	r = e.do("POST", "/scim/v2/Users", oktaUserBody("charset@example.com"), map[string]string{
		"Authorization": "Bearer " + testToken,
		"Content-Type":  "application/scim+json; charset=utf-8",
	})
	mustCode(t, r, http.StatusCreated)
}

func TestProjection(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	g := e.createGroup("Eng", id)
	tests := []struct {
		path   string
		want   []string
		absent []string
	}{
		{
			"/Users/" + id + "?attributes=userName",
			[]string{"id", "schemas", "userName"},
			[]string{"meta", "emails", "name", "active"},
		},
		{
			"/Users/" + id + "?attributes=name.givenName,emails.value",
			[]string{"name", "emails"},
			[]string{"userName"},
		},
		{
			"/Users/" + id + "?excludedAttributes=emails,groups,id",
			[]string{"id", "userName"},
			[]string{"emails", "groups"},
		},
		{"/Users/" + id, []string{"groups"}, nil},
		{
			"/Groups/" + g + "?excludedAttributes=members",
			[]string{"displayName", "meta"},
			[]string{"members"},
		},
		{
			"/Groups/" + g + "?attributes=urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
			[]string{"id", "displayName"},
			[]string{"members", "meta"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Helper()
			r := e.scim("GET", tc.path, "")
			mustCode(t, r, 200)
			m := r.object(t)
			for _, k := range tc.want {
				if _, ok := m[k]; !ok {
					t.Errorf("%s missing: %s", k, r.body)
				}
			}
			wantAbsent(t, m, tc.absent...)
		})
	}
	r := e.scim("GET", "/Users/"+id+"?attributes=name.givenName", "")
	if n := r.object(t)["name"].(map[string]any); len(n) != 1 || n["givenName"] != "ada" {
		t.Errorf("name projected to %v", n)
	}
	r = e.scim("GET", "/Groups?excludedAttributes=members", "")
	if strings.Contains(string(r.body), `"members"`) {
		t.Errorf("list kept members: %s", r.body)
	}
}

func TestUserGroupsAttribute(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("ada@example.com")
	g := e.createGroup("Eng", id)
	groups := asList(e.user(id)["groups"])
	if len(groups) != 1 {
		t.Fatalf("groups = %v", groups)
	}
	ref := groups[0].(map[string]any)
	if ref["value"] != g || ref["display"] != "Eng" ||
		ref["$ref"] != "http://127.0.0.1:8081/scim/v2/Groups/"+g {
		t.Errorf("group ref = %v", ref)
	}
}

func TestInjectedClock(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	srv, err := New(Config{SCIMToken: testToken, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv}
	meta := e.user(e.createUser("ada@example.com"))["meta"].(map[string]any)
	if meta["created"] != "2030-01-02T03:04:05Z" || meta["lastModified"] != "2030-01-02T03:04:05Z" {
		t.Errorf("meta = %v", meta)
	}
}

// TestAttributeSpelledTwiceIsRefused sends bodies naming one attribute twice
// in different case or with and without its schema URN: the answer is 400,
// never one of the two chosen at random.
func TestAttributeSpelledTwiceIsRefused(t *testing.T) {
	e := newEnv(t)
	for _, body := range []string{
		userHead + `"userName":"a@example.com","USERNAME":"b@example.com"}`,
		userHead + `"userName":"a@example.com",` +
			`"urn:ietf:params:scim:schemas:core:2.0:User:userName":"b@example.com"}`,
		userHead + `"userName":"a@example.com","name":{"givenName":"A","GivenName":"B"}}`,
	} {
		scimErr(t, e.scim("POST", "/Users", body), http.StatusBadRequest, "invalidSyntax")
	}
	mustCode(t, e.scim("POST", "/Users", userHead+`"userName":"a@example.com","userName":"c@example.com"}`),
		http.StatusCreated)
}
