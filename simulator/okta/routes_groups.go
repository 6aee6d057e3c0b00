package okta

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// groupJSON is Okta's Group object.
type groupJSON struct {
	ID                    string           `json:"id"`
	Created               string           `json:"created"`
	LastUpdated           string           `json:"lastUpdated"`
	LastMembershipUpdated string           `json:"lastMembershipUpdated"`
	ObjectClass           []string         `json:"objectClass"`
	Type                  string           `json:"type"`
	Profile               groupProfileJSON `json:"profile"`
	Links                 map[string]any   `json:"_links"`
}

type groupProfileJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

func (s *Sim) renderGroup(g Group) groupJSON {
	return groupJSON{
		ID: g.ID, Created: okTime(g.Created), LastUpdated: okTime(g.LastUpdated),
		LastMembershipUpdated: okTime(g.LastMembershipUpdated),
		ObjectClass:           []string{"okta:user_group"}, Type: GroupTypeOkta,
		Profile: groupProfileJSON{Name: g.Name, Description: g.Description},
		Links:   map[string]any{"self": link(s.cfg.PublicURL + "/api/v1/groups/" + g.ID)},
	}
}

type groupBody struct {
	Profile groupProfileJSON `json:"profile"`
}

func (s *Sim) registerGroupRoutes(r *gin.RouterGroup) {
	r.GET("/groups", s.listGroups)
	r.POST("/groups", s.createGroupRoute)
	r.GET("/groups/:id", s.getGroupRoute)
	r.PUT("/groups/:id", s.updateGroupRoute)
	r.DELETE("/groups/:id", s.deleteGroupRoute)
	r.GET("/groups/:id/users", s.listGroupUsers)
	r.PUT("/groups/:id/users/:userId", s.addMemberRoute)
	r.DELETE("/groups/:id/users/:userId", s.removeMemberRoute)
}

func (s *Sim) listGroups(c *gin.Context) {
	groups, err := s.store.ListGroups(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := strings.ToLower(c.Query("q"))
	kept := groups[:0]
	for _, g := range groups {
		if strings.HasPrefix(strings.ToLower(g.Name), q) {
			kept = append(kept, g)
		}
	}
	page, next, err := paginate(c, kept, func(g Group) string { return g.ID })
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]groupJSON, 0, len(page))
	for _, g := range page {
		out = append(out, s.renderGroup(g))
	}
	s.linkHeaders(c, next)
	c.JSON(http.StatusOK, out)
}

func (s *Sim) createGroupRoute(c *gin.Context) {
	var body groupBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	g, err := s.CreateGroup(c, NewGroup{
		Name:        body.Profile.Name,
		Description: body.Profile.Description,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderGroup(g))
}

func (s *Sim) getGroupRoute(c *gin.Context) {
	g, err := s.getGroup(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderGroup(g))
}

func (s *Sim) updateGroupRoute(c *gin.Context) {
	var body groupBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	g, err := s.UpdateGroup(c, c.Param("id"), body.Profile.Name, body.Profile.Description)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderGroup(g))
}

func (s *Sim) deleteGroupRoute(c *gin.Context) {
	if err := s.DeleteGroup(c, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Sim) listGroupUsers(c *gin.Context) {
	if _, err := s.getGroup(c, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	ids, err := s.store.ListMembers(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	users := make([]User, 0, len(ids))
	for _, id := range ids {
		if u, err := s.store.GetUser(c, id); err == nil {
			users = append(users, u)
		}
	}
	page, next, err := paginate(c, users, func(u User) string { return u.ID })
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]userJSON, 0, len(page))
	for _, u := range page {
		out = append(out, s.renderUser(u))
	}
	s.linkHeaders(c, next)
	c.JSON(http.StatusOK, out)
}

func (s *Sim) addMemberRoute(c *gin.Context) {
	if err := s.AddMember(c, c.Param("id"), c.Param("userId")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Sim) removeMemberRoute(c *gin.Context) {
	if err := s.RemoveMember(c, c.Param("id"), c.Param("userId")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
