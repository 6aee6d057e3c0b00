package okta

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const testToken = "test-admin-token"

// testSigningKey is one RSA key for every test Sim: generating one per test
// would dominate the suite's time.
var testSigningKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// env is one fake Okta behind httptest plus a test SCIM target.
type env struct {
	t   *testing.T
	sim *Sim
	srv *httptest.Server
	tg  *target
	// profile is the client profile createApp uses when a test sets it.
	profile string
}

func newEnv(t *testing.T, change ...func(*Config)) *env {
	t.Helper()
	cfg := Config{
		AdminToken: testToken, TimeScale: 0.001, RequestTimeout: 5 * time.Second,
		OIDCSigningKey: testSigningKey(),
	}
	for _, f := range change {
		f(&cfg)
	}
	sim, err := New(cfg)
	if err != nil {
		t.Fatalf("new sim: %v", err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		srv.Close()
		_ = sim.Close()
	})
	return &env{t: t, sim: sim, srv: srv, tg: newTarget(t)}
}

// call sends an admin request and decodes the JSON answer into out (if
// not nil). It returns the status.
func (e *env) call(method, path string, body, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Authorization", "SSWS "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, data, err)
		}
	}
	return resp.StatusCode
}

// must is call that fails the test unless the status is want.
func (e *env) must(want int, method, path string, body, out any) {
	e.t.Helper()
	var raw json.RawMessage
	if got := e.call(method, path, body, &raw); got != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, got, want, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("decode: %v", err)
		}
	}
}

func (e *env) wait() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.sim.Wait(ctx, ""); err != nil {
		e.t.Fatalf("wait: %v (pending %+v)", err, e.sim.Pending(""))
	}
}

type idJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

func (e *env) createUser(login, first, last string) string {
	e.t.Helper()
	var u idJSON
	e.must(http.StatusOK, "POST", "/api/v1/users?activate=true", map[string]any{
		"profile": map[string]any{
			"login": login, "email": login, "firstName": first,
			"lastName": last, "displayName": first + " " + last, "title": "Engineer",
		},
		"credentials": map[string]any{"password": map[string]any{"value": "Passw0rd!"}},
	}, &u)
	return u.ID
}

func (e *env) createGroup(name string) string {
	e.t.Helper()
	var g idJSON
	e.must(http.StatusOK, "POST", "/api/v1/groups",
		map[string]any{"profile": map[string]any{"name": name}}, &g)
	return g.ID
}

// createApp creates a SCIM app connected to the test target.
func (e *env) createApp(profile string) string {
	e.t.Helper()
	var a idJSON
	e.must(http.StatusOK, "POST", "/api/v1/apps", map[string]any{
		"name": "scim2testapp", "label": "Test App", "signOnMode": "AUTO_LOGIN",
		"settings": map[string]any{"app": map[string]any{"clientProfile": profile}},
	}, &a)
	e.must(http.StatusOK, "POST", "/api/v1/apps/"+a.ID+"/connections/default?activate=true",
		map[string]any{
			"baseUrl": e.tg.baseURL(),
			"profile": map[string]any{"authScheme": "TOKEN", "token": e.tg.token},
		}, nil)
	return a.ID
}

func (e *env) addMember(gid, uid string) {
	e.t.Helper()
	e.must(http.StatusNoContent, "PUT", "/api/v1/groups/"+gid+"/users/"+uid, nil, nil)
}

func (e *env) pushGroup(appID, gid, name string) string {
	e.t.Helper()
	var m idJSON
	e.must(http.StatusCreated, "POST", "/api/v1/apps/"+appID+"/group-push/mappings",
		map[string]any{"sourceGroupId": gid, "targetGroupName": name}, &m)
	return m.ID
}
