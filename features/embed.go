// Package features holds the conformance scenarios, written in the terms of
// Cast AI's "Managing IdP user group sync" guide: Okta admin actions as Given
// and When, Cast AI outcomes as Then. They are embedded so the conformance
// binary runs from any folder.
//
// Tags say what a scenario needs from a target: @scim only a SCIM endpoint and
// token, @console the Cast AI-style console API, @sso SSO sign-in through the
// target (/v1/auth/login and its callback, on top of @console).
// @serial scenarios change target-wide state and run alone against a shared
// target.
package features

import "embed"

// Files holds every feature file of this folder.
//
//go:embed *.feature
var Files embed.FS
