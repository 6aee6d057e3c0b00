package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui/webuitest"
)

const (
	testToken   = "console-unit-admin-token"
	scimToken   = "console-unit-scim-token"
	demoApp     = "0oademocastai0000001"
	platform    = "00gdemo0000000000001"
	finance     = "00gdemo0000000000003"
	maya        = "00udemo0000000000001"
	nina        = "00udemo0000000000017"
	hostile     = webuitest.Hostile
	hostileSafe = webuitest.HostileEscaped
)

// env is a Sim with the demo org pushing to an in-process castsim, its
// console mounted, and a browser-like client (cookie jar, no redirects
// followed).
type env struct {
	t   *testing.T
	sim *okta.Sim
	srv *httptest.Server
	*webuitest.Browser
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
	e.Browser = webuitest.NewBrowser(t, e.srv.URL, Prefix+"/signin")
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

func (e *env) signIn() {
	e.t.Helper()
	status, loc := e.Post(Prefix+"/signin", url.Values{"token": {testToken}}, true)
	if status != http.StatusSeeOther || loc != Prefix+"/" {
		e.t.Fatalf("sign in: %d to %q", status, loc)
	}
}
