package okta

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

// directory is the Sim as the OIDC provider's Directory: users sign in with
// their login and password, OIDC apps are the clients, and app assignments
// (direct or through groups) decide who gets tokens.
type directory struct{ s *Sim }

var _ oidc.Directory = directory{}

// Authenticate checks a login and password, then the user's status.
func (d directory) Authenticate(ctx context.Context, login, password string) (oidc.Subject, error) {
	u, err := d.s.store.GetUserByLogin(ctx, login)
	if errors.Is(err, ErrNotFound) {
		return oidc.Subject{}, oidc.ErrUnknownUser
	}
	if err != nil {
		return oidc.Subject{}, fmt.Errorf("authenticate: %w", err)
	}
	if !u.CheckPassword(password) {
		return oidc.Subject{}, oidc.ErrWrongPassword
	}
	switch u.Status {
	case StatusActive:
	case StatusDeprovisioned:
		return oidc.Subject{}, oidc.ErrUserDeactivated
	case StatusSuspended:
		return oidc.Subject{}, oidc.ErrUserSuspended
	default:
		return oidc.Subject{}, oidc.ErrUserNotActivated
	}
	return d.subject(ctx, u), nil
}

// Subject returns a user's current state.
func (d directory) Subject(ctx context.Context, userID string) (oidc.Subject, error) {
	u, err := d.s.store.GetUser(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return oidc.Subject{}, oidc.ErrUnknownUser
	}
	if err != nil {
		return oidc.Subject{}, fmt.Errorf("read subject %s: %w", userID, err)
	}
	return d.subject(ctx, u), nil
}

func (d directory) subject(ctx context.Context, u User) oidc.Subject {
	p := u.Profile
	name := p.String("displayName")
	if name == "" {
		name = strings.TrimSpace(p.String("firstName") + " " + p.String("lastName"))
	}
	sub := oidc.Subject{
		ID: u.ID, Login: p.String("login"), Email: p.String("email"), Name: name,
		GivenName: p.String("firstName"), FamilyName: p.String("lastName"),
		Active: u.Status == StatusActive,
	}
	gids, _ := d.s.store.ListUserGroups(ctx, u.ID)
	for _, gid := range gids {
		if g, err := d.s.store.GetGroup(ctx, gid); err == nil {
			sub.Groups = append(sub.Groups, g.Name)
		}
	}
	return sub
}

// oidcApp finds the active OIDC app with the client id.
func (d directory) oidcApp(ctx context.Context, clientID string) (App, error) {
	apps, err := d.s.store.ListApps(ctx)
	if err != nil {
		return App{}, fmt.Errorf("find client %s: %w", clientID, err)
	}
	for _, a := range apps {
		if a.OIDC != nil && a.OIDC.ClientID == clientID && a.Status == AppActive {
			return a, nil
		}
	}
	return App{}, oidc.ErrUnknownClient
}

// Client returns the OIDC app with the client id.
func (d directory) Client(ctx context.Context, clientID string) (oidc.Client, error) {
	a, err := d.oidcApp(ctx, clientID)
	if err != nil {
		return oidc.Client{}, err
	}
	o := a.OIDC
	return oidc.Client{
		ID: o.ClientID, Name: a.Label, Secret: o.ClientSecret,
		RedirectURIs: o.RedirectURIs, PostLogoutRedirectURIs: o.PostLogoutRedirectURIs,
		GrantTypes: o.GrantTypes,
	}, nil
}

// Assigned reports whether the user is assigned to the client's app.
func (d directory) Assigned(ctx context.Context, clientID, userID string) bool {
	a, err := d.oidcApp(ctx, clientID)
	if err != nil {
		return false
	}
	scope, err := d.s.assignment(ctx, a.ID, userID)
	return err == nil && scope != ""
}

// endSessions ends a user's OIDC sessions and tokens, as Okta does when a
// user is deactivated or suspended.
func (s *Sim) endSessions(userID string) {
	if s.oidc != nil {
		s.oidc.EndUserSessions(userID)
	}
}
