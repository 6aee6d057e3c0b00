package castai

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// Openings of request bodies with the schemas attribute every SCIM body
// carries (RFC 7643 §3, RFC 7644 §3.5.2), for tests that write bodies inline.
const (
	userHead  = `{"schemas":["` + scim.SchemaUser + `"],`
	groupHead = `{"schemas":["` + scim.SchemaGroup + `"],`
	patchHead = `{"schemas":["` + scim.SchemaPatchOp + `"],`
)

const (
	testToken  = "test-scim-token"
	testAPIKey = "test-api-key"
	orgPath    = "/v1/organizations/" + DefaultOrgID
)

// env is one castsim under test, driven through its http.Handler.
type env struct {
	t   *testing.T
	srv *Server
}

func newEnv(t *testing.T, defects ...string) *env {
	t.Helper()
	srv, err := New(Config{
		SCIMToken: testToken, APIKey: testAPIKey, Defects: defects,
		SSO: OktaSSO{Domain: "http://127.0.0.1:8080", ClientID: "0oa1", ClientSecret: "s"},
	})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	return &env{t: t, srv: srv}
}

// response is a recorded answer.
type response struct {
	code   int
	header http.Header
	body   []byte
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.body, err)
	}
	return m
}

func (e *env) do(method, path, body string, header map[string]string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, req)
	return response{code: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// scim sends a SCIM request with the test token.
func (e *env) scim(method, path, body string) response {
	e.t.Helper()
	return e.do(method, "/scim/v2"+path, body, map[string]string{
		"Authorization": "Bearer " + testToken, "Content-Type": scim.ContentType,
	})
}

// console sends a console request with the test API key.
func (e *env) console(method, path, body string) response {
	e.t.Helper()
	return e.do(method, path, body, map[string]string{
		"X-API-Key": testAPIKey, "Content-Type": "application/json",
	})
}

func mustCode(t *testing.T, r response, want int) {
	t.Helper()
	if r.code != want {
		t.Fatalf("status = %d, want %d; body %s", r.code, want, r.body)
	}
}

// scimErr checks an RFC 7644 §3.12 error body.
func scimErr(t *testing.T, r response, status int, scimType string) {
	t.Helper()
	mustCode(t, r, status)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, scim.ContentType) {
		t.Errorf("content type = %q, want %s", ct, scim.ContentType)
	}
	m := r.object(t)
	if m["status"] != itoa(status) {
		t.Errorf("status field = %#v, want string %q", m["status"], itoa(status))
	}
	if got, _ := m["scimType"].(string); got != scimType {
		t.Errorf("scimType = %q, want %q; body %s", got, scimType, r.body)
	}
	if d, _ := m["detail"].(string); d == "" {
		t.Errorf("error has no detail: %s", r.body)
	}
	if sch, _ := m["schemas"].([]any); len(sch) != 1 || sch[0] != scim.SchemaError {
		t.Errorf("schemas = %v", m["schemas"])
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// createUser creates a user with a realistic Okta body and returns its id.
func (e *env) createUser(userName string) string {
	e.t.Helper()
	r := e.scim("POST", "/Users", oktaUserBody(userName))
	mustCode(e.t, r, http.StatusCreated)
	return r.object(e.t)["id"].(string)
}

func oktaUserBody(userName string) string {
	local, _, _ := strings.Cut(userName, "@")
	b, _ := json.Marshal(map[string]any{
		"schemas":     []string{scim.SchemaUser},
		"userName":    userName,
		"name":        map[string]string{"givenName": local, "familyName": "Tester"},
		"emails":      []map[string]any{{"primary": true, "value": userName, "type": "work"}},
		"displayName": local + " Tester",
		"locale":      "en-US",
		"externalId":  "00u" + local,
		"groups":      []any{},
		"password":    "Tr0ub4dor&3",
		"active":      true,
		"title":       "Engineer",
		"phoneNumbers": []map[string]any{
			{"value": "+1 555 0100", "type": "work", "primary": true},
		},
	})
	return string(b)
}

func (e *env) createGroup(name string, memberIDs ...string) string {
	e.t.Helper()
	members := make([]map[string]string, len(memberIDs))
	for i, id := range memberIDs {
		members[i] = map[string]string{"value": id}
	}
	b, _ := json.Marshal(map[string]any{
		"schemas":     []string{scim.SchemaGroup},
		"displayName": name, "members": members,
	})
	r := e.scim("POST", "/Groups", string(b))
	mustCode(e.t, r, http.StatusCreated)
	return r.object(e.t)["id"].(string)
}

// memberIDs reads a group's members over SCIM.
func (e *env) memberIDs(groupID string) []string {
	e.t.Helper()
	r := e.scim("GET", "/Groups/"+groupID, "")
	mustCode(e.t, r, http.StatusOK)
	var ids []string
	for _, m := range asList(r.object(e.t)["members"]) {
		ids = append(ids, m.(map[string]any)["value"].(string))
	}
	return ids
}

func (e *env) user(id string) map[string]any {
	e.t.Helper()
	r := e.scim("GET", "/Users/"+id, "")
	mustCode(e.t, r, http.StatusOK)
	return r.object(e.t)
}

// testdata reads a file under testdata/.
func testdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read testdata: %v", err)
	}
	return string(b)
}

// fill replaces {{key}} placeholders of a recorded body.
func fill(body string, vars map[string]string) string {
	for k, v := range vars {
		body = strings.ReplaceAll(body, "{{"+k+"}}", v)
	}
	return body
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := map[string]int{}
	for _, x := range a {
		set[x]++
	}
	for _, x := range b {
		set[x]--
		if set[x] < 0 {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
