package castai

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSignInNewJoiner(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	b := e.newBrowser(nil)
	in := e.signedIn(b, "ann@acme.test")

	if !in.NewJoiner || in.User.Username != "ann@acme.test" || in.User.Name != "Ann Test" ||
		in.User.Email != "ann@acme.test" || !in.User.ScimActive || in.User.AuthProvider != "okta" {
		t.Errorf("sign-in answer = %+v", in)
	}
	if got := kinds(e.access(in.User.ID)); !slices.Equal(got, []string{"new-joiner:Viewer"}) {
		t.Errorf("access = %v, want the default role as a new joiner", got)
	}

	// The bearer token and the browser's cookie are the same session.
	var me Me
	r := e.withSession(in.SessionToken, "GET", "/v1/me", "")
	mustCode(t, r, http.StatusOK)
	if err := json.Unmarshal(r.body, &me); err != nil || me.User == nil ||
		me.User.User.ID != in.User.ID || me.Principal.Kind != PrincipalSession ||
		me.User.LoginAt == nil || len(me.Access) != 1 {
		t.Errorf("/v1/me = %s", r.body)
	}
	if p := b.do("GET", e.castURL+"/v1/me", nil); p.code != http.StatusOK ||
		!strings.Contains(p.body, in.User.ID) {
		t.Errorf("/v1/me with the cookie = %d %s", p.code, p.body)
	}

	// A second sign-in finds the same user and adds no binding.
	again := e.signedIn(e.newBrowser(nil), "ann@acme.test")
	if again.NewJoiner || again.User.ID != in.User.ID || len(e.access(in.User.ID)) != 1 {
		t.Errorf("second sign-in = %+v, access %v", again, e.access(in.User.ID))
	}
}

