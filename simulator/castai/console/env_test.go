package console

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/csrf"
)

const (
	apiKey      = "console-unit-api-key"
	scimToken   = "console-unit-scim-token"
	hostile     = `<script>alert("x")</script>`
	hostileSafe = `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`
)

// env is a castsim with its console mounted, a synced group and user with
// hostile names pushed over SCIM, and a browser-like client.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	client *http.Client
	// userID is a synced user; synced is a synced group holding it.
	userID, synced string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	cast, err := castai.New(castai.Config{APIKey: apiKey, SCIMToken: scimToken})
	if err != nil {
		t.Fatalf("start castsim: %v", err)
	}
	if err := Mount(cast, Config{}); err != nil {
		t.Fatalf("mount console: %v", err)
	}
	e := &env{t: t, srv: httptest.NewServer(cast.Handler())}
	t.Cleanup(e.srv.Close)
	jar, _ := cookiejar.New(nil)
	e.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}

	var u, g struct {
		ID string `json:"id"`
	}
	e.scim("/Users", map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": "mallory@example.com", "active": true,
		"name":   map[string]string{"givenName": hostile, "familyName": "Mallory"},
		"emails": []map[string]any{{"value": "mallory@example.com", "primary": true}},
	}, &u)
	e.scim("/Groups", map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
		"displayName": hostile, "members": []map[string]string{{"value": u.ID}},
	}, &g)
	e.userID, e.synced = u.ID, g.ID
	return e
}

// scim sends a SCIM POST as the IdP would.
func (e *env) scim(path string, body, out any) {
	e.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/scim/v2"+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+scimToken)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("SCIM POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(resp.Body)
		e.t.Fatalf("SCIM POST %s: %d %s", path, resp.StatusCode, b)
	}
	_ = json.NewDecoder(resp.Body).Decode(out)
}

// api calls the console API with the owner key and decodes the answer.
func (e *env) api(method, path string, body, out any) int {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	req.Header.Set("X-API-Key", apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func (e *env) get(path string) (int, string) {
	e.t.Helper()
	resp, err := e.client.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(body)
}

var tokenField = regexp.MustCompile(`name="` + csrf.FieldName + `" value="([^"]+)"`)

func (e *env) csrfToken() string {
	e.t.Helper()
	_, body := e.get(Prefix + "/signin")
	m := tokenField.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no CSRF field on the sign-in page")
	}
	return m[1]
}

// post submits a form, with the CSRF token when withToken, and returns the
// status and either the Location of a redirect or the body.
func (e *env) post(path string, form url.Values, withToken bool) (int, string) {
	e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if withToken {
		form.Set(csrf.FieldName, e.csrfToken())
	}
	resp, err := e.client.Post(e.srv.URL+path, "application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(body)
}

func (e *env) signIn() {
	e.t.Helper()
	status, loc := e.post(Prefix+"/signin", url.Values{"api_key": {apiKey}}, true)
	if status != http.StatusSeeOther || loc != Prefix+"/" {
		e.t.Fatalf("sign in: %d to %q", status, loc)
	}
}

func (e *env) org(rest string) string {
	return "/v1/organizations/" + castai.DefaultOrgID + rest
}
