package okta

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

func TestOIDCDirectory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	doc := &fixtures.Document{
		Users: []fixtures.User{
			{ID: "00uactive00000000001", Password: "pw-active", Profile: fixtures.Profile{
				Login: "ann@example.com", Email: "ann@example.com", FirstName: "Ann",
				LastName: "Lee",
			}},
			{
				ID: "00ususpend0000000002", Password: "pw-susp", Status: StatusSuspended,
				Profile: fixtures.Profile{Login: "sue@example.com"},
			},
			{
				ID: "00ugone0000000000003", Password: "pw-gone", Status: StatusDeprovisioned,
				Profile: fixtures.Profile{Login: "gus@example.com"},
			},
			{
				ID: "00ustaged00000000004", Password: "pw-new", Status: StatusStaged,
				Profile: fixtures.Profile{Login: "stu@example.com"},
			},
			{
				ID: "00uoutside0000000005", Password: "pw-out",
				Profile: fixtures.Profile{Login: "out@example.com"},
			},
		},
		Groups: []fixtures.Group{{
			ID: "00gplatform000000001", Name: "Platform",
			Members: []string{"00uactive00000000001"},
		}},
		OIDCClients: []fixtures.OIDCClient{{
			ID: "0oaoidc0000000000001", ClientID: "console",
			ClientSecret: "s3cret", RedirectURIs: []string{"http://127.0.0.1:9/cb"},
			Groups: []string{"00gplatform000000001"},
		}},
	}
	if err := e.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load: %v", err)
	}
	d := directory{e.sim}

	tests := []struct {
		login, password string
		want            error
	}{
		{"ann@example.com", "pw-active", nil},
		{"ANN@example.com", "pw-active", nil},
		{"ann@example.com", "wrong", oidc.ErrWrongPassword},
		{"nobody@example.com", "x", oidc.ErrUnknownUser},
		{"sue@example.com", "pw-susp", oidc.ErrUserSuspended},
		{"gus@example.com", "pw-gone", oidc.ErrUserDeactivated},
		{"stu@example.com", "pw-new", oidc.ErrUserNotActivated},
	}
	for _, tt := range tests {
		t.Run(tt.login+"/"+tt.password, func(t *testing.T) {
			sub, err := d.Authenticate(ctx, tt.login, tt.password)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && (sub.ID != "00uactive00000000001" || sub.Name != "Ann Lee" ||
				!slices.Equal(sub.Groups, []string{"Platform"}) || !sub.Active) {
				t.Errorf("subject = %+v", sub)
			}
		})
	}

	c, err := d.Client(ctx, "console")
	wantURIs := []string{"http://127.0.0.1:9/cb"}
	if err != nil || c.Secret != "s3cret" || !slices.Equal(c.RedirectURIs, wantURIs) {
		t.Errorf("client = %+v, %v", c, err)
	}
	if _, err := d.Client(ctx, "other"); !errors.Is(err, oidc.ErrUnknownClient) {
		t.Errorf("unknown client: %v", err)
	}
	if !d.Assigned(ctx, "console", "00uactive00000000001") ||
		d.Assigned(ctx, "console", "00uoutside0000000005") {
		t.Error("assignment through the Platform group not honoured")
	}
	e.must(http.StatusNoContent, "DELETE", "/api/v1/groups/00gplatform000000001/users/"+
		"00uactive00000000001", nil, nil)
	if d.Assigned(ctx, "console", "00uactive00000000001") {
		t.Error("still assigned after leaving the group")
	}

	var disc struct {
		Issuer string `json:"issuer"`
	}
	e.must(http.StatusOK, "GET", "/.well-known/openid-configuration", nil, &disc)
	if disc.Issuer != e.sim.cfg.PublicURL {
		t.Errorf("issuer = %q, want %q", disc.Issuer, e.sim.cfg.PublicURL)
	}
}

func TestCreateOIDCAppShowsSecretOnce(t *testing.T) {
	e := newEnv(t)
	var created appJSON
	e.must(http.StatusOK, "POST", "/api/v1/apps", map[string]any{
		"name": "oidc_client", "label": "Console", "signOnMode": "OPENID_CONNECT",
		"settings": map[string]any{"oauthClient": map[string]any{
			"redirect_uris": []string{"http://127.0.0.1:9/cb"},
		}},
	}, &created)
	if created.Credentials == nil || created.Credentials.OAuthClient.ClientSecret == "" ||
		created.Credentials.OAuthClient.ClientID != created.ID {
		t.Fatalf("created = %+v", created.Credentials)
	}
	var got appJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+created.ID, nil, &got)
	if got.Credentials == nil || got.Credentials.OAuthClient.ClientSecret != "" {
		t.Errorf("GET shows the secret or no client: %+v", got.Credentials)
	}
	if c, err := (directory{e.sim}).Client(context.Background(), created.ID); err != nil ||
		c.Secret != created.Credentials.OAuthClient.ClientSecret {
		t.Errorf("directory client = %+v, %v", c, err)
	}
}
