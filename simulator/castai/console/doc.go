// Package console is castsim's console: server-rendered pages under
// /console that look and read like Cast AI's Organization > Access control
// pages, so that a demo shows on one screen what Okta pushed.
//
// Pages: Access control > SSO (the connection drawer with the default role
// for new joiners, the "Synchronize user groups from the IAM system to Cast
// AI" box, the client secret required on every save and the SCIM token shown
// once), Users (status, where each user came from, their access) and User
// groups (synced badge, members read-only for synced groups, role and
// resource access).
//
// The pages are a client of castsim's own console API: every read and every
// action is an in-process request to /v1 on the server's handler, carrying
// the signed-in browser's credentials. So the pages obey exactly the rules,
// errors and authorization of the API. Two ways to sign in: the owner API
// key (kept server-side; the browser holds only a random session id) and
// "Sign in with SSO", castsim's own /v1/auth/login flow, whose session cookie
// is passed on to /v1.
//
// Forms are plain HTML posts answered with a redirect (post/redirect/get),
// work without JavaScript and carry a CSRF token (package csrf).
package console
