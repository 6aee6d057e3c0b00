// Package okta is idpsim's fake Okta: a directory of users and groups, SCIM
// app integrations with assignments and Push Groups, and a push engine that
// provisions the apps' SCIM targets request for request as Okta does
// (../../shared/OKTA-WIRE.md, mirrored in package scimclient).
//
// # Flow of one change
//
//  1. An admin call (the Okta Management API subset under /api/v1, the Go API
//     of Sim, or a fixture) changes the directory under one lock.
//  2. Still under that lock, the change is turned into jobs queued per app:
//     provision, update or deactivate a user; create, push, rename or delete
//     a pushed group. A job carries keys (the user, the group and, for group
//     pushes, every member), and a job runs only when no running or earlier
//     job of its app holds one of its keys. So steps for one user or one
//     group run in order, and a membership push waits until each member's
//     provisioning has finished: a member is never pushed before it exists.
//  3. Workers (Config.Workers per app) run jobs. A job decides what to send
//     from the directory as it is when it runs: a user is provisioned only
//     while it is active and assigned, a group push sends the difference
//     between the members Okta would push (assigned, active, provisioned)
//     and the members it pushed last, leaving members of inactive users as
//     they were.
//  4. The wire layer (scimclient) shapes the requests per client profile
//     (oin or aiw), retries 429s on Okta's schedule and records every
//     exchange in the journal.
//  5. A failed step becomes a task with Okta's message; the app user shows
//     syncState ERROR and a push mapping status ERROR until an admin retries
//     it. A retried create repeats the lookup first, so a create whose
//     answer was lost links what it created.
//
// The org authorization server of package oidc is mounted on the same
// handler: OIDC apps (sign-on mode OPENID_CONNECT) are its clients, users
// sign in with their login and password, and only users assigned to the app
// (directly or through a group) get tokens. Deactivating or suspending a
// user ends its sessions and revokes its tokens.
//
// Wait reports idle when nothing is queued or running (a running step may be
// waiting out a Retry-After); open tasks are not pending. Pause holds every
// queue so a pending state can be observed.
//
// # Decisions where Okta's behaviour is not documented
//
//   - Users created through the API with activate=true become ACTIVE with or
//     without a password. Only ACTIVE users are provisioned and pushed.
//   - Activating a saved connection, activating an app or reactivating a
//     user provisions what is assigned and pushes active mappings; steps that
//     have nothing to send send nothing.
//   - Linking a push mapping to an existing target group replaces its members.
//   - Deleting an Okta group deletes its pushed target groups.
//   - App-user attribute names follow Okta's SCIM template (userName,
//     givenName, familyName, displayName, email, title, primaryPhone,
//     mobilePhone, locale); App.Mapping and fixture mappings name an app-user
//     attribute and the Okta profile attribute it comes from.
//   - The Push Groups switch is the pushGroups capability of the
//     USER_PROVISIONING feature, and Push Now is POST
//     /api/v1/apps/{appId}/group-push/mappings/{mappingId}/push; Okta's
//     public API has neither.
package okta
