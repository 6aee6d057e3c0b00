package oidc

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAuthorizeErrorsBeforeRedirect: a bad client or redirect URI is shown
// to the user and never redirected (RFC 6749 §4.1.2.1).
func TestAuthorizeErrorsBeforeRedirect(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name     string
		edit     func(url.Values)
		wantCode string
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "0oanobody") }, errInvalidClient},
		{"missing client", func(q url.Values) { q.Del("client_id") }, errInvalidRequest},
		{"unregistered redirect URI", func(q url.Values) {
			q.Set("redirect_uri", "https://evil.example/callback")
		}, errInvalidRequest},
		{"redirect URI with extra slash", func(q url.Values) {
			q.Set("redirect_uri", rpRedirect+"/")
		}, errInvalidRequest},
		{"redirect URI with extra query", func(q url.Values) {
			q.Set("redirect_uri", rpRedirect+"?next=/")
		}, errInvalidRequest},
		{"missing redirect URI", func(q url.Values) { q.Del("redirect_uri") }, errInvalidRequest},
		{"repeated parameter", func(q url.Values) { q.Add("state", "again") }, errInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := env.newBrowser().get(env.authorizeURL(tt.edit))
			if p.status != http.StatusBadRequest || p.location != nil {
				t.Fatalf("want a 400 page and no redirect, got %d to %v", p.status, p.location)
			}
			if !strings.Contains(p.body, `<code id="error-code">`+tt.wantCode+`</code>`) {
				t.Errorf("page does not name %s: %s", tt.wantCode, p.body)
			}
		})
	}
}

// TestAuthorizeErrorsRedirected: once client and redirect URI are known good,
// request errors go back to the client with the state (RFC 6749 §4.1.2.1).
func TestAuthorizeErrorsRedirected(t *testing.T) {
	env := newTestEnv(t)
	tests := []struct {
		name      string
		edit      func(url.Values)
		wantCode  string
		wantState string
	}{
		{
			"implicit response type", func(q url.Values) { q.Set("response_type", "token") },
			errUnsupportedResponseType, testState,
		},
		{
			"missing response type", func(q url.Values) { q.Del("response_type") },
			errInvalidRequest, testState,
		},
		{
			"no openid scope", func(q url.Values) { q.Set("scope", "profile") },
			errInvalidScope, testState,
		},
		{
			"unknown scope", func(q url.Values) { q.Set("scope", "openid admin") },
			errInvalidScope, testState,
		},
		{"missing state", func(q url.Values) { q.Del("state") }, errInvalidRequest, ""},
		{"plain PKCE", func(q url.Values) {
			q.Set("code_challenge", testVerifier)
			q.Set("code_challenge_method", "plain")
		}, errInvalidRequest, testState},
		{
			"PKCE method defaults to plain", func(q url.Values) { q.Del("code_challenge_method") },
			errInvalidRequest, testState,
		},
		{
			"malformed challenge", func(q url.Values) { q.Set("code_challenge", "short") },
			errInvalidRequest, testState,
		},
		{
			"unknown prompt", func(q url.Values) { q.Set("prompt", "dance") },
			errInvalidRequest, testState,
		},
		{
			"prompt none without session", func(q url.Values) { q.Set("prompt", "none") },
			errLoginRequired, testState,
		},
		{
			"form post response mode", func(q url.Values) { q.Set("response_mode", "form_post") },
			errInvalidRequest, testState,
		},
		{"public client without PKCE", func(q url.Values) {
			q.Set("client_id", publicID)
			q.Del("code_challenge")
			q.Del("code_challenge_method")
		}, errInvalidRequest, testState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := callback(t, env.newBrowser().get(env.authorizeURL(tt.edit)))
			if q.Get("error") != tt.wantCode || q.Get("error_description") == "" {
				t.Errorf("error = %q (%q), want %q", q.Get("error"),
					q.Get("error_description"), tt.wantCode)
			}
			if q.Get("state") != tt.wantState {
				t.Errorf("state = %q, want %q", q.Get("state"), tt.wantState)
			}
			if q.Get("code") != "" {
				t.Error("a code came with the error")
			}
		})
	}
}

// TestAuthorizeAcceptsPost: OIDC Core §3.1.2.1 lets the request come as a
// form post.
func TestAuthorizeAcceptsPost(t *testing.T) {
	env := newTestEnv(t)
	u, err := url.Parse(env.authorizeURL(nil))
	if err != nil {
		t.Fatal(err)
	}
	b := env.newBrowser()
	form := b.postForm(env.issuer+PathAuthorize, u.Query())
	if !isSignInForm(form) {
		t.Fatalf("want the sign-in form, got %d: %s", form.status, form.body)
	}
}
