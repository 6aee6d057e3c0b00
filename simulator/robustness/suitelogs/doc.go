// Package suitelogs runs the whole conformance suite (package harness,
// embedded mode) with both servers logging at debug level into a buffer, and
// checks that no log line holds a token, password or client secret.
//
// It is a package of its own, apart from package robustness, so that the
// other cross-simulator tests still build while the harness is being changed.
package suitelogs
