package okta

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// appUserJSON is Okta's AppUser object.
type appUserJSON struct {
	ID          string            `json:"id"`
	ExternalID  *string           `json:"externalId"`
	Created     string            `json:"created"`
	LastUpdated string            `json:"lastUpdated"`
	Scope       string            `json:"scope"`
	Status      string            `json:"status"`
	SyncState   string            `json:"syncState"`
	LastSync    *string           `json:"lastSync"`
	Credentials map[string]string `json:"credentials"`
	Profile     map[string]any    `json:"profile"`
	Links       map[string]any    `json:"_links"`
}

func (s *Sim) renderAppUser(c *gin.Context, app App, au AppUser, scope string) appUserJSON {
	u, _ := s.store.GetUser(c, au.UserID)
	profile := appUserProfile(app, u, au)
	userName, _ := profile["userName"].(string)
	out := appUserJSON{
		ID: au.UserID, Created: okTime(au.Created), LastUpdated: okTime(au.LastUpdated),
		Scope: scope, Status: StatusStaged, SyncState: s.syncState(c, au),
		LastSync: okTimePtr(au.LastSync), Credentials: map[string]string{"userName": userName},
		Profile: profile,
		Links: map[string]any{
			"app":  link(s.cfg.PublicURL + "/api/v1/apps/" + au.AppID),
			"user": link(s.cfg.PublicURL + "/api/v1/users/" + au.UserID),
		},
	}
	if au.ExternalID != "" {
		ext := au.ExternalID
		out.ExternalID = &ext
		if au.TargetActive {
			out.Status = StatusProvisioned
		}
	}
	return out
}

// syncState is ERROR while a task of the app user is open, PENDING while a
// step of it is queued, SYNCHRONIZED otherwise.
func (s *Sim) syncState(c *gin.Context, au AppUser) string {
	pending := s.engine.count(au.AppID, func(j *job) bool {
		return j.userID == au.UserID && j.kind.forUser()
	})
	if pending > 0 {
		return SyncPending
	}
	tasks, _ := s.store.ListTasks(c)
	for _, t := range tasks {
		if t.AppID == au.AppID && t.UserID == au.UserID && t.Status == TaskOpen {
			return SyncError
		}
	}
	return SyncDone
}

type appUserBody struct {
	ID      string         `json:"id"`
	Scope   string         `json:"scope"`
	Profile map[string]any `json:"profile"`
}

func (s *Sim) registerAssignmentRoutes(r *gin.RouterGroup) {
	r.GET("/apps/:appId/users", s.listAppUsers)
	r.POST("/apps/:appId/users", s.assignUserRoute)
	r.GET("/apps/:appId/users/:userId", s.getAppUserRoute)
	r.POST("/apps/:appId/users/:userId", s.updateAppUserRoute)
	r.DELETE("/apps/:appId/users/:userId", s.unassignUserRoute)
	r.GET("/apps/:appId/groups", s.listAppGroups)
	r.GET("/apps/:appId/groups/:groupId", s.getAppGroupRoute)
	r.PUT("/apps/:appId/groups/:groupId", s.assignGroupRoute)
	r.DELETE("/apps/:appId/groups/:groupId", s.unassignGroupRoute)
}

func (s *Sim) listAppUsers(c *gin.Context) {
	app, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.store.ListAppUsers(c, app.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []appUserJSON{}
	for _, au := range all {
		if _, scope, err := s.appUser(c, app.ID, au.UserID); err == nil {
			out = append(out, s.renderAppUser(c, app, au, scope))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) respondAppUser(c *gin.Context, status int) {
	app, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	userID := c.Param("userId")
	if userID == "" {
		userID = c.GetString("assignedUserId")
	}
	au, scope, err := s.appUser(c, app.ID, userID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, s.renderAppUser(c, app, au, scope))
}

func (s *Sim) getAppUserRoute(c *gin.Context) { s.respondAppUser(c, http.StatusOK) }

func (s *Sim) assignUserRoute(c *gin.Context) {
	var body appUserBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if body.ID == "" {
		s.fail(c, errValidation("id: The field cannot be left blank"))
		return
	}
	au, err := s.AssignUser(c, c.Param("appId"), body.ID, body.Profile)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set("assignedUserId", au.UserID)
	s.respondAppUser(c, http.StatusOK)
}

func (s *Sim) updateAppUserRoute(c *gin.Context) {
	var body appUserBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.UpdateAppUserProfile(c, c.Param("appId"), c.Param("userId"),
		body.Profile); err != nil {
		s.fail(c, err)
		return
	}
	s.respondAppUser(c, http.StatusOK)
}

func (s *Sim) unassignUserRoute(c *gin.Context) {
	if err := s.UnassignUser(c, c.Param("appId"), c.Param("userId")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type appGroupJSON struct {
	ID          string         `json:"id"`
	Priority    int            `json:"priority"`
	LastUpdated string         `json:"lastUpdated"`
	Profile     map[string]any `json:"profile"`
	Links       map[string]any `json:"_links"`
}

func (s *Sim) renderAppGroup(ag AppGroup) appGroupJSON {
	return appGroupJSON{
		ID: ag.GroupID, Priority: ag.Priority,
		LastUpdated: okTime(ag.LastUpdated), Profile: map[string]any{},
		Links: map[string]any{
			"app":   link(s.cfg.PublicURL + "/api/v1/apps/" + ag.AppID),
			"group": link(s.cfg.PublicURL + "/api/v1/groups/" + ag.GroupID),
		},
	}
}

func (s *Sim) listAppGroups(c *gin.Context) {
	if _, err := s.getApp(c, c.Param("appId")); err != nil {
		s.fail(c, err)
		return
	}
	ags, err := s.store.ListAppGroups(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]appGroupJSON, 0, len(ags))
	for _, ag := range ags {
		out = append(out, s.renderAppGroup(ag))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) getAppGroupRoute(c *gin.Context) {
	ag, err := s.store.GetAppGroup(c, c.Param("appId"), c.Param("groupId"))
	if err != nil {
		s.fail(c, errNotFoundResource(c.Param("groupId"), "ApplicationGroupAssignment"))
		return
	}
	c.JSON(http.StatusOK, s.renderAppGroup(ag))
}

func (s *Sim) assignGroupRoute(c *gin.Context) {
	var body map[string]any
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	ag, err := s.AssignGroup(c, c.Param("appId"), c.Param("groupId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderAppGroup(ag))
}

func (s *Sim) unassignGroupRoute(c *gin.Context) {
	if err := s.UnassignGroup(c, c.Param("appId"), c.Param("groupId")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
