package oidc

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	rpRedirect     = "https://rp.example/callback"
	rpLogout       = "https://rp.example/signed-out"
	confidentialID = "0oaconsole"
	clientSecret   = "console-secret-value"
	publicID       = "0oacli"
	testVerifier   = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz"
	testState      = "state-abc"
	testNonce      = "nonce-xyz"
	defaultScopes  = "openid profile email groups offline_access"
	alicePassword  = "Alice-Passw0rd!"
)

var alice = Subject{
	ID: "00ualice", Login: "alice@example.com", Email: "alice@example.com",
	Name: "Alice Archer", GivenName: "Alice", FamilyName: "Archer",
	Groups: []string{"Everyone", "Engineering"},
}

// testEnv is a provider on a loopback server with a fake directory and a
// hand-driven clock.
type testEnv struct {
	t        *testing.T
	dir      *fakeDirectory
	clock    *fakeClock
	provider *Provider
	issuer   string
}

// newTestEnv starts a provider; edits change its configuration first.
func newTestEnv(t *testing.T, edits ...func(*Config)) *testEnv {
	t.Helper()
	dir := newFakeDirectory()
	dir.addUser(alice, alicePassword, "ACTIVE")
	dir.addUser(Subject{ID: "00ubob", Login: "bob@example.com", Email: "bob@example.com"},
		"Bob-Passw0rd!", "ACTIVE")
	dir.addUser(Subject{ID: "00udave", Login: "dave@example.com"}, "Dave-Passw0rd!",
		"DEPROVISIONED")
	dir.addUser(Subject{ID: "00usam", Login: "sam@example.com"}, "Sam-Passw0rd!", "SUSPENDED")
	dir.addUser(Subject{ID: "00ustan", Login: "stan@example.com"}, "Stan-Passw0rd!", "STAGED")
	dir.addClient(Client{
		ID: confidentialID, Name: "Cast AI console", Secret: clientSecret,
		RedirectURIs: []string{rpRedirect}, PostLogoutRedirectURIs: []string{rpLogout},
	}, "00ualice", "00udave", "00usam", "00ustan")
	dir.addClient(Client{ID: publicID, RedirectURIs: []string{rpRedirect}}, "00ualice")
	dir.addClient(Client{
		ID: "0oanorefresh", Secret: clientSecret, RedirectURIs: []string{rpRedirect},
		GrantTypes: []string{GrantAuthorizationCode},
	}, "00ualice")

	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	clock := &fakeClock{now: time.Now().Truncate(time.Second)}
	cfg := Config{Issuer: issuer, Directory: dir, Now: clock.Now, SigningKey: testKey(t)}
	for _, edit := range edits {
		edit(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatalf("new provider: %v", err)
	}
	srv.Config.Handler = p.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &testEnv{t: t, dir: dir, clock: clock, provider: p, issuer: issuer}
}

// authorizeURL builds an authorization request for the confidential client
// with PKCE; edit changes the parameters.
func (e *testEnv) authorizeURL(edit func(url.Values)) string {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {confidentialID},
		"redirect_uri":          {rpRedirect},
		"scope":                 {defaultScopes},
		"state":                 {testState},
		"nonce":                 {testNonce},
		"code_challenge":        {s256(testVerifier)},
		"code_challenge_method": {"S256"},
	}
	if edit != nil {
		edit(q)
	}
	return e.issuer + PathAuthorize + "?" + q.Encode()
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// page is a response as a browser saw it, after following the provider's own
// redirects and stopping at the relying party's.
type page struct {
	status   int
	location *url.URL // set when the browser was sent to the relying party
	header   http.Header
	body     string
}

// browser is a cookie-keeping HTTP client that posts forms like a browser.
type browser struct {
	t      *testing.T
	client *http.Client
}

func (e *testEnv) newBrowser() *browser {
	e.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatalf("cookie jar: %v", err)
	}
	client := &http.Client{
		Jar: jar,
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if req.URL.Host == "rp.example" {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
	return &browser{t: e.t, client: client}
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("read body: %v", err)
	}
	p := page{status: resp.StatusCode, header: resp.Header, body: string(body)}
	if resp.StatusCode == http.StatusFound {
		p.location, err = resp.Location()
		if err != nil {
			b.t.Fatalf("redirect location: %v", err)
		}
	}
	return p
}

func (b *browser) get(rawURL string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		b.t.Fatalf("new request: %v", err)
	}
	return b.do(req)
}

