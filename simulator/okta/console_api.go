package okta

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// This file is the read side of the Go API that the admin console (package
// console) uses next to the write methods the admin API handlers call. It
// reads the same store and engine the /api/v1 handlers read.

// AppUserView is an app user as the app's Assignments tab shows it.
type AppUserView struct {
	AppUser
	User User
	// Scope is USER for a direct assignment, GROUP when only a group
	// assigns the user.
	Scope string
	// Status is PROVISIONED once the target holds the active user, STAGED
	// otherwise.
	Status string
	// SyncState is SYNCHRONIZED, PENDING or ERROR.
	SyncState string
	// Pushed is the app-user profile Okta pushes: mapped values with the
	// assignment's own values laid over them.
	Pushed map[string]any
}

// PushMappingView is a push mapping with its source group and the number of
// its queued and running steps.
type PushMappingView struct {
	PushMapping
	SourceGroup Group
	Pending     int
}

// Users returns the directory's users in creation order.
func (s *Sim) Users(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// User returns a user by id or login.
func (s *Sim) User(ctx context.Context, idOrLogin string) (User, error) {
	return s.lookupUser(ctx, idOrLogin)
}

// Groups returns the directory's groups in creation order.
func (s *Sim) Groups(ctx context.Context) ([]Group, error) { return s.store.ListGroups(ctx) }

// Group returns a group by id.
func (s *Sim) Group(ctx context.Context, id string) (Group, error) { return s.getGroup(ctx, id) }

// GroupMembers returns the users of a group in the order they joined.
func (s *Sim) GroupMembers(ctx context.Context, groupID string) ([]User, error) {
	if _, err := s.getGroup(ctx, groupID); err != nil {
		return nil, err
	}
	ids, err := s.store.ListMembers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := make([]User, 0, len(ids))
	for _, id := range ids {
		if u, err := s.store.GetUser(ctx, id); err == nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// UserGroups returns the groups a user belongs to.
func (s *Sim) UserGroups(ctx context.Context, userID string) ([]Group, error) {
	ids, err := s.store.ListUserGroups(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]Group, 0, len(ids))
	for _, id := range ids {
		if g, err := s.store.GetGroup(ctx, id); err == nil {
			out = append(out, g)
		}
	}
	return out, nil
}

// Apps returns the app integrations in creation order.
func (s *Sim) Apps(ctx context.Context) ([]App, error) { return s.store.ListApps(ctx) }

// App returns an app by id.
func (s *Sim) App(ctx context.Context, id string) (App, error) { return s.getApp(ctx, id) }

// AppUsers returns the users assigned to an app, directly or through a
// group, as GET /api/v1/apps/{appId}/users lists them.
func (s *Sim) AppUsers(ctx context.Context, appID string) ([]AppUserView, error) {
	app, err := s.getApp(ctx, appID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.ListAppUsers(ctx, app.ID)
	if err != nil {
		return nil, err
	}
	out := []AppUserView{}
	for _, au := range all {
		_, scope, err := s.appUser(ctx, app.ID, au.UserID)
		if err != nil {
			continue
		}
		u, _ := s.store.GetUser(ctx, au.UserID)
		v := AppUserView{
			AppUser: au, User: u, Scope: scope, Status: StatusStaged,
			SyncState: s.appUserSyncState(ctx, au), Pushed: appUserProfile(app, u, au),
		}
		if au.ExternalID != "" && au.TargetActive {
			v.Status = StatusProvisioned
		}
		out = append(out, v)
	}
	return out, nil
}

// AppGroups returns the groups assigned to an app.
func (s *Sim) AppGroups(ctx context.Context, appID string) ([]AppGroup, error) {
	if _, err := s.getApp(ctx, appID); err != nil {
		return nil, err
	}
	return s.store.ListAppGroups(ctx, appID)
}

// PushMappings returns an app's push mappings with their pending counts.
func (s *Sim) PushMappings(ctx context.Context, appID string) ([]PushMappingView, error) {
	if _, err := s.getApp(ctx, appID); err != nil {
		return nil, err
	}
	ms, err := s.store.ListPushMappings(ctx, appID)
	if err != nil {
		return nil, err
	}
	out := make([]PushMappingView, 0, len(ms))
	for _, m := range ms {
		g, _ := s.store.GetGroup(ctx, m.SourceGroupID)
		out = append(out, PushMappingView{PushMapping: m, SourceGroup: g, Pending: s.pendingPushes(m)})
	}
	return out, nil
}

// FindTargetGroup looks a group up by displayName in the app's target, the
// lookup behind Push Groups → Link Group. It goes through the app's SCIM
// client, so it shows in the journal like any other exchange.
func (s *Sim) FindTargetGroup(ctx context.Context, appID, name string) (scimclient.Resource, bool, error) {
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return scimclient.Resource{}, false, err
	}
	if a.Connection == nil || a.Connection.BaseURL == "" {
		return scimclient.Resource{}, false, errValidation("the app has no provisioning connection")
	}
	c, err := s.client(a)
	if err != nil {
		return scimclient.Resource{}, false, err
	}
	r, found, err := c.FindGroup(ctx, scimclient.Tag{AppID: appID}, name)
	if err != nil {
		return scimclient.Resource{}, false, errValidation(err.Error())
	}
	return r, found, nil
}

// TestConnection runs Okta's connection test ("Test API Credentials")
// against conn without saving it, as SetConnection does before a save.
func (s *Sim) TestConnection(ctx context.Context, appID string, conn Connection) error {
	a, err := s.getApp(ctx, appID)
	if err != nil {
		return err
	}
	trial := a.clone()
	if conn.AuthScheme == "" {
		conn.AuthScheme = AuthToken
	}
	trial.Connection = &conn
	client, err := scimclient.New(s.clientConfig(trial))
	if err != nil {
		return errValidation(err.Error())
	}
	if err := client.TestConnection(ctx, scimclient.Tag{AppID: appID}); err != nil {
		return errConnectionTest(err)
	}
	return nil
}

// appUserSyncState is ERROR while a task of the app user is open, PENDING
// while a step of it is queued, SYNCHRONIZED otherwise, as the admin API
// reports it.
func (s *Sim) appUserSyncState(ctx context.Context, au AppUser) string {
	pending := s.engine.count(au.AppID, func(j *job) bool {
		return j.userID == au.UserID && j.kind.forUser()
	})
	if pending > 0 {
		return SyncPending
	}
	tasks, _ := s.store.ListTasks(ctx)
	for _, t := range tasks {
		if t.AppID == au.AppID && t.UserID == au.UserID && t.Status == TaskOpen {
			return SyncError
		}
	}
	return SyncDone
}

// MountConsole serves h under /admin on the Sim's handler. Until a console
// is mounted, /admin answers 404.
func (s *Sim) MountConsole(h http.Handler) { s.console.Store(&h) }

// registerConsoleRoutes sends /admin and everything under it to the mounted
// console.
func (s *Sim) registerConsoleRoutes(r *gin.Engine) {
	serve := func(c *gin.Context) {
		h := s.console.Load()
		if h == nil {
			s.fail(c, errNotFoundResource(c.Request.URL.Path, "path"))
			return
		}
		(*h).ServeHTTP(c.Writer, c.Request)
	}
	r.Any("/admin", serve)
	r.Any("/admin/*path", serve)
}
