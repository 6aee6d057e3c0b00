// Package scim holds the SCIM 2.0 wire types shared by the fake Okta (a SCIM
// client) and the Cast AI-style target (a SCIM service provider): schema URNs,
// the User and Group resources as they travel on the wire, list responses,
// PATCH requests and the error body of RFC 7644 §3.12.
//
// The package carries no behaviour of either side. The target decides what it
// stores and how it applies a PATCH; the fake Okta decides what it sends.
package scim
