package console

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui/webuitest"
)

const (
	apiKey      = "console-unit-api-key"
	scimToken   = "console-unit-scim-token"
	hostile     = webuitest.Hostile
	hostileSafe = webuitest.HostileEscaped
)

// env is a castsim with its console mounted, a synced group and user with
// hostile names pushed over SCIM, and a browser-like client.
type env struct {
	t   *testing.T
	srv *httptest.Server
	*webuitest.Browser
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
	e.Browser = webuitest.NewBrowser(t, e.srv.URL, Prefix+"/signin")

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

func (e *env) signIn() {
	e.t.Helper()
	status, loc := e.Post(Prefix+"/signin", url.Values{"api_key": {apiKey}}, true)
	if status != http.StatusSeeOther || loc != Prefix+"/" {
		e.t.Fatalf("sign in: %d to %q", status, loc)
	}
}

func (e *env) org(rest string) string {
	return "/v1/organizations/" + castai.DefaultOrgID + rest
}
