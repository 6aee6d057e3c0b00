package oidc

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
)

// TestRefresh: a refresh token yields a new access token and a new ID token
// without a nonce; it can narrow the scopes but not widen them.
func TestRefresh(t *testing.T) {
	env := newTestEnv(t)
	first := env.tokens()

	resp := env.refresh(first.str("refresh_token"))
	if resp.status != http.StatusOK {
		t.Fatalf("refresh: %d %v", resp.status, resp.body)
	}
	if resp.str("access_token") == first.str("access_token") ||
		resp.str("refresh_token") != first.str("refresh_token") {
		t.Errorf("want a new access token and the same refresh token: %v", resp.body)
	}
	idToken := env.verifyIDToken(resp.str("id_token"))
	if idToken.Nonce != "" || idToken.Subject != alice.ID {
		t.Errorf("refreshed id token: nonce %q, sub %q", idToken.Nonce, idToken.Subject)
	}
	if got := env.userinfo(resp.str("access_token")); got.str("sub") != alice.ID {
		t.Errorf("userinfo with the new access token: %d %v", got.status, got.body)
	}

	narrow := url.Values{
		"grant_type": {GrantRefreshToken}, "refresh_token": {first.str("refresh_token")},
		"scope": {"openid email"},
	}
	got := env.post(PathToken, narrow, confidentialID, clientSecret)
	if got.status != http.StatusOK || got.str("scope") != "openid email" {
		t.Errorf("narrowed refresh: %d %v", got.status, got.body)
	}
	narrow.Set("scope", "openid email phone")
	wantError(t, env.post(PathToken, narrow, confidentialID, clientSecret),
		http.StatusBadRequest, errInvalidScope)

	// A refresh token is not an access token, nor the other way round.
	wantError(t, env.refresh(first.str("access_token")), http.StatusBadRequest, errInvalidGrant)
	if got := env.userinfo(first.str("refresh_token")); got.status != http.StatusUnauthorized {
		t.Errorf("userinfo with a refresh token: %d", got.status)
	}
}

func (e *testEnv) verifyIDToken(raw string) *oidc.IDToken {
	e.t.Helper()
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, e.issuer)
	if err != nil {
		e.t.Fatalf("discover provider: %v", err)
	}
	cfg := &oidc.Config{ClientID: confidentialID, Now: e.clock.Now}
	idToken, err := provider.Verifier(cfg).Verify(ctx, raw)
	if err != nil {
		e.t.Fatalf("verify id token: %v", err)
	}
	return idToken
}

// TestDeactivation: deactivating a user in the directory and ending their
// sessions refuses sign-in, refresh and userinfo, and introspection answers
// inactive; after reactivation the user signs in again.
func TestDeactivation(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	code := callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login,
		alicePassword)).Get("code")
	tokens := env.exchange(code, testVerifier)

	env.dir.setStatus(alice.ID, "DEPROVISIONED")
	env.provider.EndUserSessions(alice.ID)

	wantError(t, env.refresh(tokens.str("refresh_token")), http.StatusBadRequest, errInvalidGrant)
	for _, kind := range []string{"access_token", "refresh_token"} {
		if got := env.introspect(tokens.str(kind)); got.status != 200 || got.body["active"] != false {
			t.Errorf("introspect %s: %d %v, want active false", kind, got.status, got.body)
		}
	}
	info := env.userinfo(tokens.str("access_token"))
	if info.status != http.StatusUnauthorized ||
		!strings.Contains(info.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("userinfo: %d %v", info.status, info.header)
	}

	form := b.get(env.authorizeURL(nil))
	if !isSignInForm(form) {
		t.Fatalf("session survived: %d to %v", form.status, form.location)
	}
	refused := b.signIn(env.issuer, form, alice.Login, alicePassword)
	if refused.status != http.StatusForbidden || signInError(refused) != MessageDeactivated {
		t.Errorf("sign-in: %d %q, want 403 %q", refused.status, signInError(refused),
			MessageDeactivated)
	}

	env.dir.setStatus(alice.ID, "ACTIVE")
	again := b.signIn(env.issuer, refused, alice.Login, alicePassword)
	if resp := env.exchange(callback(t, again).Get("code"), testVerifier); resp.status != 200 {
		t.Errorf("exchange after reactivation: %d %v", resp.status, resp.body)
	}
}

