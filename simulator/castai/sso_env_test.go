package castai

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

const (
	ssoClientID = "castsim"
	ssoSecret   = "castsim-oidc-secret"
	ssoPassword = "Correct-Horse-1"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// signingKey is one RSA key for every idpsim of the tests: generating one
// per test would cost most of their time.
func signingKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		if testKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return testKey
}

// ssoEnv is a castsim signing users in through a running idpsim, both on
// loopback, and a clock castsim reads that the test may move forward.
type ssoEnv struct {
	*env
	t       *testing.T
	idp     *okta.Sim
	idpURL  string
	castURL string
	skew    atomic.Int64 // added to castsim's clock, in nanoseconds
}

// ssoOptions change how an ssoEnv is built.
type ssoOptions struct {
	defects []string
	secret  string // castsim's client secret; ssoSecret when empty
	// publicIDP is idpsim's public URL when it differs from where it
	// listens; castsim then reaches it through the back channel.
	publicIDP string
}

func newSSOEnv(t *testing.T, o ssoOptions) *ssoEnv {
	t.Helper()
	idpSrv, castSrv := httptest.NewUnstartedServer(nil), httptest.NewUnstartedServer(nil)
	e := &ssoEnv{
		t: t, idpURL: "http://" + idpSrv.Listener.Addr().String(),
		castURL: "http://" + castSrv.Listener.Addr().String(),
	}
	issuerURL, backchannel := e.idpURL, ""
	if o.publicIDP != "" {
		issuerURL, backchannel = o.publicIDP, e.idpURL
	}
	if o.secret == "" {
		o.secret = ssoSecret
	}
	srv, err := New(Config{
		PublicURL: e.castURL, SCIMToken: testToken, APIKey: testAPIKey, Defects: o.defects,
		SSO:               OktaSSO{Domain: issuerURL, ClientID: ssoClientID, ClientSecret: o.secret},
		SSOBackchannelURL: backchannel,
		Now:               func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) },
	})
	if err != nil {
		t.Fatalf("new castsim: %v", err)
	}
	e.env = &env{t: t, srv: srv}
	e.idp, err = okta.New(okta.Config{
		PublicURL: issuerURL, AdminToken: "admin-token", TimeScale: 0.001,
		OIDCSigningKey: signingKey(t),
	})
	if err != nil {
		t.Fatalf("new idpsim: %v", err)
	}
	if err := e.idp.LoadFixture(ssoFixture(e.castURL)); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	idpSrv.Config.Handler, castSrv.Config.Handler = e.idp.Handler(), srv.Handler()
	idpSrv.Start()
	castSrv.Start()
	t.Cleanup(func() {
		castSrv.Close()
		idpSrv.Close()
		_ = e.idp.Close()
	})
	return e
}

// ssoFixture is an Okta org with three people assigned to castsim's OIDC
// client and one who is not.
func ssoFixture(castURL string) *fixtures.Document {
	user := func(id, first string) fixtures.User {
		login := strings.ToLower(first) + "@acme.test"
		return fixtures.User{ID: id, Password: ssoPassword, Profile: fixtures.Profile{
			Login: login, Email: login, FirstName: first, LastName: "Test",
			DisplayName: first + " Test",
		}}
	}
	return &fixtures.Document{
		Users: []fixtures.User{
			user("00uann00000000000001", "Ann"), user("00ubob00000000000002", "Bob"),
			user("00ucid00000000000003", "Cid"), user("00uout00000000000004", "Out"),
		},
		OIDCClients: []fixtures.OIDCClient{{
			ID: "0oacastsim0000000001", Label: "Cast AI", ClientID: ssoClientID,
			ClientSecret: ssoSecret, RedirectURIs: []string{castURL + "/v1/auth/callback"},
			Users: []string{"00uann00000000000001", "00ubob00000000000002", "00ucid00000000000003"},
		}},
	}
}

// browser is a scripted browser: a cookie jar, redirects followed, and
// Accept: application/json so that castsim answers its callback in JSON.
type browser struct {
	t  *testing.T
	hc *http.Client
}

