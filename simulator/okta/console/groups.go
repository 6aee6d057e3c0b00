package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

// maxCandidates bounds the people offered by Assign people before a search.
const maxCandidates = 25

func (con *Console) registerGroupRoutes(r *gin.RouterGroup) {
	r.GET("/groups", con.groups)
	r.POST("/groups", con.addGroup)
	r.GET("/groups/:id", con.group)
	r.POST("/groups/:id/members", con.addMember)
	r.POST("/groups/:id/members/:uid/remove", con.removeMember)
}

type groupRow struct {
	Group   okta.Group
	Members int
}

func (con *Console) groups(c *gin.Context) {
	groups, err := con.sim.Groups(c)
	if err != nil {
		con.site.ErrorPage(c, http.StatusInternalServerError, summary(err))
		return
	}
	q := strings.ToLower(strings.TrimSpace(c.Query("q")))
	rows := []groupRow{}
	for _, g := range groups {
		if q != "" && !strings.Contains(strings.ToLower(g.Name), q) {
			continue
		}
		members, _ := con.sim.GroupMembers(c, g.ID)
		rows = append(rows, groupRow{Group: g, Members: len(members)})
	}
	con.site.Render(c, http.StatusOK, "groups.html", "Groups", "groups",
		gin.H{"Query": c.Query("q"), "Rows": rows})
}

func (con *Console) addGroup(c *gin.Context) {
	g, err := con.sim.CreateGroup(c, okta.NewGroup{
		Name:        strings.TrimSpace(c.PostForm("name")),
		Description: strings.TrimSpace(c.PostForm("description")),
	})
	if err != nil {
		con.site.Redirect(c, at("groups"), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", g.ID), webui.OK("Added the group %s.", g.Name))
}

func (con *Console) group(c *gin.Context) {
	g, err := con.sim.Group(c, c.Param("id"))
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	members, _ := con.sim.GroupMembers(c, g.ID)
	in := map[string]bool{}
	for _, m := range members {
		in[m.ID] = true
	}

	// Assign people: people not yet in the group, matching the search.
	q := strings.TrimSpace(c.Query("q"))
	users, _ := con.sim.Users(c)
	var candidates []okta.User
	for _, u := range users {
		if !in[u.ID] && u.Status != okta.StatusDeprovisioned && matches(u, q) {
			candidates = append(candidates, u)
		}
	}
	more := len(candidates) > maxCandidates
	if more {
		candidates = candidates[:maxCandidates]
	}
	con.site.Render(c, http.StatusOK, "group.html", g.Name, "groups", gin.H{
		"Group": g, "Members": members, "Query": q, "Candidates": candidates, "More": more,
	})
}

func (con *Console) addMember(c *gin.Context) {
	groupID, userID := c.Param("id"), c.PostForm("user_id")
	back := at("groups", groupID)
	if q := c.PostForm("q"); q != "" {
		back += "?q=" + url.QueryEscape(q)
	}
	if err := con.sim.AddMember(c, groupID, userID); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	u, _ := con.sim.User(c, userID)
	con.site.Redirect(c, back, webui.OK("Assigned %s to the group.", displayName(u)))
}

func (con *Console) removeMember(c *gin.Context) {
	groupID, userID := c.Param("id"), c.Param("uid")
	if err := con.sim.RemoveMember(c, groupID, userID); err != nil {
		con.site.Redirect(c, at("groups", groupID), failed(err))
		return
	}
	u, _ := con.sim.User(c, userID)
	con.site.Redirect(c, at("groups", groupID), webui.OK("Removed %s from the group.", displayName(u)))
}