func (b *browser) postForm(rawURL string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// formFields reads the sign-in form's action and hidden fields, or fails.
func (b *browser) formFields(p page) (string, url.Values) {
	b.t.Helper()
	form, ok := ParseSignInForm(p.body)
	if !ok {
		b.t.Fatalf("no sign-in form (status %d): %s", p.status, p.body)
	}
	return form.Action, form.Hidden
}

// signIn fills in and posts the sign-in form shown on p.
func (b *browser) signIn(issuer string, p page, username, password string) page {
	b.t.Helper()
	form, ok := ParseSignInForm(p.body)
	if !ok {
		b.t.Fatalf("no sign-in form (status %d): %s", p.status, p.body)
	}
	return b.postForm(issuer+form.Action, form.Values(username, password))
}

func isSignInForm(p page) bool {
	_, ok := ParseSignInForm(p.body)
	return ok
}

func signInError(p page) string {
	form, _ := ParseSignInForm(p.body)
	return form.Message
}

// callback returns the query the relying party received, or fails.
func callback(t *testing.T, p page) url.Values {
	t.Helper()
	if p.location == nil || p.location.Host != "rp.example" {
		t.Fatalf("want a redirect to the relying party, got status %d: %s", p.status, p.body)
	}
	return p.location.Query()
}

// code signs alice in through a new browser and returns the code.
func (e *testEnv) code(edit func(url.Values)) string {
	e.t.Helper()
	b := e.newBrowser()
	form := b.get(e.authorizeURL(edit))
	q := callback(e.t, b.signIn(e.issuer, form, alice.Login, alicePassword))
	if q.Get("code") == "" {
		e.t.Fatalf("no code in callback: %v", q)
	}
	return q.Get("code")
}

// apiResponse is a JSON answer of a back-channel endpoint.
type apiResponse struct {
	status int
	header http.Header
	body   map[string]any
}

func (r apiResponse) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// post sends a form to a back-channel endpoint, with Basic credentials when
// basicID is set.
func (e *testEnv) post(path string, form url.Values, basicID, basicSecret string) apiResponse {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.issuer+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(url.QueryEscape(basicID), url.QueryEscape(basicSecret))
	}
	return e.send(req)
}

func (e *testEnv) send(req *http.Request) apiResponse {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read body: %v", err)
	}
	out := apiResponse{status: resp.StatusCode, header: resp.Header, body: map[string]any{}}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out.body); err != nil {
			e.t.Fatalf("decode %s: %v (%s)", req.URL.Path, err, raw)
		}
	}
	return out
}

// exchange redeems a code for the confidential client with Basic auth.
func (e *testEnv) exchange(code, verifier string) apiResponse {
	e.t.Helper()
	form := url.Values{
		"grant_type": {GrantAuthorizationCode}, "code": {code},
		"redirect_uri": {rpRedirect}, "code_verifier": {verifier},
	}
	return e.post(PathToken, form, confidentialID, clientSecret)
}

// tokens runs the whole flow for alice and returns the token response.
func (e *testEnv) tokens() apiResponse {
	e.t.Helper()
	resp := e.exchange(e.code(nil), testVerifier)
	if resp.status != http.StatusOK {
		e.t.Fatalf("token exchange: %d %v", resp.status, resp.body)
	}
	return resp
}

func (e *testEnv) introspect(tok string) apiResponse {
	e.t.Helper()
	return e.post(PathIntrospect, url.Values{"token": {tok}}, confidentialID, clientSecret)
}

func (e *testEnv) userinfo(accessToken string) apiResponse {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.issuer+PathUserInfo, nil)
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	return e.send(req)
}

func (e *testEnv) refresh(refreshToken string) apiResponse {
	e.t.Helper()
	form := url.Values{"grant_type": {GrantRefreshToken}, "refresh_token": {refreshToken}}
	return e.post(PathToken, form, confidentialID, clientSecret)
}

// wantError checks an RFC 6749 §5.2 error body.
func wantError(t *testing.T, resp apiResponse, status int, code string) {
	t.Helper()
	if resp.status != status || resp.str("error") != code {
		t.Fatalf("want %d %s, got %d %v", status, code, resp.status, resp.body)
	}
}
