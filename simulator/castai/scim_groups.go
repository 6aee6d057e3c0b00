package castai

import (
	"errors"
	"math"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	filter "github.com/scim2/filter-parser/v2"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

func (s *Server) registerGroupRoutes(r *gin.RouterGroup) {
	r.POST("/Groups", s.createGroup)
	r.GET("/Groups", s.listGroups)
	r.GET("/Groups/:id", s.getGroup)
	r.PUT("/Groups/:id", s.replaceGroup)
	r.PATCH("/Groups/:id", s.patchGroup)
	r.DELETE("/Groups/:id", s.deleteGroup)
}

func (s *Server) groupProjection(c *gin.Context) projection {
	return parseProjection(&groupSchema, c.Query("attributes"), c.Query("excludedAttributes"))
}

// renderGroup writes g projected as the request asks; members are read only
// when they will be returned.
func (s *Server) renderGroup(c *gin.Context, status int, g store.Group) {
	proj := s.groupProjection(c)
	var members []store.Member
	withMembers := proj.wants("members")
	if withMembers {
		members, _ = s.store.Members(g.ID)
	}
	setResourceHeaders(c, s.location("Groups", g.ID), g.Version)
	writeSCIM(c, status, proj.apply(s.groupResource(g, members, withMembers)))
}

func groupNotFound(id string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return scimError(http.StatusNotFound, "", "group "+id+" not found")
	}
	return err
}

// createGroup is POST /Groups. A group created over SCIM is a synced group
// (decision 1).
func (s *Server) createGroup(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	g, members, err := decodeGroup(body)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	conn := connectionOf(c)
	g.Synced, g.ConnectionID, g.Author = true, conn.ID, authorSCIM

	created, err := s.store.CreateGroup(g, members)
	if err != nil {
		writeSCIMError(c, conflictDetail(err, "displayName", g.DisplayName))
		return
	}
	s.log.Info("scim group created", "group_id", created.ID, "connection_id", conn.ID)
	s.renderGroup(c, http.StatusCreated, created)
}

func (s *Server) getGroup(c *gin.Context) {
	g, err := s.store.Group(c.Param("id"))
	if err != nil {
		writeSCIMError(c, groupNotFound(c.Param("id"), err))
		return
	}
	s.renderGroup(c, http.StatusOK, g)
}

func (s *Server) listGroups(c *gin.Context) {
	expr, err := parseFilter(&groupSchema, c.Query("filter"))
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	p, err := parsePaging(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}

	// Members are rendered for matching only when the filter names them.
	filterMembers := namesAttr(expr, "members")
	ev := evaluator{sd: &groupSchema}
	match := func(g *store.Group) bool {
		var members []store.Member
		if filterMembers {
			members, _ = s.store.Members(g.ID)
		}
		return ev.match(expr, s.groupResource(*g, members, filterMembers))
	}
	if expr == nil {
		match = nil
	}
	var page []store.Group
	var total int
	if v, ok := indexedEq(expr, "displayName"); ok && !filterMembers {
		page, total = pageOf(s.store.GroupsByName(v), match, p)
	} else if filterMembers {
		// Members are read per group, outside the store's lock.
		all, _ := s.store.ListGroups(nil, 0, math.MaxInt)
		page, total = pageOf(all, match, p)
	} else {
		page, total = s.store.ListGroups(match, p.startIndex-1, p.count)
	}

	proj := s.groupProjection(c)
	withMembers := proj.wants("members")
	items := make([]resource, len(page))
	for i, g := range page {
		var members []store.Member
		if withMembers {
			members, _ = s.store.Members(g.ID)
		}
		items[i] = proj.apply(s.groupResource(g, members, withMembers))
	}
	writeSCIM(c, http.StatusOK, listResponse(p, total, items))
}

// namesAttr reports whether a filter names the attribute.
func namesAttr(expr filter.Expression, name string) bool {
	switch x := expr.(type) {
	case *filter.LogicalExpression:
		return namesAttr(x.Left, name) || namesAttr(x.Right, name)
	case *filter.NotExpression:
		return namesAttr(x.Expression, name)
	case *filter.ValuePath:
		return strings.EqualFold(x.AttributePath.AttributeName, name)
	case *filter.AttributeExpression:
		return strings.EqualFold(x.AttributePath.AttributeName, name)
	}
	return false
}

