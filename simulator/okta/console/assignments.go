package console

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

// appUserFields are the app-user attributes of Okta's SCIM template, in the
// order the Edit form shows them.
var appUserFields = []struct{ Name, Label string }{
	{"userName", "Username"},
	{"givenName", "Given name"},
	{"familyName", "Family name"},
	{"displayName", "Display name"},
	{"email", "Email"},
	{"title", "Title"},
	{"primaryPhone", "Primary phone"},
	{"mobilePhone", "Mobile phone"},
	{"locale", "Locale"},
}

func (con *Console) registerAssignmentRoutes(r *gin.RouterGroup) {
	r.GET("/apps/:id/assignments", con.assignments)
	r.POST("/apps/:id/assignments/people", con.assignPerson)
	r.GET("/apps/:id/assignments/people/:uid", con.appUserForm)
	r.POST("/apps/:id/assignments/people/:uid", con.editAppUser)
	r.POST("/apps/:id/assignments/people/:uid/remove", con.unassignPerson)
	r.POST("/apps/:id/assignments/groups", con.assignGroup)
	r.POST("/apps/:id/assignments/groups/:gid/remove", con.unassignGroup)
}

type appGroupRow struct {
	Group    okta.Group
	Priority int
}

func (con *Console) assignments(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	appUsers, err := con.sim.AppUsers(c, app.ID)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	ags, _ := con.sim.AppGroups(c, app.ID)
	assignedGroup := map[string]bool{}
	groups := []appGroupRow{}
	for _, ag := range ags {
		if g, err := con.sim.Group(c, ag.GroupID); err == nil {
			groups = append(groups, appGroupRow{Group: g, Priority: ag.Priority})
			assignedGroup[g.ID] = true
		}
	}
	direct := map[string]bool{}
	for _, au := range appUsers {
		direct[au.UserID] = au.Scope == okta.ScopeUser
	}

	users, _ := con.sim.Users(c)
	var people []okta.User
	for _, u := range users {
		if !direct[u.ID] && u.Status == okta.StatusActive {
			people = append(people, u)
		}
	}
	all, _ := con.sim.Groups(c)
	var others []okta.Group
	for _, g := range all {
		if !assignedGroup[g.ID] {
			others = append(others, g)
		}
	}
	con.renderApp(c, app, "assignments", "Assignments", gin.H{
		"AppUsers": appUsers, "Groups": groups, "People": people, "OtherGroups": others,
	})
}

func (con *Console) assignPerson(c *gin.Context) {
	appID, userID := c.Param("id"), c.PostForm("user_id")
	back := at("apps", appID, "assignments")
	if _, err := con.sim.AssignUser(c, appID, userID, nil); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	u, _ := con.sim.User(c, userID)
	con.site.Redirect(c, back, webui.OK("Assigned %s.", displayName(u)))
}

func (con *Console) unassignPerson(c *gin.Context) {
	appID, userID := c.Param("id"), c.Param("uid")
	back := at("apps", appID, "assignments")
	if err := con.sim.UnassignUser(c, appID, userID); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	u, _ := con.sim.User(c, userID)
	con.site.Redirect(c, back, webui.OK("Unassigned %s.", displayName(u)))
}

func (con *Console) assignGroup(c *gin.Context) {
	appID, groupID := c.Param("id"), c.PostForm("group_id")
	back := at("apps", appID, "assignments")
	if _, err := con.sim.AssignGroup(c, appID, groupID); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	g, _ := con.sim.Group(c, groupID)
	con.site.Redirect(c, back, webui.OK("Assigned the group %s.", g.Name))
}

func (con *Console) unassignGroup(c *gin.Context) {
	appID, groupID := c.Param("id"), c.Param("gid")
	back := at("apps", appID, "assignments")
	if err := con.sim.UnassignGroup(c, appID, groupID); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	g, _ := con.sim.Group(c, groupID)
	con.site.Redirect(c, back, webui.OK("Removed the group %s.", g.Name))
}

// findAppUser returns the app user of the path.
func (con *Console) findAppUser(c *gin.Context, appID string) (okta.AppUserView, error) {
	all, err := con.sim.AppUsers(c, appID)
	if err != nil {
		return okta.AppUserView{}, err
	}
	for _, au := range all {
		if au.UserID == c.Param("uid") {
			return au, nil
		}
	}
	return okta.AppUserView{}, &okta.APIError{
		Status: http.StatusNotFound, Code: "E0000007",
		Summary: "Not found: Resource not found: " + c.Param("uid") + " (AppUser)",
	}
}

func (con *Console) appUserForm(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	au, err := con.findAppUser(c, app.ID)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	values := map[string]string{}
	for _, f := range appUserFields {
		if v, set := au.Pushed[f.Name]; set && v != nil {
			values[f.Name] = fmt.Sprint(v)
		}
	}
	con.renderApp(c, app, "appuser", "Edit "+displayName(au.User), gin.H{
		"AppUser": au, "Name": displayName(au.User), "Fields": appUserFields, "Values": values,
	})
}

// editAppUser saves the attributes the admin changed as app-user profile
// values, which override the mapped ones and are pushed at once.
func (con *Console) editAppUser(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	back := at("apps", app.ID, "assignments")
	au, err := con.findAppUser(c, app.ID)
	if err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	changed := map[string]any{}
	for _, f := range appUserFields {
		v := strings.TrimSpace(c.PostForm(f.Name))
		if old, _ := au.Pushed[f.Name].(string); v != old {
			changed[f.Name] = v
		}
	}
	if len(changed) == 0 {
		con.site.Redirect(c, back, webui.OK("Nothing changed for %s.", displayName(au.User)))
		return
	}
	if _, err := con.sim.UpdateAppUserProfile(c, app.ID, au.UserID, changed); err != nil {
		con.site.Redirect(c, at("apps", app.ID, "assignments", "people", au.UserID), failed(err))
		return
	}
	con.site.Redirect(c, back, webui.OK("Saved the profile of %s for %s.", displayName(au.User), app.Label))
}
