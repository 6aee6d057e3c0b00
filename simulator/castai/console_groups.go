package castai

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// ConsoleGroup is a user group in Cast AI's shape.
type ConsoleGroup struct {
	ID             string          `json:"id"`
	OrganizationID string          `json:"organizationId"`
	Name           string          `json:"name"`
	Description    string          `json:"description"`
	ManagedBy      string          `json:"managedBy,omitempty"`
	SSOProvider    string          `json:"ssoProvider,omitempty"`
	Definition     GroupDefinition `json:"definition"`
	CreatedAt      time.Time       `json:"createdAt"`
	UpdatedAt      time.Time       `json:"updatedAt"`
}

// GroupDefinition holds a group's author and members.
type GroupDefinition struct {
	Author  *GroupAuthor    `json:"author,omitempty"`
	Members []ConsoleMember `json:"members"`
}

// GroupAuthor is who created a group.
type GroupAuthor struct {
	ID    string `json:"id,omitempty"`
	Kind  string `json:"kind"`
	Email string `json:"email,omitempty"`
}

// ConsoleMember is one member of a console group.
type ConsoleMember struct {
	ID      string    `json:"id"`
	Email   string    `json:"email,omitempty"`
	Kind    string    `json:"kind"`
	AddedAt time.Time `json:"addedAt"`
}

// Group authors.
const (
	authorSCIM   = "scim"
	authorAPIKey = "api-key"
)

// SSO providers of synced groups.
const (
	SSOProviderOkta = "SSO_PROVIDER_OKTA"
	SSOProviderOIDC = "SSO_PROVIDER_OIDC"
)

type groupRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Definition  *struct {
		Members *[]struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"members"`
	} `json:"definition"`
}

func (req groupRequest) members() ([]store.Member, bool) {
	if req.Definition == nil || req.Definition.Members == nil {
		return nil, false
	}
	out := []store.Member{}
	for _, m := range *req.Definition.Members {
		out = append(out, store.Member{UserID: m.ID})
	}
	return out, true
}

func (s *Server) registerConsoleGroupRoutes(r *gin.RouterGroup) {
	org := r.Group("/organizations/:org", s.inOrg)
	org.GET("/groups", s.consoleListGroups)
	org.POST("/groups", s.consoleCreateGroup)
	org.GET("/groups/:groupId", s.consoleGetGroup)
	org.PATCH("/groups/:groupId", s.consoleUpdateGroup)
	org.PUT("/groups/:groupId", s.consoleUpdateGroup)
	org.DELETE("/groups/:groupId", s.consoleDeleteGroup)
}

func (s *Server) consoleGroup(g store.Group) ConsoleGroup {
	members, _ := s.store.Members(g.ID)
	cg := ConsoleGroup{
		ID: g.ID, OrganizationID: s.cfg.OrgID, Name: g.DisplayName, Description: g.Description,
		Definition: GroupDefinition{
			Author:  &GroupAuthor{Kind: g.Author},
			Members: make([]ConsoleMember, len(members)),
		},
		CreatedAt: g.Created, UpdatedAt: g.Modified,
	}
	for i, m := range members {
		cm := ConsoleMember{ID: m.UserID, Kind: "user", AddedAt: m.AddedAt}
		if u, err := s.store.User(m.UserID); err == nil {
			cm.Email = consoleEmail(u)
		}
		cg.Definition.Members[i] = cm
	}
	if g.Synced {
		cg.ManagedBy, cg.SSOProvider = "sso-sync:"+g.ConnectionID, SSOProviderOkta
		if conn, err := s.store.Connection(g.ConnectionID); err == nil && conn.OIDC != nil {
			cg.SSOProvider = SSOProviderOIDC
		}
	}
	return cg
}

func (s *Server) consoleListGroups(c *gin.Context) {
	groups, _ := s.store.ListGroups(nil, 0, math.MaxInt)
	out := make([]ConsoleGroup, len(groups))
	for i, g := range groups {
		out[i] = s.consoleGroup(g)
	}
	c.JSON(http.StatusOK, gin.H{"groups": out})
}

func (s *Server) consoleGetGroup(c *gin.Context) {
	g, err := s.store.Group(c.Param("groupId"))
	if err != nil {
		consoleStoreError(c, err, "group "+c.Param("groupId"))
		return
	}
	c.JSON(http.StatusOK, s.consoleGroup(g))
}

// readConsoleJSON decodes a console request body into v or answers 400.
func readConsoleJSON(c *gin.Context, v any) bool {
	body, err := readBody(c)
	if err != nil {
		consoleStoreError(c, err, "request")
		return false
	}
	if !utf8.Valid(body) {
		consoleError(c, http.StatusBadRequest, "request body is not valid UTF-8")
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		consoleError(c, http.StatusBadRequest, "request body is not valid JSON: "+err.Error())
		return false
	}
	return true
}

// consoleCreateGroup creates a manual group, editable in the console.
func (s *Server) consoleCreateGroup(c *gin.Context) {
	var req groupRequest
	if !readConsoleJSON(c, &req) {
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		consoleError(c, http.StatusBadRequest, "name is required")
		return
	}
	g := store.Group{DisplayName: *req.Name, Author: authorAPIKey}
	if req.Description != nil {
		g.Description = *req.Description
	}
	members, _ := req.members()
	created, err := s.store.CreateGroup(g, members)
	if err != nil {
		consoleStoreError(c, err, "group "+*req.Name)
		return
	}
	c.JSON(http.StatusOK, s.consoleGroup(created))
}

// consoleUpdateGroup changes a group; the member list, when given, replaces
// the whole list. A synced group's name and members are refused (409).
func (s *Server) consoleUpdateGroup(c *gin.Context) {
	var req groupRequest
	if !readConsoleJSON(c, &req) {
		return
	}
	members, setMembers := req.members()
	var steps []store.MemberStep
	if setMembers {
		steps = []store.MemberStep{
			{Op: store.MemberClear},
			{Op: store.MemberAdd, Members: members},
		}
	}
	id := c.Param("groupId")
	cur, err := s.store.Group(id)
	if err != nil {
		consoleStoreError(c, err, "group "+id)
		return
	}
	if cur.Synced && (nameChanges(req.Name, cur) || setMembers && s.membersChange(id, members)) {
		consoleError(c, http.StatusConflict, "group "+cur.DisplayName+" is synced from the "+
			"identity provider: change its name and members there (its role bindings and "+
			"description can be edited here)")
		return
	}

	res, err := s.store.ChangeGroup(id, store.GroupChange{
		IfVersion: cur.Version,
		Steps:     steps,
		Edit: func(g *store.Group) error {
			if req.Name != nil {
				g.DisplayName = *req.Name
			}
			if req.Description != nil {
				g.Description = *req.Description
			}
			return nil
		},
	})
	if errors.Is(err, store.ErrPreconditionFailed) {
		consoleError(c, http.StatusConflict, "group "+id+" changed meanwhile; try again")
		return
	}
	if err != nil {
		consoleStoreError(c, err, "group "+id)
		return
	}
	if s.defects.on(DefectKeepAccessAfterGroupRemoval) {
		s.rememberLeavers(id, res.Removed)
	}
	c.JSON(http.StatusOK, s.consoleGroup(res.Group))
}

func nameChanges(name *string, g store.Group) bool {
	return name != nil && *name != g.DisplayName
}

func (s *Server) membersChange(groupID string, want []store.Member) bool {
	have, _ := s.store.Members(groupID)
	if len(have) != len(want) {
		return true
	}
	set := map[string]bool{}
	for _, m := range have {
		set[m.UserID] = true
	}
	for _, m := range want {
		if !set[m.UserID] {
			return true
		}
	}
	return false
}

// consoleDeleteGroup deletes a manual group; a synced group is deleted by
// the identity provider only.
func (s *Server) consoleDeleteGroup(c *gin.Context) {
	id := c.Param("groupId")
	g, err := s.store.Group(id)
	if err != nil {
		consoleStoreError(c, err, "group "+id)
		return
	}
	if g.Synced {
		consoleError(c, http.StatusConflict, "group "+g.DisplayName+" is synced from the "+
			"identity provider: delete or unlink it there, or turn sync off first")
		return
	}
	if err := s.store.DeleteGroup(id); err != nil {
		consoleStoreError(c, err, "group "+id)
		return
	}
	c.Status(http.StatusNoContent)
}
