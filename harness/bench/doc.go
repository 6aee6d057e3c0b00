// Package bench measures idpsim and castsim on the machine it runs on:
// figures to read, never a pass/fail timing test.
//
// Run goes through these phases, each optional but the first:
//
//  1. Initial sync: a generated org (10,000 users, 500 pushed groups,
//     25,000 memberships by default) is loaded into an in-process idpsim
//     with its push engine paused; the engine is resumed and pushes the
//     org over loopback HTTP to an in-process castsim with Okta's request
//     pattern. Wall time, requests per second and latency per request kind
//     come from idpsim's journal; castsim's final state is then read back
//     over SCIM and compared with the org.
//  2. Loopback baseline: the very requests of the sync are sent again, with
//     the same SCIM client settings and concurrency, to a minimal net/http
//     handler that answers a fixed small JSON body.
//  3. Suite time: the default conformance suite through harness.Run.
//  4. Target lookups: castsim's handler is called in-process, without
//     network, for `userName eq` among 100,000 users and for 100-member
//     PATCHes of a 50,000-member group (the same requests as castsim's
//     go test benchmarks).
//  5. Memory: the idpsim and castsim binaries run as processes of their
//     own; the org is synced between them, then a world of 100,000 users and
//     10,000 groups is loaded into fresh ones through their APIs, and the
//     peak resident set (VmHWM) of each process is read from /proc.
//  6. Startup: the time from process start to /healthz answering 200, the
//     median of several runs per binary.
package bench
