package console

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/csrf"
	"github.com/idpsim/idpsim/simulator/okta"
)

const (
	testToken   = "console-unit-admin-token"
	scimToken   = "console-unit-scim-token"
	demoApp     = "0oademocastai0000001"
	platform    = "00gdemo0000000000001"
	finance     = "00gdemo0000000000003"
	maya        = "00udemo0000000000001"
	nina        = "00udemo0000000000017"
	hostile     = `<script>alert("x")</script>`
	hostileSafe = `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`
)

// env is a Sim with the demo org pushing to an in-process castsim, its
// console mounted, and a browser-like client (cookie jar, no redirects
// followed).
type env struct {
	t      *testing.T
	sim    *okta.Sim
	srv    *httptest.Server
	client *http.Client
	// hostileUser and hostileGroup carry script tags in their names.
	hostileUser, hostileGroup string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	cast, err := castai.New(castai.Config{SCIMToken: scimToken, APIKey: "k"})
	if err != nil {
		t.Fatalf("start castsim: %v", err)
	}
	castSrv := httptest.NewServer(cast.Handler())
	t.Cleanup(castSrv.Close)

	sim, err := okta.New(okta.Config{AdminToken: testToken, TimeScale: 0.001})
	if err != nil {
		t.Fatalf("start idpsim: %v", err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	if err := Mount(sim, Config{AdminToken: testToken}); err != nil {
		t.Fatalf("mount console: %v", err)
	}
	doc, err := fixtures.Demo()
	if err != nil {
		t.Fatalf("demo fixture: %v", err)
	}
	doc.Apps[0].Connection.BaseURL = castSrv.URL + "/scim/v2"
	doc.Apps[0].Connection.Token = scimToken
	if err := sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}

	e := &env{t: t, sim: sim, srv: httptest.NewServer(sim.Handler())}
	t.Cleanup(e.srv.Close)
	jar, _ := cookiejar.New(nil)
	e.client = &http.Client{
		Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	e.addHostile()
	e.wait()
	return e
}

func (e *env) addHostile() {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.sim.CreateUser(ctx, okta.NewUser{Status: okta.StatusActive, Profile: okta.Profile{
		"login": "mallory@example.com", "email": "mallory@example.com",
		"firstName": hostile, "lastName": "Mallory",
	}})
	if err != nil {
		e.t.Fatalf("create hostile user: %v", err)
	}
	g, err := e.sim.CreateGroup(ctx, okta.NewGroup{Name: hostile, Description: hostile})
	if err != nil {
		e.t.Fatalf("create hostile group: %v", err)
	}
	if err := e.sim.AddMember(ctx, g.ID, u.ID); err != nil {
		e.t.Fatalf("add hostile member: %v", err)
	}
	e.hostileUser, e.hostileGroup = u.ID, g.ID
}

func (e *env) wait() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := e.sim.Wait(ctx, ""); err != nil {
		e.t.Fatalf("wait for pushes: %v", err)
	}
}

// get fetches a console path and returns the status and body.
func (e *env) get(path string) (int, string) {
	e.t.Helper()
	resp, err := e.client.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var tokenField = regexp.MustCompile(`name="` + csrf.FieldName + `" value="([^"]+)"`)

// csrfToken reads the form token from a console page.
func (e *env) csrfToken() string {
	e.t.Helper()
	_, body := e.get(Prefix + "/signin")
	m := tokenField.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no CSRF field on the sign-in page")
	}
	return m[1]
}

// post submits a form with the page's CSRF token (unless withToken is
// false) and returns the status and Location.
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
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

func (e *env) signIn() {
	e.t.Helper()
	status, loc := e.post(Prefix+"/signin", url.Values{"token": {testToken}}, true)
	if status != http.StatusSeeOther || loc != Prefix+"/" {
		e.t.Fatalf("sign in: %d to %q", status, loc)
	}
}
