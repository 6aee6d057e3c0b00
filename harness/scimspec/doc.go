// Package scimspec is the portable SCIM 2.0 check list: Okta's published spec
// test (list, get, filter miss, unknown id, create, repeated create, userName
// case, missing token) plus the group calls and echo PUTs Okta's pushes rely on.
//
// The list lives here once. The conformance feature 12_scim_protocol.feature
// names every check in an Examples table (a harness test keeps the two equal),
// and the reference target's Go tests can run the same checks with RunAll.
// Each check is self-contained: it creates what it needs through a Session,
// names it with the session's prefix, and Session.Cleanup deletes it.
package scimspec
