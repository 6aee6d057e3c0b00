package oidc

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLogout: RP-initiated logout ends the browser's session and redirects
// only to a registered post-logout URI named through a valid id_token_hint.
func TestLogout(t *testing.T) {
	tests := []struct {
		name         string
		params       func(idToken string) url.Values
		wantStatus   int
		wantRedirect string
		wantEnded    bool
	}{
		{"registered redirect", func(idToken string) url.Values {
			return url.Values{
				"id_token_hint": {idToken}, "post_logout_redirect_uri": {rpLogout},
				"state": {"bye"},
			}
		}, http.StatusFound, rpLogout + "?state=bye", true},
		{"no redirect", func(idToken string) url.Values {
			return url.Values{"id_token_hint": {idToken}}
		}, http.StatusOK, "", true},
		{"no hint", func(string) url.Values { return url.Values{} }, http.StatusOK, "", true},
		{"unregistered redirect", func(idToken string) url.Values {
			return url.Values{
				"id_token_hint":            {idToken},
				"post_logout_redirect_uri": {"https://evil.example/"},
			}
		}, http.StatusBadRequest, "", false},
		{"redirect without hint", func(string) url.Values {
			return url.Values{"post_logout_redirect_uri": {rpLogout}}
		}, http.StatusBadRequest, "", false},
		{"tampered hint", func(idToken string) url.Values {
			return url.Values{
				"id_token_hint":            {idToken[:len(idToken)-4] + "AAAA"},
				"post_logout_redirect_uri": {rpLogout},
			}
		}, http.StatusBadRequest, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			b := env.newBrowser()
			code := callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login,
				alicePassword)).Get("code")
			idToken := env.exchange(code, testVerifier).str("id_token")

			issuerURL, err := url.Parse(env.issuer + PathAuthorize)
			if err != nil {
				t.Fatal(err)
			}
			cookies := b.client.Jar.Cookies(issuerURL)

			got := b.get(env.issuer + PathLogout + "?" + tt.params(idToken).Encode())
			if got.status != tt.wantStatus {
				t.Fatalf("logout: %d, want %d: %s", got.status, tt.wantStatus, got.body)
			}
			if tt.wantRedirect != "" && got.location.String() != tt.wantRedirect {
				t.Errorf("redirect = %v, want %s", got.location, tt.wantRedirect)
			}
			if tt.wantStatus == http.StatusOK && !strings.Contains(got.body, "You are signed out.") {
				t.Errorf("logout page: %s", got.body)
			}
			ended := isSignInForm(b.get(env.authorizeURL(nil)))
			if ended != tt.wantEnded {
				t.Errorf("session ended = %v, want %v", ended, tt.wantEnded)
			}

			// The session must be gone on the server, not only from the browser.
			replay := env.newBrowser()
			replay.client.Jar.SetCookies(issuerURL, cookies)
			if ended := isSignInForm(replay.get(env.authorizeURL(nil))); ended != tt.wantEnded {
				t.Errorf("old session cookie ended = %v, want %v", ended, tt.wantEnded)
			}
		})
	}
}