func TestSignInBrowserLandsOnReturnTo(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	b := e.newBrowser(nil)
	b.hc.CheckRedirect = nil
	login := e.castURL + "/v1/auth/login?login_hint=bob@acme.test&return_to=" +
		url.QueryEscape("/v1/organizations/"+DefaultOrgID+"/roles")
	p := b.do("GET", login, nil)
	form, _ := parseForm(t, p)
	if form.Username != "bob@acme.test" {
		t.Errorf("login_hint not passed on: form username %q", form.Username)
	}
	req, _ := http.NewRequestWithContext(t.Context(), "POST",
		p.url.ResolveReference(&url.URL{Path: form.Action}).String(),
		strings.NewReader(form.Values("bob@acme.test", ssoPassword).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/v1/organizations/"+
		DefaultOrgID+"/roles" {
		t.Errorf("browser ended at %d %s, want the return_to page", resp.StatusCode,
			resp.Request.URL)
	}
	for _, c := range b.hc.Jar.Cookies(resp.Request.URL) {
		if c.Name == SessionCookie && c.Value != "" {
			return
		}
	}
	t.Errorf("no %s cookie after sign-in", SessionCookie)
}

func TestInactiveUserCannotSignIn(t *testing.T) {
	for _, defect := range []string{"", DefectInactiveCanSignIn} {
		t.Run("defect="+defect, func(t *testing.T) {
			e := newSSOEnv(t, ssoOptions{defects: nonEmpty(defect)})
			id := e.provision("bob@acme.test")
			e.setActive(id, false)
			p := e.newBrowser(nil).signIn(e.castURL+"/v1/auth/login?email=bob@acme.test",
				"bob@acme.test")
			refused := p.code == http.StatusForbidden &&
				strings.Contains(messageOf(t, p.body), "inactive")
			if refused != (defect == "") {
				t.Fatalf("sign-in of an inactive user: %d %s", p.code, p.body)
			}
			if defect == "" && e.srv.sessions.count(id) != 0 {
				t.Errorf("a refused sign-in left a session")
			}

			e.setActive(id, true)
			if in := e.signedIn(e.newBrowser(nil), "bob@acme.test"); in.User.ID != id {
				t.Errorf("reactivated user signed in as %s, want %s", in.User.ID, id)
			}
		})
	}
}

func TestSessionEndsWhenUserDeactivated(t *testing.T) {
	for _, defect := range []string{"", DefectSessionsSurviveDeactivation} {
		t.Run("defect="+defect, func(t *testing.T) {
			e := newSSOEnv(t, ssoOptions{defects: nonEmpty(defect)})
			id := e.provision("cid@acme.test")
			in := e.signedIn(e.newBrowser(nil), "cid@acme.test")
			mustCode(t, e.withSession(in.SessionToken, "GET", orgPath+"/users", ""), 200)

			e.setActive(id, false)
			r := e.withSession(in.SessionToken, "GET", orgPath+"/users", "")
			if defect != "" {
				mustCode(t, r, http.StatusOK)
				return
			}
			mustCode(t, r, http.StatusUnauthorized)
			if msg := messageOf(t, string(r.body)); !strings.Contains(msg, "session was ended") {
				t.Errorf("message %q does not say the session was ended", msg)
			}
			if n := e.srv.sessions.count(id); n != 0 {
				t.Errorf("%d sessions left after the refusal", n)
			}
			e.setActive(id, true)
			r = e.withSession(in.SessionToken, "GET", "/v1/me", "")
			mustCode(t, r, http.StatusUnauthorized)
			if in2 := e.signedIn(e.newBrowser(nil), "cid@acme.test"); in2.User.ID != id {
				t.Errorf("signed in again as %s, want %s", in2.User.ID, id)
			}
		})
	}
}

func TestSessionEndsWhenUserRemoved(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	in := e.signedIn(e.newBrowser(nil), "ann@acme.test")
	mustCode(t, e.console("DELETE", orgPath+"/users/"+in.User.ID, ""), http.StatusNoContent)
	r := e.withSession(in.SessionToken, "GET", "/v1/me", "")
	mustCode(t, r, http.StatusUnauthorized)
	if msg := messageOf(t, string(r.body)); !strings.Contains(msg, "no longer exists") {
		t.Errorf("message %q", msg)
	}
}

func TestSessionExpiresAndLogout(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	in := e.signedIn(e.newBrowser(nil), "ann@acme.test")
	if d := time.Until(in.ExpiresAt); d < DefaultSessionTTL-time.Minute || d > DefaultSessionTTL {
		t.Errorf("session expires in %s, want about %s", d, DefaultSessionTTL)
	}
	e.skew.Store(int64(DefaultSessionTTL + time.Second))
	mustCode(t, e.withSession(in.SessionToken, "GET", "/v1/me", ""), http.StatusUnauthorized)

	e.skew.Store(0)
	in = e.signedIn(e.newBrowser(nil), "ann@acme.test")
	mustCode(t, e.withSession(in.SessionToken, "POST", "/v1/auth/logout", ""), 204)
	mustCode(t, e.withSession(in.SessionToken, "GET", "/v1/me", ""), http.StatusUnauthorized)
}

func TestSessionWritesNeedOwner(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	in := e.signedIn(e.newBrowser(nil), "ann@acme.test")
	body := `{"name":"Team","description":"d"}`
	r := e.withSession(in.SessionToken, "POST", orgPath+"/groups", body)
	mustCode(t, r, http.StatusForbidden)
	if msg := messageOf(t, string(r.body)); !strings.Contains(msg, "Owner") {
		t.Errorf("message %q does not name the role needed", msg)
	}
	e.bindUser(in.User.ID, RoleOwner)
	mustCode(t, e.withSession(in.SessionToken, "POST", orgPath+"/groups", body), http.StatusOK)
}

func TestSignInRefusals(t *testing.T) {
	tests := []struct {
		name     string
		opts     ssoOptions
		user     string
		tamper   func(e *ssoEnv, callback *url.URL, b *browser)
		wantCode int
		wantMsg  string
	}{
		{
			name: "user not assigned in Okta", user: "out@acme.test",
			wantCode: http.StatusForbidden, wantMsg: "access_denied",
		},
		{
			name: "wrong client secret", user: "ann@acme.test", opts: ssoOptions{secret: "wrong"},
			wantCode: http.StatusUnauthorized, wantMsg: "invalid_client",
		},
		{
			name: "state from another browser", user: "ann@acme.test",
			tamper: func(e *ssoEnv, _ *url.URL, b *browser) {
				u, _ := url.Parse(e.castURL + "/v1/auth/callback")
				b.hc.Jar.SetCookies(u, []*http.Cookie{
					{Name: LoginCookie, Value: "other", Path: "/v1/auth"},
				})
			},
			wantCode: http.StatusBadRequest, wantMsg: "another browser",
		},
		{
			name: "unknown state", user: "ann@acme.test",
			tamper: func(_ *ssoEnv, cb *url.URL, _ *browser) {
				q := cb.Query()
				q.Set("state", "forged")
				cb.RawQuery = q.Encode()
			},
			wantCode: http.StatusBadRequest, wantMsg: "expired or was already used",
		},
		{
			name: "nonce of another sign-in", user: "ann@acme.test",
			tamper: func(e *ssoEnv, cb *url.URL, _ *browser) {
				l := e.srv.logins
				l.mu.Lock()
				p := l.byState[cb.Query().Get("state")]
				p.Nonce = "another"
				l.byState[cb.Query().Get("state")] = p
				l.mu.Unlock()
			},
			wantCode: http.StatusUnauthorized, wantMsg: "nonce",
		},
		{
			name: "code not from the IdP", user: "ann@acme.test",
			tamper: func(_ *ssoEnv, cb *url.URL, _ *browser) {
				q := cb.Query()
				q.Set("code", "forged")
				cb.RawQuery = q.Encode()
			},
			wantCode: http.StatusUnauthorized, wantMsg: "invalid_grant",
		},
		{
			name: "ID token expired by castsim's clock", user: "ann@acme.test",
			tamper: func(e *ssoEnv, cb *url.URL, _ *browser) {
				e.skew.Store(int64(2 * time.Hour))
				l := e.srv.logins
				l.mu.Lock()
				p := l.byState[cb.Query().Get("state")]
				p.Expires = p.Expires.Add(3 * time.Hour)
				l.byState[cb.Query().Get("state")] = p
				l.mu.Unlock()
			},
			wantCode: http.StatusUnauthorized, wantMsg: "ID token is not valid",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newSSOEnv(t, tt.opts)
			b := e.newBrowser(nil)
			b.hc.CheckRedirect = stopAt(e.castURL + "/v1/auth/callback")
			p := b.signIn(e.castURL+"/v1/auth/login?email="+tt.user, tt.user)
			cb := redirectTarget(t, p)
			if tt.tamper != nil {
				tt.tamper(e, cb, b)
			}
			b.hc.CheckRedirect = nil
			got := b.do("GET", cb.String(), nil)
			if got.code != tt.wantCode || !strings.Contains(messageOf(t, got.body), tt.wantMsg) {
				t.Fatalf("callback = %d %s, want %d with %q", got.code, got.body, tt.wantCode,
					tt.wantMsg)
			}
			if n := len(e.srv.store.UsersByUserName(tt.user)); n != 0 {
				t.Errorf("a refused sign-in created the user")
			}
			replay := b.do("GET", cb.String(), nil)
			if replay.code < 400 || replay.code >= 500 {
				t.Errorf("replayed callback = %d %s", replay.code, replay.body)
			}
		})
	}
}

func TestLoginRequestRefusals(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	tests := []struct {
		name, query, wantMsg string
		wantCode             int
	}{
		{"open redirect", "return_to=//evil.test/x", "return_to", http.StatusBadRequest},
		{"absolute return_to", "return_to=https://evil.test", "return_to", http.StatusBadRequest},
		{"unknown connection", "connection_id=nope", "not found", http.StatusBadRequest},
		{"callback without state", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantCode == 0 {
				r := e.do("GET", "/v1/auth/callback?code=x", "", nil)
				mustCode(t, r, http.StatusBadRequest)
				return
			}
			r := e.do("GET", "/v1/auth/login?"+tt.query, "", nil)
			mustCode(t, r, tt.wantCode)
			if msg := messageOf(t, string(r.body)); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q, want %q in it", msg, tt.wantMsg)
			}
		})
	}
}