// TestInactiveWithoutEndingSessions: even before EndUserSessions is called,
// every check reads the directory's current state.
func TestInactiveWithoutEndingSessions(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	code := callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login,
		alicePassword)).Get("code")

	env.dir.setStatus(alice.ID, "SUSPENDED")
	wantError(t, env.exchange(code, testVerifier), http.StatusBadRequest, errInvalidGrant)
	if form := b.get(env.authorizeURL(nil)); !isSignInForm(form) {
		t.Errorf("session of a suspended user still used: %d to %v", form.status, form.location)
	}

	env.dir.setStatus(alice.ID, "ACTIVE")
	tokens := env.tokens()
	env.dir.setStatus(alice.ID, "SUSPENDED")
	wantError(t, env.refresh(tokens.str("refresh_token")), http.StatusBadRequest, errInvalidGrant)
	if got := env.introspect(tokens.str("access_token")); got.body["active"] != false {
		t.Errorf("introspect: %v, want active false", got.body)
	}
	if got := env.userinfo(tokens.str("access_token")); got.status != http.StatusUnauthorized {
		t.Errorf("userinfo: %d, want 401", got.status)
	}
}

// TestRevoke: RFC 7009. Revoking an access token kills only it; revoking the
// refresh token kills its grant.
func TestRevoke(t *testing.T) {
	env := newTestEnv(t)
	tokens := env.tokens()
	revoke := func(tok, clientID string) apiResponse {
		t.Helper()
		return env.post(PathRevoke, url.Values{"token": {tok}}, clientID, clientSecret)
	}

	if got := revoke(tokens.str("access_token"), confidentialID); got.status != http.StatusOK {
		t.Fatalf("revoke access token: %d %v", got.status, got.body)
	}
	if got := env.userinfo(tokens.str("access_token")); got.status != http.StatusUnauthorized {
		t.Errorf("userinfo after revoke: %d", got.status)
	}
	refreshed := env.refresh(tokens.str("refresh_token"))
	if refreshed.status != http.StatusOK {
		t.Fatalf("refresh after access token revoke: %d %v", refreshed.status, refreshed.body)
	}

	wantError(t, revoke(tokens.str("refresh_token"), "0oanorefresh"), 400, errInvalidRequest)
	if got := revoke(tokens.str("refresh_token"), confidentialID); got.status != http.StatusOK {
		t.Fatalf("revoke refresh token: %d %v", got.status, got.body)
	}
	wantError(t, env.refresh(tokens.str("refresh_token")), http.StatusBadRequest, errInvalidGrant)
	if got := env.introspect(refreshed.str("access_token")); got.body["active"] != false {
		t.Errorf("access token of a revoked grant: %v", got.body)
	}
	if got := revoke("never-issued", confidentialID); got.status != http.StatusOK {
		t.Errorf("revoke unknown token: %d, want 200", got.status)
	}
	wantError(t, revoke(tokens.str("access_token"), confidentialID+"x"), 401, errInvalidClient)
}

// TestIntrospect: RFC 7662 for a live token, and inactive for other clients.
func TestIntrospect(t *testing.T) {
	env := newTestEnv(t)
	tokens := env.tokens()
	got := env.introspect(tokens.str("access_token"))
	want := map[string]any{
		"active": true, "client_id": confidentialID, "username": alice.Login,
		"sub": alice.Login, "uid": alice.ID, "token_type": "Bearer", "scope": defaultScopes,
		"iss": env.issuer,
	}
	for k, v := range want {
		if got.body[k] != v {
			t.Errorf("introspect %s = %v, want %v", k, got.body[k], v)
		}
	}
	wantExp := env.clock.Now().Add(DefaultAccessTokenTTL).Unix()
	if exp, _ := got.body["exp"].(float64); int64(exp) != wantExp {
		t.Errorf("exp = %v", got.body["exp"])
	}

	other := env.post(PathIntrospect, url.Values{"token": {tokens.str("access_token")}},
		"0oanorefresh", clientSecret)
	if len(other.body) != 1 || other.body["active"] != false {
		t.Errorf("introspect by another client: %v, want only active false", other.body)
	}
	wantError(t, env.post(PathIntrospect, url.Values{}, confidentialID, clientSecret),
		http.StatusBadRequest, errInvalidRequest)
}
