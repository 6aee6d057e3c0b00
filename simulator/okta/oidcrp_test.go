package okta

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

const rpRedirect = "http://127.0.0.1:9/rp/callback"

// rpEnv is a whole idpsim, reached at its public URL, and a third-party
// relying party set up only through the admin API: an OIDC app, its users
// and their passwords.
type rpEnv struct {
	t        *testing.T
	base     string
	provider *gooidc.Provider
	oauth    oauth2.Config
	appID    string
}

// skewClock is the real clock moved forward by skew.
type skewClock struct{ skew atomic.Int64 }

func (c *skewClock) Now() time.Time { return time.Now().Add(time.Duration(c.skew.Load())) }

func (c *skewClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func newRPEnv(t *testing.T, clock Clock) *rpEnv {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	sim, err := New(Config{
		PublicURL: base, AdminToken: testToken, TimeScale: 0.001,
		OIDCSigningKey: testSigningKey(), Clock: clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = sim.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		_ = sim.Close()
	})
	e := &rpEnv{t: t, base: base}

	var app appJSON
	e.admin(http.StatusOK, "POST", "/api/v1/apps", map[string]any{
		"name": "oidc_client", "label": "Third party", "signOnMode": "OPENID_CONNECT",
		"settings": map[string]any{"oauthClient": map[string]any{
			"redirect_uris": []string{rpRedirect},
			"grant_types":   []string{"authorization_code", "refresh_token"},
		}},
	}, &app)
	if app.Credentials == nil || app.Credentials.OAuthClient == nil {
		t.Fatalf("created app has no OAuth client: %+v", app)
	}
	e.appID = app.ID
	e.provider, err = gooidc.NewProvider(t.Context(), base)
	if err != nil {
		t.Fatalf("discover idpsim: %v", err)
	}
	e.oauth = oauth2.Config{
		ClientID: app.Credentials.OAuthClient.ClientID, Endpoint: e.provider.Endpoint(),
		ClientSecret: app.Credentials.OAuthClient.ClientSecret, RedirectURL: rpRedirect,
		Scopes: []string{gooidc.ScopeOpenID, "profile", "email", "groups"},
	}
	return e
}

// admin calls the management API and decodes a JSON answer into out.
func (e *rpEnv) admin(want int, method, path string, body, out any) {
	e.t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(e.t.Context(), method, e.base+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "SSWS "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s = %d, want %d: %s", method, path, resp.StatusCode, want, got)
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			e.t.Fatalf("decode %s: %v", got, err)
		}
	}
}

// person creates an active user with a password, given at creation or,
// like an admin resetting it, through POST /api/v1/users/{id}.
func (e *rpEnv) person(login string, passwordLater bool) string {
	e.t.Helper()
	body := map[string]any{"profile": map[string]string{
		"login": login, "email": login, "firstName": "Pat", "lastName": "Doe",
	}}
	cred := map[string]any{"password": map[string]string{"value": "Pw-" + login}}
	if !passwordLater {
		body["credentials"] = cred
	}
	var u struct{ ID string }
	e.admin(http.StatusOK, "POST", "/api/v1/users?activate=true", body, &u)
	if passwordLater {
		e.admin(http.StatusOK, "POST", "/api/v1/users/"+u.ID, map[string]any{"credentials": cred},
			nil)
	}
	return u.ID
}

// authorize runs the browser's part: the authorization request, the sign-in
// form, and the redirect back, which it returns without following.
func (e *rpEnv) authorize(authURL, login string) *url.URL {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := b.Get(authURL)
	if err != nil {
		e.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form, ok := oidc.ParseSignInForm(string(page))
	if !ok {
		e.t.Fatalf("no sign-in form: %d %s", resp.StatusCode, page)
	}
	resp, err = b.PostForm(e.base+form.Action, form.Values(login, "Pw-"+login))
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		e.t.Fatalf("sign-in answered %d without a redirect", resp.StatusCode)
	}
	return loc
}

// flow starts a PKCE code flow and returns the code and its verifier.
func (e *rpEnv) flow(login string) (code, verifier string) {
	e.t.Helper()
	verifier = oauth2.GenerateVerifier()
	loc := e.authorize(e.oauth.AuthCodeURL("st-1", gooidc.Nonce("nonce-1"),
		oauth2.S256ChallengeOption(verifier)), login)
	if loc.Query().Get("state") != "st-1" || loc.Query().Get("code") == "" {
		e.t.Fatalf("redirected to %s, want a code and the state", loc)
	}
	return loc.Query().Get("code"), verifier
}