func TestLoginRedirectCarriesPKCEAndNonce(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	r := e.do("GET", "/v1/auth/login?email=ann@acme.test", "", nil)
	mustCode(t, r, http.StatusFound)
	to, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	q := to.Query()
	if to.String()[:len(e.idpURL)] != e.idpURL || to.Path != "/oauth2/v1/authorize" {
		t.Errorf("redirected to %s", to)
	}
	for key, want := range map[string]string{
		"client_id": ssoClientID, "response_type": "code", "code_challenge_method": "S256",
		"redirect_uri": e.castURL + "/v1/auth/callback", "login_hint": "ann@acme.test",
	} {
		if q.Get(key) != want {
			t.Errorf("%s = %q, want %q", key, q.Get(key), want)
		}
	}
	for _, key := range []string{"state", "nonce", "code_challenge"} {
		if len(q.Get(key)) < 32 {
			t.Errorf("%s = %q, want a long random value", key, q.Get(key))
		}
	}
	if !strings.Contains(q.Get("scope"), "openid") || !strings.Contains(r.header.Get("Set-Cookie"),
		LoginCookie+"="+q.Get("state")) {
		t.Errorf("scope %q, cookie %q", q.Get("scope"), r.header.Get("Set-Cookie"))
	}
}

// TestBackchannel runs castsim against an idpsim whose public URL no one
// can dial: browsers are routed to it, castsim must use the back channel,
// and the ID token's issuer is still the public URL.
func TestBackchannel(t *testing.T) {
	const public = "http://idp.public.test:8080"
	e := newSSOEnv(t, ssoOptions{publicIDP: public})
	b := e.newBrowser(map[string]string{"idp.public.test:8080": strings.TrimPrefix(e.idpURL,
		"http://")})
	in := e.signedIn(b, "ann@acme.test")
	if !in.NewJoiner {
		t.Errorf("sign-in through the back channel = %+v", in)
	}

	direct := newSSOEnv(t, ssoOptions{})
	direct.srv.cfg.SSOBackchannelURL = ""
	_, err := direct.srv.relyingParty(t.Context(), connWithDomain(public))
	if err == nil {
		t.Errorf("castsim reached %s without a back channel", public)
	}
}

