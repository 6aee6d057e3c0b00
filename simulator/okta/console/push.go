package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerPushRoutes(r *gin.RouterGroup) {
	r.GET("/apps/:id/push", con.pushGroups)
	r.POST("/apps/:id/push", con.addPush)
	r.POST("/apps/:id/push/:mid/now", con.pushNow)
	r.POST("/apps/:id/push/:mid/status", con.pushStatus)
	r.GET("/apps/:id/push/:mid/unlink", con.unlinkForm)
	r.POST("/apps/:id/push/:mid/unlink", con.unlink)
}

func (con *Console) pushGroups(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	mappings, err := con.sim.PushMappings(c, app.ID)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	pushed := map[string]bool{}
	for _, m := range mappings {
		pushed[m.SourceGroupID] = true
	}

	// "Find groups by name": the groups not pushed yet whose name matches.
	q := strings.TrimSpace(c.Query("q"))
	groups, _ := con.sim.Groups(c)
	var matched []okta.Group
	for _, g := range groups {
		if !pushed[g.ID] && strings.Contains(strings.ToLower(g.Name), strings.ToLower(q)) {
			matched = append(matched, g)
		}
	}
	con.renderApp(c, app, "push", "Push Groups", gin.H{
		"Mappings": mappings, "Query": q, "Found": matched, "Searched": c.Request.URL.Query().Has("q"),
	})
}

func (con *Console) addPush(c *gin.Context) {
	appID := c.Param("id")
	back := at("apps", appID, "push")
	in := okta.NewPushMapping{
		SourceGroupID:   c.PostForm("group_id"),
		TargetGroupName: strings.TrimSpace(c.PostForm("target_group_name")),
	}
	if c.PostForm("match") == "link" && !con.linkTarget(c, appID, &in) {
		return
	}
	m, err := con.sim.CreatePushMapping(c, appID, in)
	if err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	con.site.Redirect(c, back, webui.OK("Pushing %s to %s.", m.TargetGroupName, appID))
}

// linkTarget finds the group to link in the app by name (the Okta group's
// own name when none is typed), as Okta's Link Group does, and points in at
// it; without a match it redirects back with an error and reports false.
func (con *Console) linkTarget(c *gin.Context, appID string, in *okta.NewPushMapping) bool {
	back := at("apps", appID, "push")
	name := in.TargetGroupName
	if name == "" {
		g, err := con.sim.Group(c, in.SourceGroupID)
		if err != nil {
			con.site.Redirect(c, back, failed(err))
			return false
		}
		name = g.Name
	}
	found, ok, err := con.sim.FindTargetGroup(c, appID, name)
	if err != nil {
		con.site.Redirect(c, back, failed(err))
		return false
	}
	if !ok {
		con.site.Redirect(c, back, webui.Flash{Error: true, Text: "The app has no group named " +
			strconv.Quote(name) + " to link: choose Create Group, or type the name of a group it has."})
		return false
	}
	in.TargetGroupID, in.TargetGroupName = found.ID, name
	return true
}

func (con *Console) pushNow(c *gin.Context) {
	appID := c.Param("id")
	m, err := con.sim.PushNow(c, appID, c.Param("mid"))
	if err != nil {
		con.site.Redirect(c, at("apps", appID, "push"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", appID, "push"), webui.OK("Pushing all members of %s now.", m.TargetGroupName))
}

func (con *Console) pushStatus(c *gin.Context) {
	appID := c.Param("id")
	status := okta.MappingOff
	if c.PostForm("status") == okta.MappingActive {
		status = okta.MappingActive
	}
	m, err := con.sim.SetPushMappingStatus(c, appID, c.Param("mid"), status)
	if err != nil {
		con.site.Redirect(c, at("apps", appID, "push"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", appID, "push"), webui.OK("Push of %s is %s.", m.TargetGroupName,
		strings.ToLower(m.Status)))
}

// findMapping returns the push mapping of the path.
func (con *Console) findMapping(c *gin.Context, appID string) (okta.PushMappingView, bool) {
	ms, err := con.sim.PushMappings(c, appID)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return okta.PushMappingView{}, false
	}
	for _, m := range ms {
		if m.ID == c.Param("mid") {
			return m, true
		}
	}
	con.site.ErrorPage(c, http.StatusNotFound, "There is no push mapping "+c.Param("mid")+".")
	return okta.PushMappingView{}, false
}

func (con *Console) unlinkForm(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	m, found := con.findMapping(c, app.ID)
	if !found {
		return
	}
	con.renderApp(c, app, "unlink", "Unlink pushed group", gin.H{"Mapping": m})
}

// unlink is "Unlink pushed group": an active mapping is deactivated first,
// as Okta's console does, then deleted with the admin's choice of deleting
// the target group or leaving it.
func (con *Console) unlink(c *gin.Context) {
	appID, id := c.Param("id"), c.Param("mid")
	back := at("apps", appID, "push")
	choice := c.PostForm("target")
	if choice != "delete" && choice != "leave" {
		con.site.Redirect(c, at("apps", appID, "push", id, "unlink"), webui.Flash{
			Error: true,
			Text:  "Choose whether to delete the group in the target app or leave it.",
		})
		return
	}
	m, found := con.findMapping(c, appID)
	if !found {
		return
	}
	if m.Status != okta.MappingOff {
		if _, err := con.sim.SetPushMappingStatus(c, appID, id, okta.MappingOff); err != nil {
			con.site.Redirect(c, back, failed(err))
			return
		}
	}
	if err := con.sim.DeletePushMapping(c, appID, id, choice == "delete"); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	if choice == "delete" {
		con.site.Redirect(c, back, webui.OK("Unlinked %s and deleting it in the target app.", m.TargetGroupName))
		return
	}
	con.site.Redirect(c, back, webui.OK("Unlinked %s; the group stays in the target app.", m.TargetGroupName))
}