// replaceGroup is PUT /Groups/{id}. A body without members leaves them as
// they are (a client that read the group with excludedAttributes=members
// echoes it without them); "members": [] empties the group.
func (s *Server) replaceGroup(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	next, members, err := decodeGroup(body)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	plan := &groupPlan{displayName: &next.DisplayName, externalID: &next.ExternalID}
	if members != nil {
		plan.steps = []store.MemberStep{
			{Op: store.MemberClear},
			{Op: store.MemberAdd, Members: members},
		}
	}

	g, err := s.changeGroup(c, plan)
	if err != nil {
		writeSCIMError(c, conflictDetail(groupNotFound(c.Param("id"), err), "displayName",
			next.DisplayName))
		return
	}
	s.renderGroup(c, http.StatusOK, g)
}

// patchGroup is PATCH /Groups/{id}. It answers 204 without a body, so that a
// large group is not serialised on every membership change, unless the
// request asks for attributes (RFC 7644 §3.5.2).
func (s *Server) patchGroup(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	ops, err := parsePatch(&groupSchema, body)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	id := c.Param("id")
	cur, err := s.store.Group(id)
	if err != nil {
		writeSCIMError(c, groupNotFound(id, err))
		return
	}
	plan, err := s.planGroupPatch(cur, ops)
	if err != nil {
		writeSCIMError(c, err)
		return
	}

	g, err := s.changeGroup(c, plan)
	if err != nil {
		name := cur.DisplayName
		if plan.displayName != nil {
			name = *plan.displayName
		}
		writeSCIMError(c, conflictDetail(groupNotFound(id, err), "displayName", name))
		return
	}
	if c.Query("attributes") == "" {
		c.Header("ETag", etag(g.Version))
		c.Status(http.StatusNoContent)
		return
	}
	s.renderGroup(c, http.StatusOK, g)
}

// changeGroup applies a plan to the group named in the path. The group
// becomes synced by the request's connection; role bindings are left alone
// (decision 2) unless the sync-clears-role-bindings defect is on.
func (s *Server) changeGroup(c *gin.Context, plan *groupPlan) (store.Group, error) {
	conn := connectionOf(c)
	res, err := s.store.ChangeGroup(c.Param("id"), store.GroupChange{
		IfVersion: ifMatch(c),
		Steps:     plan.steps,
		Edit: func(g *store.Group) error {
			if plan.displayName != nil && !s.defects.on(DefectDropDisplayNameUpdate) {
				g.DisplayName = *plan.displayName
			}
			if plan.externalID != nil {
				g.ExternalID = *plan.externalID
			}
			g.Synced, g.ConnectionID = true, conn.ID
			return nil
		},
	})
	if err != nil {
		return store.Group{}, err
	}
	s.afterGroupWrite(res)
	return res.Group, nil
}

func (s *Server) afterGroupWrite(res store.ChangeResult) {
	if s.defects.on(DefectKeepAccessAfterGroupRemoval) {
		s.rememberLeavers(res.Group.ID, res.Removed)
	}
	if s.defects.on(DefectSyncClearsRoleBindings) {
		s.dropGroupBindings(res.Group.ID)
	}
	if len(res.Added)+len(res.Removed) > 0 {
		s.log.Info("scim group members changed", "group_id", res.Group.ID,
			"added", len(res.Added), "removed", len(res.Removed))
	}
}

func (s *Server) deleteGroup(c *gin.Context) {
	id := c.Param("id")
	g, err := s.store.Group(id)
	if err == nil {
		err = checkVersion(ifMatch(c), g.Version)
	}
	if err == nil {
		err = s.store.DeleteGroup(id)
	}
	if err != nil {
		writeSCIMError(c, groupNotFound(id, err))
		return
	}
	c.Status(http.StatusNoContent)
}
