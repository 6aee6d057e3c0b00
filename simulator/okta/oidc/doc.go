// Package oidc is idpsim's OpenID Connect provider: Okta's org authorization
// server, whose issuer is the org URL itself. It serves discovery
// (/.well-known/openid-configuration) and /oauth2/v1/{authorize, token,
// userinfo, keys, logout, revoke, introspect}.
//
// The provider owns no users or apps. It asks a Directory (implemented by the
// idpsim core) who may sign in, what a user looks like now, which OIDC apps
// exist and who is assigned to them. It owns only what Okta's authorization
// server owns: sign-in sessions, authorization codes, tokens and the signing
// key. All of that lives in memory and is dropped by Reset.
//
// The authorization code flow runs like this:
//
//  1. GET /oauth2/v1/authorize checks the client and the exact redirect_uri
//     first; a bad one gets an HTML error page and no redirect (RFC 6749
//     §4.1.2.1). Other request errors are redirected to the client.
//  2. Without a live session cookie (or with prompt=login or max_age=0) the
//     provider answers with an HTML sign-in form bound to the pending request
//     and to a CSRF cookie. The form posts to /oauth2/v1/signin; a refusal
//     shows the form again with a message (401 for bad credentials, 403 for
//     users that are not active). ParseSignInForm reads the form for scripted
//     browsers.
//  3. A successful sign-in opens a session (the idpsim_sid cookie) and
//     completes the request; a later authorize with the cookie skips the
//     form, as Okta does. Users not assigned to the app are sent back with
//     access_denied.
//  4. The client is redirected with a single-use code that lives CodeTTL
//     (60 s by default). POST /oauth2/v1/token exchanges it, checking client
//     authentication, redirect_uri and the PKCE verifier, for an opaque
//     access token, an RS256 ID token and, with offline_access, an opaque
//     refresh token. A reused code is refused and every token issued from it
//     is revoked (RFC 6749 §4.1.2).
//
// EndUserSessions is what deactivation and suspension call: it ends the
// user's sessions and revokes every code and token issued to them. Refresh,
// userinfo and introspection also re-check the user's current state in the
// Directory, so an inactive user is refused even before that call.
//
// Endpoint URLs in discovery are always the issuer followed by the path. A
// relying party that reaches the provider at another address than browsers
// do (containers) keeps the issuer for verification and calls the token,
// keys and userinfo paths at its back-channel address, for example with
// go-oidc's ProviderConfig.
package oidc
