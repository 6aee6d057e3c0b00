// Package robustness holds the tests that span both simulators: castsim
// (package castai) and idpsim (package okta) started in-process on loopback
// test servers and driven as a hostile or unlucky client would.
//
// The tests, one concern per file:
//
//   - hostile input: every request of the corpus in testdata/hostile at the
//     repository root is sent to the server it names; each must be refused
//     with a 4xx in that server's error shape (RFC 7644 §3.12 for SCIM,
//     {"message"} for castsim's console, Okta's errorCode and errorSummary
//     for idpsim) and leave the state read through both servers' APIs as it
//     was;
//   - faults without loss: a generated org of 1,000 users and 50 groups is
//     pushed from idpsim to castsim while idpsim injects 503s, 429s and lost
//     responses; tasks are retried as an admin would until none is open, and
//     castsim must then hold exactly the users, groups and members of the
//     org, with no duplicates;
//   - concurrency: concurrent PATCHes of one group and concurrent PUTs with
//     one If-Match;
//   - auth everywhere: every route of both Gin engines refuses a request
//     without its credential, except health checks and SCIM discovery;
//   - secrets: no token, password or client secret reaches a log line or a
//     response body.
//
// The package has no non-test code; it exists so that these tests have a
// home of their own and run with go test ./....
package robustness
