package castai

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Built-in role ids. Owner, Member and Viewer are Cast AI's published ids;
// Analyst's is not published, so castsim fixes one.
const (
	RoleOwner   = "3e1050c7-6593-4298-94bb-154637911d78"
	RoleMember  = "8c60bd8e-21de-402a-969f-add07fd22c1b"
	RoleAnalyst = "a7f3c2d1-5e4b-4f60-9b8a-2c1d0e9f8a71"
	RoleViewer  = "6fc95bd7-6049-4735-80b0-ce5ccde71cb1"
)

// Role is a built-in role.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
}

var roles = []Role{
	{RoleOwner, "Owner", "Administers the organization: members, SSO, API keys", "BUILT_IN"},
	{RoleMember, "Member", "Runs clusters and reads billing", "BUILT_IN"},
	{RoleAnalyst, "Analyst", "Uses cost features and reads the rest", "BUILT_IN"},
	{RoleViewer, "Viewer", "Reads everything", "BUILT_IN"},
}

func roleByID(id string) (Role, bool) {
	for _, r := range roles {
		if r.ID == id {
			return r, true
		}
	}
	return Role{}, false
}

func (s *Server) registerRoleRoutes(r *gin.RouterGroup) {
	r.GET("/organizations/:org/roles", s.inOrg, func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"roles": roles})
	})
	r.GET("/organizations/:org/roles/:roleId", s.inOrg, func(c *gin.Context) {
		role, ok := roleByID(c.Param("roleId"))
		if !ok {
			consoleError(c, http.StatusNotFound, "role "+c.Param("roleId")+" not found")
			return
		}
		c.JSON(http.StatusOK, role)
	})
}
