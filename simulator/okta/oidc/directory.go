package oidc

import (
	"context"
	"errors"
	"slices"
)

// Errors a Directory returns. Authenticate tells each refusal apart so that
// the sign-in form can say why; Subject and Client return ErrUnknownUser and
// ErrUnknownClient for ids they do not hold.
var (
	ErrUnknownUser      = errors.New("unknown user")
	ErrWrongPassword    = errors.New("wrong password")
	ErrUserDeactivated  = errors.New("user is deactivated")
	ErrUserSuspended    = errors.New("user is suspended")
	ErrUserNotActivated = errors.New("user is not activated")
	ErrUnknownClient    = errors.New("unknown client")
)

// Directory is what the provider needs from the org's directory. The idpsim
// core implements it; tests use a fake. Implementations must be safe for
// concurrent use.
type Directory interface {
	// Authenticate checks a login and a password. It returns ErrUnknownUser,
	// ErrWrongPassword, or, once the password is right, ErrUserDeactivated,
	// ErrUserSuspended or ErrUserNotActivated for users that are not ACTIVE.
	Authenticate(ctx context.Context, login, password string) (Subject, error)
	// Subject returns the user's current state, for refresh, userinfo and
	// introspection; a deactivated user is returned with Active false.
	Subject(ctx context.Context, userID string) (Subject, error)
	// Client returns the OIDC app with that client id.
	Client(ctx context.Context, clientID string) (Client, error)
	// Assigned reports whether the user is assigned to the app, directly or
	// through a group; only assigned users get codes and tokens.
	Assigned(ctx context.Context, clientID, userID string) bool
}

// Subject is a user as the provider sees it. ID is the Okta user id (00u…)
// and becomes the sub claim; Login becomes preferred_username.
type Subject struct {
	ID         string
	Login      string
	Email      string
	Name       string
	GivenName  string
	FamilyName string
	Active     bool
	Groups     []string
}

// Grant types a Client may list.
const (
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
)

// Client is an OIDC app. A Client with an empty Secret is public
// (token_endpoint_auth_method none) and must use PKCE. Redirect URIs are
// matched exactly. GrantTypes defaults to authorization_code and
// refresh_token when empty.
type Client struct {
	ID                     string
	Name                   string
	Secret                 string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
	GrantTypes             []string
}

// Public reports whether the client has no secret.
func (c Client) Public() bool { return c.Secret == "" }

func (c Client) allowsGrant(grant string) bool {
	if len(c.GrantTypes) == 0 {
		return grant == GrantAuthorizationCode || grant == GrantRefreshToken
	}
	return slices.Contains(c.GrantTypes, grant)
}

func (c Client) hasRedirectURI(uri string) bool {
	return slices.Contains(c.RedirectURIs, uri)
}

func (c Client) hasPostLogoutRedirectURI(uri string) bool {
	return slices.Contains(c.PostLogoutRedirectURIs, uri)
}