func TestLoginConnectionChoice(t *testing.T) {
	e := newEnv(t)
	secret := `"clientSecret":"s"`
	mk := func(domain string, extra ...string) string {
		body := `{"name":"` + domain + `","emailDomain":"` + domain + `","additionalEmailDomains":["` +
			strings.Join(extra, `","`) + `"],"okta":{"oktaDomain":"https://` + domain +
			`","clientId":"c",` + secret + `}}`
		r := e.console("POST", ssoPath, body)
		mustCode(t, r, http.StatusOK)
		return r.object(t)["id"].(string)
	}
	acme, beta := mk("acme.test", "acme.example"), mk("beta.test")
	tests := []struct {
		id, email, want, wantMsg string
	}{
		{"", "ann@acme.test", acme, ""},
		{"", "ann@ACME.example", acme, ""},
		{"", "bob@beta.test", beta, ""},
		{beta, "ann@acme.test", beta, ""},
		{"", "cid@other.test", "", "other.test"},
		{"", "", "", "connection_id"},
		{"nope", "", "", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.email, func(t *testing.T) {
			got, msg := e.srv.loginConnection(tt.id, tt.email)
			if got.ID != tt.want || (tt.wantMsg != "" && !strings.Contains(msg, tt.wantMsg)) {
				t.Errorf("loginConnection = %q, %q; want %q, %q", got.ID, msg, tt.want, tt.wantMsg)
			}
		})
	}

	only := newEnv(t)
	if got, msg := only.srv.loginConnection("", "x@anything.test"); got.ID !=
		PreSeededConnectionID {
		t.Errorf("the only connection was not chosen: %q %q", got.ID, msg)
	}
}

// TestSignInThroughOIDCConnection signs in through a connection with a
// generic oidc block (issuerUrl) instead of an okta block.
func TestSignInThroughOIDCConnection(t *testing.T) {
	e := newSSOEnv(t, ssoOptions{})
	r := e.console("POST", ssoPath, `{"name":"Generic","emailDomain":"acme.test",`+
		`"oidc":{"issuerUrl":"`+e.idpURL+`/","clientId":"`+ssoClientID+
		`","clientSecret":"`+ssoSecret+`"}}`)
	mustCode(t, r, http.StatusOK)
	id := r.object(t)["id"].(string)

	b := e.newBrowser(nil)
	p := b.signIn(e.castURL+"/v1/auth/login?connection_id="+id, "bob@acme.test")
	var in SignIn
	if err := json.Unmarshal([]byte(p.body), &in); err != nil || p.code != http.StatusOK {
		t.Fatalf("sign-in = %d %s", p.code, p.body)
	}
	if in.User.AuthProvider != "oidc" || !in.NewJoiner {
		t.Errorf("signed in as %+v, want a new joiner of the oidc connection", in.User)
	}
}
