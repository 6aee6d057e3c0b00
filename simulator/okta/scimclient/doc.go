// Package scimclient is the outbound SCIM 2.0 client of idpsim's fake Okta:
// it decides how each provisioning step goes on the wire, request for
// request as Okta sends it (see OKTA-WIRE.md). The push engine in package
// okta decides when a step runs; this package shapes it.
//
// # Use
//
// One Client serves one app's provisioning connection:
//
//	journal := scimclient.NewJournal(0)       // shared by every app
//	faults := scimclient.NewFaults(seed)      // shared by every app
//	c, err := scimclient.New(scimclient.Config{
//		Target:   scimclient.Target{BaseURL: url, AuthScheme: "TOKEN", Token: tok},
//		Settings: scimclient.Settings{Profile: "oin", BatchSize: 100},
//		Journal:  journal, Faults: faults, Logger: log, TimeScale: 1,
//	})
//	tag := scimclient.Tag{AppID: app, UserID: oktaUserID}
//	r, found, err := c.FindUser(ctx, tag, login)
//	if !found { r, err = c.CreateUser(ctx, tag, body) }
//
// # The sequences Okta runs (the engine calls these in this order)
//
//   - Saving a connection: TestConnection (GET /Users?startIndex=1&count=2,
//     GET /Groups?startIndex=1&count=100).
//   - Assigning a user: FindUser (GET /Users?filter=userName eq "…"
//     &startIndex=1&count=100), then CreateUser on a miss, or UpdateUser on a
//     hit. A retried create repeats FindUser first.
//   - Profile change: UpdateUser (GET /Users/{id}, PUT of that body with the
//     mapped values laid over it).
//   - Deactivation / reactivation: SetUserActive (oin: path-less PATCH
//     {"active":b}; aiw: GET then PUT).
//   - Push group, create: FindGroup, CreateGroup (POST {schemas, displayName,
//     members:[]}), RenameGroup (the path-less reassertion), then
//     ReplaceMembers or UpdateMembers. Link: FindGroup, then the members.
//   - Membership change: UpdateMembers (oin: per batch of BatchSize changes,
//     the rename reassertion, then one PATCH with a filtered remove per
//     leaving member and one add; aiw: GET group, PUT whole group).
//   - Push Now and mapping activation: ReplaceMembers (oin: reassertion, then
//     replace of members in the app's PushNowShape; aiw: GET, PUT).
//   - Unlink with delete: DeleteGroup.
//
// Request shaping that differs between IdP clients (profile update,
// (de)activation, rename, membership) sits behind Profile, oin and aiw
// today; Do is the one primitive every step goes through, so a new dialect
// needs no change in the engine. Call CloseIdleConnections when an app's
// connection changes or the simulator stops.
//
// # Every request
//
// Headers User-Agent "Okta SCIM Client 1.0.0", Accept application/scim+json,
// Accept-Charset utf-8, Content-Type "application/scim+json; charset=utf-8"
// on bodies, and Authorization by scheme: TOKEN "Bearer <token>", HEADER the
// raw value, BASIC. Each attempt has its own RequestTimeout (60s, never
// scaled). A 429 is retried on the schedule written down in retry.go; no
// other status is retried. Every attempt is journalled with secrets masked
// and logged at debug level; each retry logs a warning.
//
// # Errors
//
// A status of 300 or more is a *RemoteError (status, SCIM detail and
// scimType, or the raw body when it is not JSON), matching ErrConflict,
// ErrNotFound, ErrUnauthorized and ErrRateLimited with errors.Is. A create
// answered without a resource is ErrEmptyResponse. TaskMessage renders
// Okta's task text for any of them.
//
// # Faults and journal
//
// Faults holds per-app FaultRules (latency, reset, lose-response, status),
// applied by an http.RoundTripper around the base transport, so the journal
// shows what the client saw. Journal is a bounded ring of Exchanges with
// filters and a HAR 1.2 export (Journal.HAR).
package scimclient
