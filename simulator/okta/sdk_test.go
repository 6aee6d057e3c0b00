package okta

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	oktasdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// newSDK returns Okta's own Go client pointed at the test server, with its
// cache and rate-limit waits off.
func newSDK(t *testing.T, e *env) *oktasdk.APIClient {
	t.Helper()
	cfg, err := oktasdk.NewConfiguration(
		oktasdk.WithOrgUrl(e.srv.URL),
		oktasdk.WithToken(testToken),
		oktasdk.WithCache(false),
		oktasdk.WithTestingDisableHttpsCheck(true),
		oktasdk.WithRateLimitMaxRetries(0),
		oktasdk.WithHttpClientPtr(e.srv.Client()),
	)
	if err != nil {
		t.Fatalf("sdk config: %v", err)
	}
	// The SDK's server template is https://{yourOktaDomain}, and it keeps
	// the org URL's host without its port: point both here.
	cfg.Servers = oktasdk.ServerConfigurations{{URL: e.srv.URL}}
	cfg.Host = strings.TrimPrefix(e.srv.URL, "http://")
	return oktasdk.NewAPIClient(cfg)
}

func sdkUser(login, first, last string) oktasdk.CreateUserRequest {
	p := oktasdk.UserProfile{Login: &login, Email: &login}
	p.SetFirstName(first)
	p.SetLastName(last)
	pw := "Passw0rd!"
	return oktasdk.CreateUserRequest{
		Profile:     p,
		Credentials: &oktasdk.UserCredentials{Password: &oktasdk.PasswordCredential{Value: &pw}},
	}
}

func TestOktaSDKUsersAndLifecycle(t *testing.T) {
	e := newEnv(t)
	api := newSDK(t, e)
	ctx := context.Background()

	var ids []string
	for _, n := range []string{"ann", "ben", "cat"} {
		u, _, err := api.UserAPI.CreateUser(ctx).Body(sdkUser(n+"@example.com",
			strings.ToUpper(n[:1])+n[1:], "Doe")).Activate(true).Execute()
		if err != nil {
			t.Fatalf("create user %s: %v", n, err)
		}
		if u.GetStatus() != StatusActive || !strings.HasPrefix(u.GetId(), prefixUser) {
			t.Fatalf("created user %s: status %q id %q", n, u.GetStatus(), u.GetId())
		}
		ids = append(ids, u.GetId())
	}

	got, _, err := api.UserAPI.GetUser(ctx, ids[0]).Execute()
	if err != nil || got.Profile.GetLogin() != "ann@example.com" {
		t.Fatalf("get user: %v, login %q", err, got.Profile.GetLogin())
	}

	page, resp, err := api.UserAPI.ListUsers(ctx).Limit(2).Execute()
	if err != nil || len(page) != 2 || !resp.HasNextPage() {
		t.Fatalf("list page 1: err %v, %d users, next %v", err, len(page), resp.HasNextPage())
	}
	var rest []oktasdk.User
	resp, err = resp.Next(&rest)
	if err != nil || len(rest) != 1 || rest[0].GetId() != ids[2] || resp.HasNextPage() {
		t.Fatalf("list page 2: err %v, users %d", err, len(rest))
	}

	title := "Staff Engineer"
	upd := oktasdk.UpdateUserRequest{Profile: &oktasdk.UserProfile{}}
	upd.Profile.SetTitle(title)
	u, _, err := api.UserAPI.UpdateUser(ctx, ids[0]).User(upd).Execute()
	if err != nil || u.Profile.GetTitle() != title || u.Profile.GetLogin() != "ann@example.com" {
		t.Fatalf("partial update: %v, title %q login %q", err, u.Profile.GetTitle(),
			u.Profile.GetLogin())
	}

	steps := []struct {
		name string
		call func() error
		want string
	}{
		{
			"suspend", func() error { _, err := api.UserAPI.SuspendUser(ctx, ids[1]).Execute(); return err },
			StatusSuspended,
		},
		{"unsuspend", func() error {
			_, err := api.UserAPI.UnsuspendUser(ctx, ids[1]).Execute()
			return err
		}, StatusActive},
		{"deactivate", func() error {
			_, err := api.UserAPI.DeactivateUser(ctx, ids[1]).Execute()
			return err
		}, StatusDeprovisioned},
		{"activate", func() error {
			_, _, err := api.UserAPI.ActivateUser(ctx, ids[1]).SendEmail(false).Execute()
			return err
		}, StatusActive},
	}
	for _, st := range steps {
		if err := st.call(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		u, _, err := api.UserAPI.GetUser(ctx, ids[1]).Execute()
		if err != nil || u.GetStatus() != st.want {
			t.Fatalf("after %s: status %q (err %v), want %s", st.name, u.GetStatus(), err, st.want)
		}
	}

	// Okta deletes in two steps: the first DELETE deactivates.
	for range 2 {
		if _, err := api.UserAPI.DeleteUser(ctx, ids[2]).Execute(); err != nil {
			t.Fatalf("delete: %v", err)
		}
	}
	_, resp, err = api.UserAPI.GetUser(ctx, ids[2]).Execute()
	var apiErr *oktasdk.GenericOpenAPIError
	if !errors.As(err, &apiErr) || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("get deleted user: err %v", err)
	}
	if m, ok := apiErr.Model().(oktasdk.Error); !ok || m.GetErrorCode() != CodeNotFound {
		t.Errorf("error model = %#v, want errorCode %s", apiErr.Model(), CodeNotFound)
	}
}

