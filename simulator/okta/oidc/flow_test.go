package oidc

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// TestRelyingPartyCodeFlow drives the provider with a third-party relying
// party: golang.org/x/oauth2 builds the request and exchanges the code with
// PKCE, go-oidc discovers the provider and verifies the ID token.
func TestRelyingPartyCodeFlow(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()

	provider, err := oidc.NewProvider(ctx, env.issuer)
	if err != nil {
		t.Fatalf("discover provider: %v", err)
	}
	conf := oauth2.Config{
		ClientID:     confidentialID,
		ClientSecret: clientSecret,
		Endpoint:     provider.Endpoint(),
		RedirectURL:  rpRedirect,
		Scopes:       []string{oidc.ScopeOpenID, "profile", "email", "groups"},
	}
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL(testState, oidc.Nonce(testNonce),
		oauth2.S256ChallengeOption(verifier))

	b := env.newBrowser()
	form := b.get(authURL)
	if form.status != http.StatusOK || !isSignInForm(form) {
		t.Fatalf("want the sign-in form, got %d: %s", form.status, form.body)
	}
	q := callback(t, b.signIn(env.issuer, form, alice.Login, alicePassword))
	if q.Get("state") != testState {
		t.Fatalf("state = %q, want %q", q.Get("state"), testState)
	}

	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange code: %v", err)
	}
	rawIDToken, ok := tok.Extra("id_token").(string)
	if !ok {
		t.Fatal("token response has no id_token")
	}
	idToken, err := provider.Verifier(&oidc.Config{ClientID: confidentialID, Now: env.clock.Now}).
		Verify(ctx, rawIDToken)
	if err != nil {
		t.Fatalf("verify id token: %v", err)
	}
	checkIDToken(t, env, idToken)
	if err := idToken.VerifyAccessToken(tok.AccessToken); err != nil {
		t.Errorf("at_hash: %v", err)
	}
	if tok.RefreshToken != "" {
		t.Errorf("refresh token issued without offline_access")
	}

	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	if info.Subject != alice.ID || info.Email != alice.Email || !info.EmailVerified {
		t.Errorf("userinfo = %+v, want alice's subject and verified email", info)
	}
}

func checkIDToken(t *testing.T, env *testEnv, idToken *oidc.IDToken) {
	t.Helper()
	if idToken.Issuer != env.issuer || idToken.Subject != alice.ID {
		t.Errorf("iss, sub = %q, %q; want %q, %q", idToken.Issuer, idToken.Subject,
			env.issuer, alice.ID)
	}
	if !slices.Equal(idToken.Audience, []string{confidentialID}) {
		t.Errorf("aud = %v, want [%s]", idToken.Audience, confidentialID)
	}
	if idToken.Nonce != testNonce {
		t.Errorf("nonce = %q, want %q", idToken.Nonce, testNonce)
	}
	var claims struct {
		Email             string   `json:"email"`
		Name              string   `json:"name"`
		PreferredUsername string   `json:"preferred_username"`
		Groups            []string `json:"groups"`
		AuthTime          int64    `json:"auth_time"`
	}
	if err := idToken.Claims(&claims); err != nil {
		t.Fatalf("decode claims: %v", err)
	}
	if claims.Email != alice.Email || claims.Name != alice.Name ||
		claims.PreferredUsername != alice.Login {
		t.Errorf("profile claims = %+v, want alice's", claims)
	}
	if !slices.Equal(claims.Groups, alice.Groups) {
		t.Errorf("groups = %v, want %v", claims.Groups, alice.Groups)
	}
	if claims.AuthTime != env.clock.Now().Unix() {
		t.Errorf("auth_time = %d, want %d", claims.AuthTime, env.clock.Now().Unix())
	}
}

// TestPublicClientCodeFlow: a client without a secret authenticates with its
// client_id alone and must use PKCE.
func TestPublicClientCodeFlow(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, env.issuer)
	if err != nil {
		t.Fatalf("discover provider: %v", err)
	}
	conf := oauth2.Config{
		ClientID: publicID, Endpoint: provider.Endpoint(), RedirectURL: rpRedirect,
		Scopes: []string{oidc.ScopeOpenID, oidc.ScopeOfflineAccess},
	}
	conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams

	verifier := oauth2.GenerateVerifier()
	b := env.newBrowser()
	form := b.get(conf.AuthCodeURL(testState, oauth2.S256ChallengeOption(verifier)))
	q := callback(t, b.signIn(env.issuer, form, alice.Login, alicePassword))
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange code: %v", err)
	}
	if tok.RefreshToken == "" {
		t.Error("no refresh token with offline_access")
	}
	raw, _ := tok.Extra("id_token").(string)
	verifierCfg := &oidc.Config{ClientID: publicID, Now: env.clock.Now}
	if _, err := provider.Verifier(verifierCfg).Verify(ctx, raw); err != nil {
		t.Fatalf("verify id token: %v", err)
	}

	// Without PKCE the same client is refused at the authorization endpoint.
	plain := b.get(conf.AuthCodeURL(testState))
	if got := callback(t, plain).Get("error"); got != errInvalidRequest {
		t.Errorf("authorize without PKCE: error = %q, want %q", got, errInvalidRequest)
	}
}
