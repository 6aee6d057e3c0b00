// Package castsimcheck holds no code: its tests drive the Okta SCIM client
// (package scimclient) through every provisioning step against the
// reference target castsim (package castai), for both client profiles, and
// check the target's state after each step. It lives apart from scimclient
// so that the client's own tests never wait on the target's build.
package castsimcheck
