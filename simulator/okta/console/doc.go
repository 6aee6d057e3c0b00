// Package console is idpsim's admin console: server-rendered pages under
// /admin that look and read like Okta's admin console, so that a demo can
// follow Cast AI's Okta guide click for click.
//
// Pages: Dashboard; Directory > People (search, profile edit, More Actions
// > Activate / Deactivate / Suspend) and Groups (Assign people, remove);
// Applications with the app's Provisioning (connection, Test API
// Credentials, To App switches), Assignments (people and groups, Edit of
// the app-user profile), Push Groups (Create Group / Link Group, status with
// pending pushes, Push Now, Unlink with the delete or leave choice) and
// Tasks (Retry, Retry All) tabs; and Traffic, the journal of SCIM exchanges
// with a HAR download.
//
// Every action calls the same Go methods of okta.Sim that the /api/v1
// handlers call, so a change made here is pushed exactly as an API call
// would push it. Forms are plain HTML posts answered with a redirect
// (post/redirect/get) and work without JavaScript; every post carries a
// CSRF token (package csrf). Signing in takes the admin token and sets an
// HttpOnly session cookie; the token itself is never stored in the cookie.
package console
