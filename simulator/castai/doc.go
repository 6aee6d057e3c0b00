// Package castai is castsim, a Cast AI-style service: a SCIM 2.0 service
// provider (RFC 7643, RFC 7644) under /scim/v2, a console API under /v1
// shaped after Cast AI's public API (users, user groups, roles, role
// bindings, SSO connections, effective access), and /healthz. It is the
// reference target that every conformance scenario passes against, and the
// demo's "Cast AI console".
//
// Build one with New(Config), serve Handler(), and call Reset() between
// tests. State lives in a store.Store (in memory).
//
// # SCIM request flow
//
// Every /scim/v2 request except discovery passes the bearer-token check (the
// token must be the active token of an SSO connection with sync on), is read
// with a 1 MiB limit, and is answered in application/scim+json. Filters are
// parsed by github.com/scim2/filter-parser and evaluated against the rendered
// resource; eq on userName, externalId and group displayName go through the
// store's indexes. PATCH bodies are normalised first (op case, path-less
// values expanded key by key, dotted and URN-qualified keys, string
// booleans) and then applied: on a copy of the user, or as a plan of member
// steps for a group, so that a membership change costs in proportion to the
// members it names.
//
// # Routes
//
// SCIM (Authorization: Bearer <token>, or the raw token): /scim/v2/Users and
// /scim/v2/Groups with POST, GET (by id and list), PUT, PATCH and DELETE;
// /scim/v2/ServiceProviderConfig, /ResourceTypes and /Schemas without a
// token. Console (X-API-Key, or an SSO session as the castsim_session cookie
// or "Authorization: Bearer <session token>"; errors are {"message": "…"}):
//
//	GET    /v1/me                                         Me
//	GET    /v1/organizations/{org}/users                  {"users":[Membership]}
//	GET    /v1/organizations/{org}/users/{userId}         Membership
//	GET    /v1/organizations/{org}/users/{userId}/groups  {"groups":[{id,name}]}
//	GET    /v1/organizations/{org}/users/{userId}/access  {"access":[Access]}
//	DELETE /v1/organizations/{org}/users/{userId}
//	GET    /v1/organizations/{org}/groups                 {"groups":[ConsoleGroup]}
//	POST   /v1/organizations/{org}/groups                 ConsoleGroup
//	GET, PATCH, PUT, DELETE /v1/organizations/{org}/groups/{groupId}
//	GET    /v1/organizations/{org}/roles                  {"roles":[Role]}
//	GET    /v1/organizations/{org}/role-bindings[?subjectId=]  {"roleBindings":[…]}
//	POST   /v1/organizations/{org}/role-bindings          [binding, …] -> [ConsoleBinding]
//	GET, PATCH, PUT, DELETE /v1/organizations/{org}/role-bindings/{bindingId}
//	GET    /v1/sso-connections                            {"connections":[…]}
//	POST   /v1/sso-connections                            ConsoleConnection
//	GET, POST, PUT, PATCH, DELETE /v1/sso-connections/{id}
//	POST   /v1/sso-connections/{id}/sync  {"sync":true} -> {"token":SCIMToken,"connection":…}
//
// Sign-in (no credentials needed):
//
//	GET    /v1/auth/login[?email=|login_hint=][&connection_id=][&return_to=/path]
//	GET    /v1/auth/callback   -> 303 to return_to, or SignIn with Accept: application/json
//	POST   /v1/auth/logout
//
// # SSO sign-in and sessions
//
// castsim is an OpenID Connect relying party of each SSO connection, with
// github.com/coreos/go-oidc and golang.org/x/oauth2. The issuer is the okta
// block's oktaDomain (https:// when it names no scheme) or the oidc block's
// issuerUrl.
//
//  1. GET /v1/auth/login picks the connection (?connection_id=, else the one
//     whose email domain matches ?email= or ?login_hint=, else the only one),
//     discovers the IdP, keeps a pending sign-in under a random state with a
//     nonce and a PKCE verifier, sets the castsim_login cookie to the state
//     and redirects to the IdP's authorization endpoint (S256 challenge,
//     login_hint passed on).
//  2. GET /v1/auth/callback consumes the pending sign-in (one use, ten
//     minutes), requires the castsim_login cookie to match the state, turns
//     an IdP error into 403, exchanges the code with the verifier and
//     verifies the ID token: signature against the IdP's keys, issuer,
//     audience, expiry, then the nonce.
//  3. The user is found by userName (preferred_username, then email). An
//     unknown user is a new joiner: created (not synced) with a binding to
//     the connection's default role. A user with scimActive false is refused
//     with 403 and a message saying so.
//  4. A session opens: an HttpOnly cookie and, for clients sending
//     Accept: application/json, the same token in the answer. Sessions last
//     Config.SessionTTL; only a hash of the token is kept.
//  5. Every console request with a session re-checks the user: removed or
//     inactive ends the session at once (401, a message saying the session
//     was ended). Signed-in users may read; changes need the Owner role.
//
// Config.SSOBackchannelURL serves castsim when it reaches the IdP at another
// address than browsers do: discovery, token, keys and userinfo calls go to
// the back channel, the browser keeps the public authorization endpoint, and
// the ID token's issuer is still checked against the public URL.
//
// # Decisions where Cast AI's documentation is silent
//
//  1. A group created over SCIM is a synced group: ssoProvider is set and
//     managedBy names the sync. Its name and members change only over SCIM;
//     the console API refuses such edits (409). Role bindings on it can be
//     added and removed freely in the console.
//  2. Role bindings are never touched by SCIM: a PUT, PATCH or rename of a
//     synced group keeps them. A SCIM DELETE of a group removes the group and
//     its bindings.
//  3. A user created over SCIM is a new joiner: it gets a role binding (source
//     "new-joiner") to the SSO connection's defaultRoleId (Viewer unless
//     changed) at organization scope. Changing the default affects users
//     created afterwards only.
//  4. active:false keeps the user record, sets scimActive:false, removes all
//     effective access, refuses SSO sign-in and ends live sessions at their
//     next request. Group memberships stay as they were.
//     active:true on the same id restores access.
//  5. Removing a user from a synced group removes the access that came from
//     that group's bindings at once; other access stays.
//  6. Only name, display name, email-type attributes, userName, externalId
//     and active are stored. Title, phone numbers, addresses, the enterprise
//     extension and other attributes are accepted and dropped, never
//     returned. A PATCH path naming an attribute in no schema is 400
//     invalidPath; one naming id, meta or groups is 400 mutability, except an
//     id equal to the resource's own inside a path-less value (Okta sends it).
//  7. Saving any change to an SSO connection requires the client secret in
//     the same request; the secret is never returned. (POST …/sync is not a
//     change of the connection's settings and needs no secret.)
//  8. Turning sync off converts every user and group synced by that
//     connection into a regular one (memberships and bindings kept) and
//     revokes the SCIM token: later SCIM calls get 401.
//  9. Turning sync on returns a new SCIM bearer token exactly once and
//     revokes the connection's previous token.
//
// Further choices of castsim itself: SCIM sees every user and group of the
// organization, and a SCIM write to a manual group takes it over as a synced
// group; a PUT of a group without a members attribute leaves the members as
// they are (clients echo groups read with excludedAttributes=members); a
// PATCH of a group answers 204 unless the request names attributes; synced
// groups cannot be deleted in the console; deleting an SSO connection revokes
// its token and converts its synced users and groups.
//
// # Defect modes
//
// Config.Defects switches on deliberate faults, each breaking one documented
// promise, so that a conformance suite can prove it notices; Defects() lists
// them as data.
package castai
