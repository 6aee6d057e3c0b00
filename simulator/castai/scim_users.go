package castai

import (
	"errors"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

func (s *Server) registerUserRoutes(r *gin.RouterGroup) {
	r.POST("/Users", s.createUser)
	r.GET("/Users", s.listUsers)
	r.GET("/Users/:id", s.getUser)
	r.PUT("/Users/:id", s.replaceUser)
	r.PATCH("/Users/:id", s.patchUser)
	r.DELETE("/Users/:id", s.deleteUser)
}

func (s *Server) userProjection(c *gin.Context) projection {
	return parseProjection(&userSchema, c.Query("attributes"), c.Query("excludedAttributes"))
}

// renderUser writes u with its groups, projected as the request asks.
func (s *Server) renderUser(c *gin.Context, status int, u store.User) {
	proj := s.userProjection(c)
	var groups []store.Group
	if proj.wants("groups") {
		groups, _ = s.store.UserGroups(u.ID)
	}
	setResourceHeaders(c, s.location("Users", u.ID), u.Version)
	writeSCIM(c, status, proj.apply(s.userResource(u, groups)))
}

// createUser is POST /Users. The user is a new joiner (decision 3): it gets a
// role binding to the default role of the connection whose token created it.
func (s *Server) createUser(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	conn := connectionOf(c)
	u := store.User{Active: true, Synced: true, ConnectionID: conn.ID}
	if err := s.decodeUser(body, &u); err != nil {
		writeSCIMError(c, err)
		return
	}

	created, err := s.store.CreateUser(u)
	if err != nil {
		writeSCIMError(c, conflictDetail(err, "userName", u.UserName))
		return
	}
	s.grantNewJoiner(created, conn)
	s.log.Info("scim user created", "user_id", created.ID, "connection_id", conn.ID)
	s.renderUser(c, http.StatusCreated, created)
}

func (s *Server) getUser(c *gin.Context) {
	u, err := s.store.User(c.Param("id"))
	if err != nil {
		writeSCIMError(c, userNotFound(c.Param("id"), err))
		return
	}
	s.renderUser(c, http.StatusOK, u)
}

func userNotFound(id string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return scimError(http.StatusNotFound, "", "user "+id+" not found")
	}
	return err
}

func (s *Server) listUsers(c *gin.Context) {
	expr, err := parseFilter(&userSchema, c.Query("filter"))
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	p, err := parsePaging(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}

	ev := evaluator{sd: &userSchema, exactUserName: s.defects.on(DefectCaseSensitiveUserName)}
	filterGroups := namesAttr(expr, "groups")
	match := func(u *store.User) bool {
		var groups []store.Group
		if filterGroups {
			groups, _ = s.store.UserGroups(u.ID)
		}
		return ev.match(expr, s.userResource(*u, groups))
	}
	if expr == nil {
		match = nil
	}
	var page []store.User
	var total int
	if v, ok := indexedEq(expr, "userName"); ok {
		page, total = pageOf(s.store.UsersByUserName(v), match, p)
	} else if v, ok := indexedEq(expr, "externalId"); ok {
		page, total = pageOf(s.store.UsersByExternalID(v), match, p)
	} else if filterGroups {
		// Groups are read per user, outside the store's lock.
		all, _ := s.store.ListUsers(nil, 0, math.MaxInt)
		page, total = pageOf(all, match, p)
	} else {
		page, total = s.store.ListUsers(match, p.startIndex-1, p.count)
	}

	proj := s.userProjection(c)
	items := make([]resource, len(page))
	for i, u := range page {
		var groups []store.Group
		if proj.wants("groups") {
			groups, _ = s.store.UserGroups(u.ID)
		}
		items[i] = proj.apply(s.userResource(u, groups))
	}
	writeSCIM(c, http.StatusOK, listResponse(p, total, items))
}

// pageOf filters and pages the candidates an index lookup returned.
func pageOf[T any](candidates []T, match func(*T) bool, p paging) ([]T, int) {
	var page []T
	total := 0
	for i := range candidates {
		if match != nil && !match(&candidates[i]) {
			continue
		}
		if total >= p.startIndex-1 && len(page) < p.count {
			page = append(page, candidates[i])
		}
		total++
	}
	return page, total
}

// replaceUser is PUT /Users/{id}: a full replace in which read-only, unknown
// and unstored attributes are ignored, so echoing a GET changes nothing.
func (s *Server) replaceUser(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	conn := connectionOf(c)
	id := c.Param("id")
	var newName string
	u, err := s.store.UpdateUser(id, ifMatch(c), func(u *store.User) error {
		old := *u
		next := store.User{Active: u.Active}
		if err := s.decodeUser(body, &next); err != nil {
			return err
		}
		newName = next.UserName
		u.UserName, u.ExternalID, u.Name = next.UserName, next.ExternalID, next.Name
		u.DisplayName, u.Emails = next.DisplayName, next.Emails
		u.Active, u.Title = next.Active, next.Title
		s.keepSynced(u, old, conn)
		return nil
	})
	if err != nil {
		writeSCIMError(c, conflictDetail(userNotFound(id, err), "userName", newName))
		return
	}
	s.renderUser(c, http.StatusOK, s.afterUserWrite(u))
}

// patchUser is PATCH /Users/{id} (RFC 7644 §3.5.2), answered with the user.
func (s *Server) patchUser(c *gin.Context) {
	body, err := readSCIMBody(c)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	ops, err := parsePatch(&userSchema, body)
	if err != nil {
		writeSCIMError(c, err)
		return
	}
	conn := connectionOf(c)
	id := c.Param("id")
	var newName string
	u, err := s.store.UpdateUser(id, ifMatch(c), func(u *store.User) error {
		old := *u
		if err := s.applyUserPatch(u, ops); err != nil {
			return err
		}
		newName = u.UserName
		s.keepSynced(u, old, conn)
		return nil
	})
	if err != nil {
		writeSCIMError(c, conflictDetail(userNotFound(id, err), "userName", newName))
		return
	}
	s.renderUser(c, http.StatusOK, s.afterUserWrite(u))
}

// keepSynced marks a user written over SCIM as synced by conn, and applies
// the drop-displayname-update defect.
func (s *Server) keepSynced(u *store.User, old store.User, conn store.Connection) {
	u.Synced, u.ConnectionID = true, conn.ID
	if s.defects.on(DefectDropDisplayNameUpdate) {
		u.DisplayName = old.DisplayName
	}
}

// afterUserWrite applies the deactivate-deletes-user defect. Without it,
// active:false keeps the record (decision 4); access is derived from active.
func (s *Server) afterUserWrite(u store.User) store.User {
	if !u.Active && s.defects.on(DefectDeactivateDeletesUser) {
		if err := s.store.DeleteUser(u.ID); err != nil {
			s.log.Warn("delete deactivated user", "user_id", u.ID, "err", err)
		}
	}
	if !u.Active {
		s.log.Info("scim user deactivated", "user_id", u.ID)
	}
	return u
}

func (s *Server) deleteUser(c *gin.Context) {
	id := c.Param("id")
	u, err := s.store.User(id)
	if err == nil {
		err = checkVersion(ifMatch(c), u.Version)
	}
	if err == nil {
		err = s.store.DeleteUser(id)
	}
	if err != nil {
		writeSCIMError(c, userNotFound(id, err))
		return
	}
	c.Status(http.StatusNoContent)
}
