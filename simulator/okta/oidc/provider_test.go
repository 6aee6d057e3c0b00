package oidc

import (
	"net/http"
	"net/url"
	"testing"
)

// TestReset drops sessions and tokens but keeps the signing key.
func TestReset(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login, alicePassword))
	tokens := env.tokens()
	kid := env.provider.keys.public.KeyID

	env.provider.Reset()

	if got := env.introspect(tokens.str("access_token")); got.body["active"] != false {
		t.Errorf("token survived Reset: %v", got.body)
	}
	if !isSignInForm(b.get(env.authorizeURL(nil))) {
		t.Error("session survived Reset")
	}
	if env.provider.keys.public.KeyID != kid {
		t.Error("Reset changed the signing key")
	}
	env.verifyIDToken(env.tokens().str("id_token"))
}

// TestPanicRendersServerError: a panic in the directory becomes an RFC 6749
// server_error, not a dropped connection.
func TestPanicRendersServerError(t *testing.T) {
	env := newTestEnv(t)
	tokens := env.tokens()
	env.dir.setPanicky(true)
	got := env.userinfo(tokens.str("access_token"))
	if got.status != http.StatusInternalServerError || got.str("error") != errServerError {
		t.Errorf("userinfo with a panicking directory: %d %v", got.status, got.body)
	}
}

// TestEndUserSessions: ending a user's sessions revokes their tokens and
// sessions by itself, whatever the directory says; other users keep theirs.
func TestEndUserSessions(t *testing.T) {
	env := newTestEnv(t)
	b := env.newBrowser()
	callback(t, b.signIn(env.issuer, b.get(env.authorizeURL(nil)), alice.Login, alicePassword))
	tokens := env.tokens()
	pendingCode := env.code(nil)

	env.dir.addUser(Subject{ID: "00ucarol", Login: "carol@example.com"}, "Carol-Passw0rd!",
		"ACTIVE")
	env.dir.addClient(Client{
		ID: "0oaother", Secret: clientSecret, RedirectURIs: []string{rpRedirect},
	}, "00ucarol")
	other := env.newBrowser()
	otherForm := other.get(env.authorizeURL(func(q url.Values) { q.Set("client_id", "0oaother") }))
	callback(t, other.signIn(env.issuer, otherForm, "carol@example.com", "Carol-Passw0rd!"))

	env.provider.EndUserSessions(alice.ID)

	for _, kind := range []string{"access_token", "refresh_token"} {
		if got := env.introspect(tokens.str(kind)); got.body["active"] != false {
			t.Errorf("%s still active: %v", kind, got.body)
		}
	}
	wantError(t, env.exchange(pendingCode, testVerifier), http.StatusBadRequest, errInvalidGrant)
	if !isSignInForm(b.get(env.authorizeURL(nil))) {
		t.Error("alice's session survived")
	}
	carolAgain := other.get(env.authorizeURL(func(q url.Values) { q.Set("client_id", "0oaother") }))
	if callback(t, carolAgain).Get("code") == "" {
		t.Error("another user's session was ended too")
	}
}

// TestConcurrentFlows runs whole flows side by side on one provider, so that
// the race detector sees the store under load.
func TestConcurrentFlows(t *testing.T) {
	env := newTestEnv(t)
	for i := range 16 {
		t.Run("flow", func(t *testing.T) {
			t.Parallel()
			sub := *env
			sub.t = t
			tokens := sub.tokens()
			refreshed := sub.refresh(tokens.str("refresh_token"))
			if refreshed.status != http.StatusOK {
				t.Fatalf("flow %d refresh: %d %v", i, refreshed.status, refreshed.body)
			}
			if got := sub.introspect(refreshed.str("access_token")); got.body["active"] != true {
				t.Errorf("flow %d introspect: %v", i, got.body)
			}
		})
	}
}
