package oidc

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSignInRefusals: the form is shown again with a message that says why,
// and no code is issued.
func TestSignInRefusals(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name, username, password string
		wantStatus               int
		wantMessage              string
	}{
		{"wrong password", alice.Login, "nope", http.StatusUnauthorized, MessageBadCredentials},
		{"unknown user", "nobody@example.com", "x", http.StatusUnauthorized, MessageBadCredentials},
		{
			"deactivated user", "dave@example.com", "Dave-Passw0rd!", http.StatusForbidden,
			MessageDeactivated,
		},
		{
			"suspended user", "sam@example.com", "Sam-Passw0rd!", http.StatusForbidden,
			MessageSuspended,
		},
		{
			"staged user", "stan@example.com", "Stan-Passw0rd!", http.StatusForbidden,
			MessageNotActivated,
		},
		{"empty password", alice.Login, "", http.StatusBadRequest, MessageMissingFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := env.newBrowser()
			form := b.get(env.authorizeURL(nil))
			got := b.signIn(env.issuer, form, tt.username, tt.password)
			if got.status != tt.wantStatus || signInError(got) != tt.wantMessage {
				t.Fatalf("got %d %q, want %d %q", got.status, signInError(got),
					tt.wantStatus, tt.wantMessage)
			}
			if !isSignInForm(got) || got.location != nil {
				t.Fatal("want the form again and no redirect")
			}

			// The same form can be retried with the right password.
			retry := b.signIn(env.issuer, got, alice.Login, alicePassword)
			if callback(t, retry).Get("code") == "" {
				t.Error("retry with good credentials got no code")
			}
		})
	}
}

// TestUnassignedUserDenied: Okta sends access_denied to the client with its
// own description.
func TestUnassignedUserDenied(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	form := b.get(env.authorizeURL(nil))
	q := callback(t, b.signIn(env.issuer, form, "bob@example.com", "Bob-Passw0rd!"))
	if q.Get("error") != errAccessDenied || q.Get("error_description") != MessageNotAssigned ||
		q.Get("state") != testState || q.Get("code") != "" {
		t.Errorf("callback = %v, want access_denied %q with state", q, MessageNotAssigned)
	}
}

// TestSignInFormCSRF: the form is only accepted from the browser it was
// rendered for, with its token.
func TestSignInFormCSRF(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name       string
		edit       func(url.Values)
		otherBrows bool
		wantStatus int
	}{
		{"missing token", func(f url.Values) { f.Del("csrf_token") }, false, http.StatusForbidden},
		{
			"wrong token", func(f url.Values) { f.Set("csrf_token", testVerifier) }, false,
			http.StatusForbidden,
		},
		{"posted from another browser", nil, true, http.StatusForbidden},
		{
			"unknown request", func(f url.Values) { f.Set("request_id", "forged") }, false,
			http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := env.newBrowser()
			action, fields := b.formFields(b.get(env.authorizeURL(nil)))
			fields.Set("username", alice.Login)
			fields.Set("password", alicePassword)
			if tt.edit != nil {
				tt.edit(fields)
			}
			poster := b
			if tt.otherBrows {
				poster = env.newBrowser()
			}
			got := poster.postForm(env.issuer+action, fields)
			if got.status != tt.wantStatus || got.location != nil {
				t.Errorf("got %d to %v, want %d and no redirect", got.status, got.location,
					tt.wantStatus)
			}
		})
	}
}

// TestLoginHintPrefillsEscaped: login_hint fills the username, HTML-escaped.
func TestLoginHintPrefillsEscaped(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct{ name, hint, want string }{
		{"login", alice.Login, `value="alice@example.com"`},
		{"markup", `"><script>alert(1)</script>`, `value="&#34;&gt;&lt;script&gt;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := env.newBrowser().get(env.authorizeURL(func(q url.Values) {
				q.Set("login_hint", tt.hint)
			}))
			if !strings.Contains(p.body, tt.want) || strings.Contains(p.body, "<script>") {
				t.Errorf("page does not hold %s escaped: %s", tt.want, p.body)
			}
			if p.header.Get("Cache-Control") != "no-store" ||
				p.header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("sign-in page headers = %v", p.header)
			}
		})
	}
}

// TestSessionSkipsForm: a second authorize in the same browser goes straight
// back with a code, unless the request or the session says otherwise.
func TestSessionSkipsForm(t *testing.T) {
	tests := []struct {
		name     string
		advance  time.Duration
		edit     func(url.Values)
		wantForm bool
	}{
		{"live session", 0, nil, false},
		{"prompt none", 0, func(q url.Values) { q.Set("prompt", "none") }, false},
		{"prompt login", 0, func(q url.Values) { q.Set("prompt", "login") }, true},
		{"max_age 0", 0, func(q url.Values) { q.Set("max_age", "0") }, true},
		{
			"max_age exceeded", 2 * time.Minute, func(q url.Values) { q.Set("max_age", "60") },
			true,
		},
		{
			"max_age respected", 30 * time.Second, func(q url.Values) { q.Set("max_age", "60") },
			false,
		},
		{"session expired", DefaultSessionTTL + time.Second, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			b := env.newBrowser()
			first := b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login, alicePassword)
			callback(t, first)
			env.clock.Advance(tt.advance)

			second := b.get(env.authorizeURL(tt.edit))
			if tt.wantForm {
				if !isSignInForm(second) {
					t.Fatalf("want the form, got %d to %v", second.status, second.location)
				}
				return
			}
			code := callback(t, second).Get("code")
			if resp := env.exchange(code, testVerifier); resp.status != http.StatusOK {
				t.Errorf("exchange of the second code: %d %v", resp.status, resp.body)
			}
		})
	}
}

// TestNewSignInReplacesSession: signing in again (prompt=login) ends the
// browser's previous session on the server.
func TestNewSignInReplacesSession(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login, alicePassword))
	authorizeURL, err := url.Parse(env.issuer + PathAuthorize)
	if err != nil {
		t.Fatal(err)
	}
	oldCookies := b.client.Jar.Cookies(authorizeURL)

	forced := b.get(env.authorizeURL(func(q url.Values) { q.Set("prompt", "login") }))
	callback(t, b.signIn(env.issuer, forced, alice.Login, alicePassword))

	replay := env.newBrowser()
	replay.client.Jar.SetCookies(authorizeURL, oldCookies)
	if !isSignInForm(replay.get(env.authorizeURL(nil))) {
		t.Error("the replaced session still works")
	}
	if isSignInForm(b.get(env.authorizeURL(nil))) {
		t.Error("the new session does not work")
	}
}
