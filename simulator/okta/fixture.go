package okta

import (
	"context"
	"fmt"

	"github.com/idpsim/idpsim/fixtures"
)

// LoadFixture adds a fixture document to the directory: users, groups and
// memberships, then apps with their connection, assignments and push
// mappings, queueing provisioning as the admin API would. Connections are
// saved without the connection test, so a fixture can name a target that is
// still starting; failed steps become tasks.
func (s *Sim) LoadFixture(doc *fixtures.Document) error {
	if err := doc.Validate(); err != nil {
		return fmt.Errorf("load fixture: %w", err)
	}
	ctx := context.Background()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range doc.Users {
		if err := s.loadUser(ctx, u); err != nil {
			return fmt.Errorf("load fixture user %s: %w", u.ID, err)
		}
	}
	for _, g := range doc.Groups {
		if err := s.loadGroup(ctx, g); err != nil {
			return fmt.Errorf("load fixture group %s: %w", g.ID, err)
		}
	}
	for _, a := range doc.Apps {
		if err := s.loadApp(ctx, a); err != nil {
			return fmt.Errorf("load fixture app %s: %w", a.ID, err)
		}
	}
	for _, c := range doc.OIDCClients {
		if err := s.loadOIDCClient(ctx, c); err != nil {
			return fmt.Errorf("load fixture OIDC client %s: %w", c.ID, err)
		}
	}
	return nil
}

// loadOIDCClient adds an OIDC app with its user and group assignments.
func (s *Sim) loadOIDCClient(ctx context.Context, c fixtures.OIDCClient) error {
	label := c.Label
	if label == "" {
		label = c.ClientID
	}
	a, err := s.createApp(ctx, App{
		ID: c.ID, Label: label, Name: "oidc_client",
		SignOnMode: SignOnOIDC, OIDC: &OIDCClient{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret, RedirectURIs: c.RedirectURIs,
		},
	})
	if err != nil {
		return err
	}
	for _, uid := range c.Users {
		if _, err := s.assignUser(ctx, a.ID, uid, nil); err != nil {
			return fmt.Errorf("assign user %s: %w", uid, err)
		}
	}
	for _, gid := range c.Groups {
		if _, err := s.assignGroup(ctx, a.ID, gid); err != nil {
			return fmt.Errorf("assign group %s: %w", gid, err)
		}
	}
	return nil
}

func (s *Sim) loadUser(ctx context.Context, fu fixtures.User) error {
	p := fu.Profile
	profile := Profile{}
	for k, v := range map[string]string{
		"login": p.Login, "email": p.Email,
		"firstName": p.FirstName, "lastName": p.LastName, "displayName": p.DisplayName,
		"title": p.Title, "mobilePhone": p.MobilePhone, "primaryPhone": p.PrimaryPhone,
		"locale": p.Locale,
	} {
		if v != "" {
			profile[k] = v
		}
	}
	for k, v := range p.Extra {
		profile[k] = v
	}
	status := fu.Status
	if status == "" {
		status = StatusActive
	}
	_, err := s.createUser(ctx, NewUser{
		ID: fu.ID, Profile: profile, Password: fu.Password,
		Status: status,
	}, []string{"login"})
	return err
}

func (s *Sim) loadGroup(ctx context.Context, fg fixtures.Group) error {
	if _, err := s.createGroup(ctx, NewGroup{
		ID: fg.ID, Name: fg.Name,
		Description: fg.Description,
	}); err != nil {
		return err
	}
	for _, uid := range fg.Members {
		if err := s.addMember(ctx, fg.ID, uid); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sim) loadApp(ctx context.Context, fa fixtures.App) error {
	a := App{
		ID: fa.ID, Label: fa.Label, Name: fa.Name, Status: fa.Status,
		Settings: AppSettings{
			ClientProfile:       fa.ClientProfile,
			MembershipBatchSize: fa.MembershipBatchSize, FilterEncoding: fa.FilterEncoding,
			PushNowShape: fa.PushNowShape, SkipTLSVerify: fa.SkipTLSVerify,
		},
		Features: fixtureFeatures(fa.Features), Mapping: fa.Mapping,
	}
	if c := fa.Connection; c != nil {
		a.Connection = &Connection{
			BaseURL: c.BaseURL, AuthScheme: c.AuthScheme, Token: c.Token,
			Username: c.Username, Password: c.Password, Status: ConnEnabled,
		}
		if a.Connection.AuthScheme == "" {
			a.Connection.AuthScheme = AuthToken
		}
	}
	if _, err := s.createApp(ctx, a); err != nil {
		return err
	}
	for _, ua := range fa.Assignments.Users {
		var profile map[string]any
		if ua.Profile != nil {
			profile = map[string]any{}
			for k, v := range ua.Profile {
				profile[k] = v
			}
		}
		if _, err := s.assignUser(ctx, a.ID, ua.ID, profile); err != nil {
			return fmt.Errorf("assign user %s: %w", ua.ID, err)
		}
	}
	for _, gid := range fa.Assignments.Groups {
		if _, err := s.assignGroup(ctx, a.ID, gid); err != nil {
			return fmt.Errorf("assign group %s: %w", gid, err)
		}
	}
	for _, pm := range fa.PushMappings {
		if _, err := s.createPushMapping(ctx, a.ID, NewPushMapping{
			SourceGroupID:   pm.SourceGroupID,
			TargetGroupName: pm.TargetGroupName, TargetGroupID: pm.TargetGroupID,
			Status: pm.Status,
		}); err != nil {
			return fmt.Errorf("push group %s: %w", pm.SourceGroupID, err)
		}
	}
	return nil
}

// fixtureFeatures reads the To App switches: nil means on.
func fixtureFeatures(f *fixtures.Features) Features {
	out := allFeatures
	if f == nil {
		return out
	}
	set := func(p *bool, dst *bool) {
		if p != nil {
			*dst = *p
		}
	}
	set(f.CreateUsers, &out.CreateUsers)
	set(f.UpdateUserAttributes, &out.UpdateUserAttributes)
	set(f.DeactivateUsers, &out.DeactivateUsers)
	set(f.PushGroups, &out.PushGroups)
	return out
}