// TestThirdPartyRelyingParty completes a code flow with PKCE against the
// whole idpsim handler using golang.org/x/oauth2 and go-oidc, with an OIDC
// app, a user and an assignment made through the management API.
func TestThirdPartyRelyingParty(t *testing.T) {
	e := newRPEnv(t, nil)
	uid := e.person("pat@example.com", true)
	var g struct{ ID string }
	e.admin(http.StatusOK, "POST", "/api/v1/groups",
		map[string]any{"profile": map[string]string{"name": "Crew"}}, &g)
	e.admin(http.StatusNoContent, "PUT", "/api/v1/groups/"+g.ID+"/users/"+uid, nil, nil)
	e.admin(http.StatusOK, "PUT", "/api/v1/apps/"+e.appID+"/groups/"+g.ID, map[string]any{}, nil)

	ctx := t.Context()
	code, verifier := e.flow("pat@example.com")
	tok, err := e.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := e.provider.Verifier(&gooidc.Config{ClientID: e.oauth.ClientID}).Verify(ctx, raw)
	if err != nil {
		t.Fatalf("verify the ID token: %v", err)
	}
	var claims struct {
		Email     string   `json:"email"`
		Preferred string   `json:"preferred_username"`
		Groups    []string `json:"groups"`
	}
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	if idt.Subject != uid || idt.Nonce != "nonce-1" || claims.Email != "pat@example.com" ||
		claims.Preferred != "pat@example.com" || !slices.Equal(claims.Groups, []string{"Crew"}) {
		t.Errorf("ID token sub %s nonce %s claims %+v", idt.Subject, idt.Nonce, claims)
	}
	info, err := e.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil || info.Subject != uid || info.Email != "pat@example.com" {
		t.Errorf("userinfo = %+v, %v", info, err)
	}

	// The code is single use (RFC 6749 §4.1.2).
	_, err = e.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	wantOAuthError(t, err, "invalid_grant")
}

// TestThirdPartyRefusals drives the refusals of the issue through the whole
// handler: each gets the error RFC 6749 names for it.
func TestThirdPartyRefusals(t *testing.T) {
	clock := &skewClock{}
	e := newRPEnv(t, clock)
	uid := e.person("pat@example.com", false)
	e.person("out@example.com", false)
	e.admin(http.StatusOK, "POST", "/api/v1/apps/"+e.appID+"/users",
		map[string]any{"id": uid, "scope": "USER"}, nil)
	ctx := t.Context()

	t.Run("wrong redirect URI gets no redirect", func(t *testing.T) {
		other := e.oauth
		other.RedirectURL = "http://127.0.0.1:9/elsewhere"
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}).Get(other.AuthCodeURL("st"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" ||
			!strings.Contains(string(body), "invalid_request") {
			t.Errorf("got %d, Location %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
	})
	t.Run("bad PKCE verifier", func(t *testing.T) {
		code, _ := e.flow("pat@example.com")
		_, err := e.oauth.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		wantOAuthError(t, err, "invalid_grant")
	})
	t.Run("wrong client secret", func(t *testing.T) {
		code, verifier := e.flow("pat@example.com")
		wrong := e.oauth
		wrong.ClientSecret = "not-the-secret"
		_, err := wrong.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		wantOAuthError(t, err, "invalid_client")
	})
	t.Run("unassigned user", func(t *testing.T) {
		loc := e.authorize(e.oauth.AuthCodeURL("st-2"), "out@example.com")
		if loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "st-2" ||
			loc.Query().Get("code") != "" {
			t.Errorf("redirected to %s, want access_denied with the state", loc)
		}
	})
	t.Run("expired code", func(t *testing.T) {
		code, verifier := e.flow("pat@example.com")
		clock.skew.Store(int64(oidc.DefaultCodeTTL + time.Second))
		defer clock.skew.Store(0)
		_, err := e.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		wantOAuthError(t, err, "invalid_grant")
	})
	t.Run("deactivated user", func(t *testing.T) {
		code, verifier := e.flow("pat@example.com")
		e.admin(http.StatusOK, "POST", "/api/v1/users/"+uid+"/lifecycle/deactivate", nil, nil)
		_, err := e.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		wantOAuthError(t, err, "invalid_grant")
	})
}

func wantOAuthError(t *testing.T, err error, code string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != code {
		t.Errorf("err = %v, want the OAuth error %s", err, code)
	}
}
