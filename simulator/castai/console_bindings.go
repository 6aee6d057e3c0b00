package castai

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// ConsoleBinding is a role binding in Cast AI's shape. Source is
// "new-joiner" for the default-role bindings castsim creates (decision 3).
type ConsoleBinding struct {
	ID             string            `json:"id"`
	OrganizationID string            `json:"organizationId"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	Definition     BindingDefinition `json:"definition"`
	Source         string            `json:"source,omitempty"`
	CreatedAt      time.Time         `json:"createdAt"`
	UpdatedAt      time.Time         `json:"updatedAt"`
}

// BindingDefinition is what a binding grants, where and to whom.
type BindingDefinition struct {
	RoleID   string          `json:"roleId"`
	Scopes   []store.Scope   `json:"scopes"`
	Subjects []store.Subject `json:"subjects"`
}

type bindingRequest struct {
	Name        *string            `json:"name"`
	Description *string            `json:"description"`
	Definition  *BindingDefinition `json:"definition"`
}

func (s *Server) registerBindingRoutes(r *gin.RouterGroup) {
	org := r.Group("/organizations/:org", s.inOrg)
	org.GET("/role-bindings", s.listBindings)
	org.POST("/role-bindings", s.createBindings)
	org.GET("/role-bindings/:bindingId", s.getBinding)
	org.PATCH("/role-bindings/:bindingId", s.updateBinding)
	org.PUT("/role-bindings/:bindingId", s.updateBinding)
	org.DELETE("/role-bindings/:bindingId", s.deleteBinding)
}

func (s *Server) consoleBinding(b store.RoleBinding) ConsoleBinding {
	return ConsoleBinding{
		ID: b.ID, OrganizationID: s.cfg.OrgID, Name: b.Name, Description: b.Description,
		Definition: BindingDefinition{RoleID: b.RoleID, Scopes: b.Scopes, Subjects: b.Subjects},
		Source:     b.Source, CreatedAt: b.Created, UpdatedAt: b.Updated,
	}
}

// listBindings lists role bindings; ?subjectId= keeps those naming a user or
// group.
func (s *Server) listBindings(c *gin.Context) {
	bindings := s.store.Bindings()
	if id := c.Query("subjectId"); id != "" {
		bindings = s.store.BindingsFor(store.Subject{User: &store.IDRef{ID: id}},
			store.Subject{Group: &store.IDRef{ID: id}})
	}
	out := make([]ConsoleBinding, len(bindings))
	for i, b := range bindings {
		out[i] = s.consoleBinding(b)
	}
	c.JSON(http.StatusOK, gin.H{"roleBindings": out})
}

// createBindings takes an array of bindings, as Cast AI's API does, and
// creates all or none.
func (s *Server) createBindings(c *gin.Context) {
	var reqs []bindingRequest
	if !readConsoleJSON(c, &reqs) {
		return
	}
	if len(reqs) == 0 {
		consoleError(c, http.StatusBadRequest, "send an array of one or more role bindings")
		return
	}
	bindings := make([]store.RoleBinding, len(reqs))
	for i, req := range reqs {
		var b store.RoleBinding
		if err := s.fillBinding(&b, req, true); err != nil {
			consoleError(c, http.StatusBadRequest, fmt.Sprintf("role binding %d: %v", i+1, err))
			return
		}
		bindings[i] = b
	}
	out := make([]ConsoleBinding, len(bindings))
	for i, b := range bindings {
		created, err := s.store.CreateBinding(b)
		if err != nil {
			consoleStoreError(c, err, "role binding")
			return
		}
		out[i] = s.consoleBinding(created)
	}
	c.JSON(http.StatusOK, out)
}

// fillBinding sets b from a request and checks it; create requires a
// definition, an update may leave it out.
func (s *Server) fillBinding(b *store.RoleBinding, req bindingRequest, create bool) error {
	if req.Name != nil {
		b.Name = *req.Name
	}
	if req.Description != nil {
		b.Description = *req.Description
	}
	if req.Definition == nil {
		if create {
			return fmt.Errorf("definition with roleId, scopes and subjects is required")
		}
		return nil
	}
	if err := s.checkDefinition(*req.Definition); err != nil {
		return err
	}
	d := req.Definition
	b.RoleID, b.Scopes, b.Subjects = d.RoleID, d.Scopes, d.Subjects
	return nil
}

func (s *Server) checkDefinition(d BindingDefinition) error {
	if _, ok := roleByID(d.RoleID); !ok {
		return fmt.Errorf("roleId %q is not a role of this organization", d.RoleID)
	}
	if len(d.Scopes) == 0 || len(d.Subjects) == 0 {
		return fmt.Errorf("a role binding needs at least one scope and one subject")
	}
	for _, sc := range d.Scopes {
		switch {
		case sc.Organization != nil && sc.Cluster != nil:
			return fmt.Errorf("a scope is either organization or cluster, not both")
		case sc.Organization != nil && sc.Organization.ID != s.cfg.OrgID:
			return fmt.Errorf("scope organization %q is not this organization", sc.Organization.ID)
		case sc.Cluster != nil && strings.TrimSpace(sc.Cluster.ID) == "":
			return fmt.Errorf("scope cluster needs an id")
		case sc.Organization == nil && sc.Cluster == nil:
			return fmt.Errorf("a scope needs organization or cluster")
		}
	}
	for _, sub := range d.Subjects {
		if err := s.checkSubject(sub); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) checkSubject(sub store.Subject) error {
	switch {
	case sub.User != nil:
		if _, err := s.store.User(sub.User.ID); err != nil {
			return fmt.Errorf("subject user %q does not exist", sub.User.ID)
		}
	case sub.Group != nil:
		if _, err := s.store.Group(sub.Group.ID); err != nil {
			return fmt.Errorf("subject group %q does not exist", sub.Group.ID)
		}
	case sub.ServiceAccount != nil:
		if sub.ServiceAccount.ID == "" {
			return fmt.Errorf("subject serviceAccount needs an id")
		}
	default:
		return fmt.Errorf("a subject needs user, group or serviceAccount")
	}
	return nil
}

func (s *Server) getBinding(c *gin.Context) {
	b, err := s.store.Binding(c.Param("bindingId"))
	if err != nil {
		consoleStoreError(c, err, "role binding "+c.Param("bindingId"))
		return
	}
	c.JSON(http.StatusOK, s.consoleBinding(b))
}

func (s *Server) updateBinding(c *gin.Context) {
	var req bindingRequest
	if !readConsoleJSON(c, &req) {
		return
	}
	b, err := s.store.Binding(c.Param("bindingId"))
	if err != nil {
		consoleStoreError(c, err, "role binding "+c.Param("bindingId"))
		return
	}
	if err := s.fillBinding(&b, req, false); err != nil {
		consoleError(c, http.StatusBadRequest, err.Error())
		return
	}
	updated, err := s.store.ReplaceBinding(b)
	if err != nil {
		consoleStoreError(c, err, "role binding "+b.ID)
		return
	}
	c.JSON(http.StatusOK, s.consoleBinding(updated))
}

func (s *Server) deleteBinding(c *gin.Context) {
	if err := s.store.DeleteBinding(c.Param("bindingId")); err != nil {
		consoleStoreError(c, err, "role binding "+c.Param("bindingId"))
		return
	}
	c.Status(http.StatusNoContent)
}