func TestOktaSDKGroupsAndMembers(t *testing.T) {
	e := newEnv(t)
	api := newSDK(t, e)
	ctx := context.Background()

	u, _, err := api.UserAPI.CreateUser(ctx).Body(sdkUser("dee@example.com", "Dee", "Lee")).
		Activate(true).Execute()
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	name, desc := "Platform", "Platform team"
	g, _, err := api.GroupAPI.CreateGroup(ctx).Group(oktasdk.Group{
		Profile: &oktasdk.GroupProfile{Name: &name, Description: &desc},
	}).Execute()
	if err != nil || g.Profile.GetName() != name || g.GetType() != GroupTypeOkta {
		t.Fatalf("create group: %v (%+v)", err, g)
	}
	if _, err := api.GroupAPI.AssignUserToGroup(ctx, g.GetId(), u.GetId()).Execute(); err != nil {
		t.Fatalf("add member: %v", err)
	}
	members, _, err := api.GroupAPI.ListGroupUsers(ctx, g.GetId()).Execute()
	if err != nil || len(members) != 1 || members[0].GetId() != u.GetId() {
		t.Fatalf("list members: %v, %d members", err, len(members))
	}

	renamed := "Platform Engineering"
	g2, _, err := api.GroupAPI.ReplaceGroup(ctx, g.GetId()).Group(oktasdk.Group{
		Profile: &oktasdk.GroupProfile{Name: &renamed},
	}).Execute()
	if err != nil || g2.Profile.GetName() != renamed {
		t.Fatalf("replace group: %v", err)
	}
	groups, _, err := api.GroupAPI.ListGroups(ctx).Q("Platform").Execute()
	if err != nil || len(groups) != 1 {
		t.Fatalf("list groups: %v, %d groups", err, len(groups))
	}

	if _, err := api.GroupAPI.UnassignUserFromGroup(ctx, g.GetId(), u.GetId()).Execute(); err != nil {
		t.Fatalf("remove member: %v", err)
	}
	members, _, err = api.GroupAPI.ListGroupUsers(ctx, g.GetId()).Execute()
	if err != nil || len(members) != 0 {
		t.Fatalf("members after remove: %v, %d", err, len(members))
	}
	if _, err := api.GroupAPI.DeleteGroup(ctx, g.GetId()).Execute(); err != nil {
		t.Fatalf("delete group: %v", err)
	}
	if _, _, err := api.GroupAPI.GetGroup(ctx, g.GetId()).Execute(); err == nil {
		t.Fatal("deleted group still readable")
	}
}