// newBrowser returns a browser; hosts maps host:port names to the loopback
// addresses they stand for (a public URL that only browsers use).
func (e *ssoEnv) newBrowser(hosts map[string]string) *browser {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if real, ok := hosts[addr]; ok {
			addr = real
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &browser{t: e.t, hc: &http.Client{Jar: jar, Transport: tr, Timeout: 10 * time.Second}}
}

// page is a response a browser ended on.
type page struct {
	code   int
	url    *url.URL
	header http.Header
	body   string
}

func (b *browser) do(method, target string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(b.t.Context(), method, target, body)
	if err != nil {
		b.t.Fatalf("build request: %v", err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json, text/html")
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	return page{
		code: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: string(data),
	}
}

// signIn starts at castsim's login, fills idpsim's form and returns where
// the browser ends: castsim's callback answer, or idpsim's page.
func (b *browser) signIn(loginURL, username string) page {
	b.t.Helper()
	p := b.do("GET", loginURL, nil)
	form, ok := oidc.ParseSignInForm(p.body)
	if !ok {
		return p
	}
	action := p.url.ResolveReference(&url.URL{Path: form.Action})
	return b.do("POST", action.String(), form.Values(username, ssoPassword))
}

// signedIn signs a user in and returns the session castsim answered with.
func (e *ssoEnv) signedIn(b *browser, username string) SignIn {
	e.t.Helper()
	p := b.signIn(e.castURL+"/v1/auth/login?email="+url.QueryEscape(username), username)
	if p.code != http.StatusOK {
		e.t.Fatalf("sign in %s: %d at %s: %s", username, p.code, p.url, p.body)
	}
	var in SignIn
	if err := json.Unmarshal([]byte(p.body), &in); err != nil || in.SessionToken == "" {
		e.t.Fatalf("sign in %s: answer %q: %v", username, p.body, err)
	}
	return in
}

// withSession sends a console request with a session token.
func (e *ssoEnv) withSession(token, method, path, body string) response {
	e.t.Helper()
	return e.do(method, path, body, map[string]string{
		"Authorization": "Bearer " + token, "Content-Type": "application/json",
	})
}

// provision creates a user over SCIM, as Okta would push it.
func (e *ssoEnv) provision(userName string) string {
	e.t.Helper()
	r := e.scim("POST", "/Users", oktaUserBody(userName))
	mustCode(e.t, r, http.StatusCreated)
	return r.object(e.t)["id"].(string)
}

func (e *ssoEnv) setActive(id string, active bool) {
	e.t.Helper()
	body := `{"schemas":["` + scim.SchemaPatchOp + `"],"Operations":[{"op":"replace",` +
		`"value":{"active":` + map[bool]string{true: "true", false: "false"}[active] + `}}]}`
	r := e.scim("PATCH", "/Users/"+id, body)
	if r.code != http.StatusOK && r.code != http.StatusNoContent {
		e.t.Fatalf("set active %t: %d %s", active, r.code, r.body)
	}
}

func messageOf(t *testing.T, body string) string {
	t.Helper()
	var m struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body %q has no message: %v", body, err)
	}
	return m.Message
}

// bindUser gives a user a role on the organization.
func (e *ssoEnv) bindUser(userID, roleID string) {
	e.t.Helper()
	r := e.console("POST", orgPath+"/role-bindings",
		bindingBody(roleID, orgScope(), `{"user":{"id":"`+userID+`"}}`))
	mustCode(e.t, r, http.StatusOK)
}

// stopAt makes a client stop following redirects at a URL prefix.
func stopAt(prefix string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), prefix) {
			return http.ErrUseLastResponse
		}
		return nil
	}
}

// redirectTarget is where a redirect answer points.
func redirectTarget(t *testing.T, p page) *url.URL {
	t.Helper()
	to, err := p.url.Parse(p.header.Get("Location"))
	if err != nil || p.code/100 != 3 {
		t.Fatalf("not a redirect: %d %s %s", p.code, p.header.Get("Location"), p.body)
	}
	return to
}

// parseForm reads idpsim's sign-in form out of a page.
func parseForm(t *testing.T, p page) (oidc.SignInForm, bool) {
	t.Helper()
	form, ok := oidc.ParseSignInForm(p.body)
	if !ok {
		t.Fatalf("no sign-in form at %s: %d %s", p.url, p.code, p.body)
	}
	return form, ok
}

func nonEmpty(names ...string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

func connWithDomain(domain string) store.Connection {
	return store.Connection{ID: "c", Okta: &store.OktaConfig{Domain: domain, ClientID: "x"}}
}
