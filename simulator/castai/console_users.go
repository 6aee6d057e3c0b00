package castai

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// Membership is a console user with its groups, in Cast AI's shape.
type Membership struct {
	User      ConsoleUser `json:"user"`
	Groups    []GroupRef  `json:"groups"`
	CreatedAt time.Time   `json:"createdAt"`
	LoginAt   *time.Time  `json:"loginAt"`
}

// ConsoleUser is a user as the console shows it. Its id is its SCIM id.
type ConsoleUser struct {
	ID           string `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Username     string `json:"username"`
	AuthProvider string `json:"authProvider"`
	ScimActive   bool   `json:"scimActive"`
	Synced       bool   `json:"synced"`
}

// GroupRef names a group.
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Server) registerConsoleUserRoutes(r *gin.RouterGroup) {
	r.GET("/me", s.me)
	org := r.Group("/organizations/:org", s.inOrg)
	org.GET("/users", s.consoleListUsers)
	org.GET("/users/:userId", s.consoleGetUser)
	org.GET("/users/:userId/groups", s.consoleUserGroups)
	org.GET("/users/:userId/access", s.consoleUserAccess)
	org.DELETE("/users/:userId", s.consoleDeleteUser)
}

// consoleName is displayName, else given and family name, else userName.
func consoleName(u store.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	if n := strings.TrimSpace(u.Name.GivenName + " " + u.Name.FamilyName); n != "" {
		return n
	}
	return u.UserName
}

func consoleEmail(u store.User) string {
	for _, e := range u.Emails {
		if e.Primary {
			return e.Value
		}
	}
	return u.UserName
}

func (s *Server) authProvider(u store.User) string {
	if u.ConnectionID == "" {
		return "castai"
	}
	if conn, err := s.store.Connection(u.ConnectionID); err == nil && conn.OIDC != nil {
		return "oidc"
	}
	return "okta"
}

func (s *Server) membership(u store.User) Membership {
	groups, _ := s.store.UserGroups(u.ID)
	refs := make([]GroupRef, len(groups))
	for i, g := range groups {
		refs[i] = GroupRef{ID: g.ID, Name: g.DisplayName}
	}
	return Membership{
		User: ConsoleUser{
			ID: u.ID, Email: consoleEmail(u), Name: consoleName(u), Username: u.UserName,
			AuthProvider: s.authProvider(u), ScimActive: u.Active, Synced: u.Synced,
		},
		Groups:    refs,
		CreatedAt: u.Created,
		LoginAt:   s.sessions.lastSignIn(u.ID),
	}
}

func (s *Server) consoleListUsers(c *gin.Context) {
	users, _ := s.store.ListUsers(nil, 0, math.MaxInt)
	out := make([]Membership, len(users))
	for i, u := range users {
		out[i] = s.membership(u)
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

// consoleUser loads the user named in the path or answers 404.
func (s *Server) consoleUser(c *gin.Context) (store.User, bool) {
	u, err := s.store.User(c.Param("userId"))
	if err != nil {
		consoleStoreError(c, err, "user "+c.Param("userId"))
		return store.User{}, false
	}
	return u, true
}

func (s *Server) consoleGetUser(c *gin.Context) {
	if u, ok := s.consoleUser(c); ok {
		c.JSON(http.StatusOK, s.membership(u))
	}
}

func (s *Server) consoleUserGroups(c *gin.Context) {
	if u, ok := s.consoleUser(c); ok {
		c.JSON(http.StatusOK, gin.H{"groups": s.membership(u).Groups})
	}
}

func (s *Server) consoleUserAccess(c *gin.Context) {
	if u, ok := s.consoleUser(c); ok {
		c.JSON(http.StatusOK, gin.H{"access": s.effectiveAccess(u)})
	}
}

// consoleDeleteUser removes a user and everything it held.
func (s *Server) consoleDeleteUser(c *gin.Context) {
	if err := s.store.DeleteUser(c.Param("userId")); err != nil {
		consoleStoreError(c, err, "user "+c.Param("userId"))
		return
	}
	c.Status(http.StatusNoContent)
}

// consoleStoreError maps a store error to the console's error body.
func consoleStoreError(c *gin.Context, err error, what string) {
	var me *store.MemberError
	switch {
	case errors.As(err, &me):
		consoleError(c, http.StatusBadRequest, me.Error())
	case errors.Is(err, store.ErrNotFound):
		consoleError(c, http.StatusNotFound, what+" not found")
	case errors.Is(err, store.ErrConflict):
		consoleError(c, http.StatusConflict, what+": the name is already taken")
	case errors.Is(err, errBodyTooLarge):
		consoleError(c, http.StatusRequestEntityTooLarge, "request body is larger than 1 MiB")
	default:
		consoleError(c, http.StatusInternalServerError, "internal error")
	}
}
