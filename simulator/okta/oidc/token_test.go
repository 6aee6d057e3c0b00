package oidc

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTokenRefusals: each broken exchange gets the RFC 6749 §5.2 error.
func TestTokenRefusals(t *testing.T) {
	codeForm := func(code string) url.Values {
		return url.Values{
			"grant_type": {GrantAuthorizationCode}, "code": {code},
			"redirect_uri": {rpRedirect}, "code_verifier": {testVerifier},
		}
	}
	tests := []struct {
		name          string
		edit          func(env *testEnv, form url.Values) // may also move the clock
		basicID       string
		basicSecret   string
		wantStatus    int
		wantCode      string
		wantChallenge bool
	}{
		{
			name: "bad PKCE verifier", basicID: confidentialID, basicSecret: clientSecret,
			edit: func(_ *testEnv, f url.Values) {
				f.Set("code_verifier", strings.Repeat("x", 43))
			}, wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "missing PKCE verifier", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Del("code_verifier") },
			wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "malformed PKCE verifier", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Set("code_verifier", "short") },
			wantStatus: 400, wantCode: errInvalidRequest,
		},
		{
			name: "wrong secret, basic", basicID: confidentialID, basicSecret: "wrong",
			wantStatus: 401, wantCode: errInvalidClient, wantChallenge: true,
		},
		{name: "wrong secret, post", edit: func(_ *testEnv, f url.Values) {
			f.Set("client_id", confidentialID)
			f.Set("client_secret", "wrong")
		}, wantStatus: 401, wantCode: errInvalidClient},
		{name: "no secret for a confidential client", edit: func(_ *testEnv, f url.Values) {
			f.Set("client_id", confidentialID)
		}, wantStatus: 401, wantCode: errInvalidClient},
		{
			name: "unknown client", basicID: "0oanobody", basicSecret: clientSecret,
			wantStatus: 401, wantCode: errInvalidClient, wantChallenge: true,
		},
		{name: "no client at all", wantStatus: 401, wantCode: errInvalidClient},
		{
			name: "two authentication methods", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Set("client_secret", clientSecret) },
			wantStatus: 400, wantCode: errInvalidRequest,
		},
		{
			name: "expired code", basicID: confidentialID, basicSecret: clientSecret,
			edit: func(env *testEnv, _ url.Values) {
				env.clock.Advance(DefaultCodeTTL + 1)
			}, wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "code of another client", basicID: "0oanorefresh", basicSecret: clientSecret,
			wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "other redirect URI", basicID: confidentialID, basicSecret: clientSecret,
			edit: func(_ *testEnv, f url.Values) {
				f.Set("redirect_uri", "https://rp.example/other")
			}, wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "unknown code", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Set("code", "forged") },
			wantStatus: 400, wantCode: errInvalidGrant,
		},
		{
			name: "password grant", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Set("grant_type", "password") },
			wantStatus: 400, wantCode: errUnsupportedGrantType,
		},
		{
			name: "no grant type", basicID: confidentialID, basicSecret: clientSecret,
			edit:       func(_ *testEnv, f url.Values) { f.Del("grant_type") },
			wantStatus: 400, wantCode: errInvalidRequest,
		},
		{
			name: "refresh grant not allowed", basicID: "0oanorefresh", basicSecret: clientSecret,
			edit: func(_ *testEnv, f url.Values) {
				f.Set("grant_type", GrantRefreshToken)
				f.Set("refresh_token", "anything")
			}, wantStatus: 400, wantCode: errUnauthorizedClient,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t)
			form := codeForm(env.code(nil))
			if tt.edit != nil {
				tt.edit(env, form)
			}
			resp := env.post(PathToken, form, tt.basicID, tt.basicSecret)
			wantError(t, resp, tt.wantStatus, tt.wantCode)
			if resp.header.Get("Cache-Control") != "no-store" {
				t.Error("error response is cacheable")
			}
			challenge := resp.header.Get("WWW-Authenticate")
			if tt.wantChallenge != strings.HasPrefix(challenge, "Basic ") {
				t.Errorf("WWW-Authenticate = %q, want a Basic challenge: %v", challenge,
					tt.wantChallenge)
			}
		})
	}
}

// TestCodeReuseRevokesTokens: a code works once; presenting it again is
// refused and kills the tokens of the first exchange (RFC 6749 §4.1.2).
func TestCodeReuseRevokesTokens(t *testing.T) {
	env := newTestEnv(t)
	code := env.code(nil)
	first := env.exchange(code, testVerifier)
	if first.status != http.StatusOK {
		t.Fatalf("first exchange: %d %v", first.status, first.body)
	}
	if got := env.introspect(first.str("access_token")); got.body["active"] != true {
		t.Fatalf("access token inactive before the replay: %v", got.body)
	}

	wantError(t, env.exchange(code, testVerifier), http.StatusBadRequest, errInvalidGrant)
	for _, kind := range []string{"access_token", "refresh_token"} {
		if got := env.introspect(first.str(kind)); got.body["active"] != false {
			t.Errorf("%s still active after the replay: %v", kind, got.body)
		}
	}
	wantError(t, env.refresh(first.str("refresh_token")), http.StatusBadRequest, errInvalidGrant)
}

// TestTokenResponse: the success shape, with client_secret_post this time.
func TestTokenResponse(t *testing.T) {
	env := newTestEnv(t)
	form := url.Values{
		"grant_type": {GrantAuthorizationCode}, "code": {env.code(nil)},
		"redirect_uri": {rpRedirect}, "code_verifier": {testVerifier},
		"client_id": {confidentialID}, "client_secret": {clientSecret},
	}
	resp := env.post(PathToken, form, "", "")
	if resp.status != http.StatusOK {
		t.Fatalf("exchange: %d %v", resp.status, resp.body)
	}
	if resp.header.Get("Cache-Control") != "no-store" || resp.header.Get("Pragma") != "no-cache" {
		t.Errorf("token response is cacheable: %v", resp.header)
	}
	if resp.str("token_type") != "Bearer" || resp.str("scope") != defaultScopes ||
		resp.body["expires_in"] != float64(3600) {
		t.Errorf("token response = %v", resp.body)
	}
	for _, key := range []string{"access_token", "id_token", "refresh_token"} {
		if resp.str(key) == "" {
			t.Errorf("token response has no %s", key)
		}
	}
}
