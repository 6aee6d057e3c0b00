package okta

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// userJSON is Okta's User object.
type userJSON struct {
	ID              string         `json:"id"`
	Status          string         `json:"status"`
	Created         string         `json:"created"`
	Activated       *string        `json:"activated"`
	StatusChanged   *string        `json:"statusChanged"`
	LastLogin       *string        `json:"lastLogin"`
	LastUpdated     string         `json:"lastUpdated"`
	PasswordChanged *string        `json:"passwordChanged"`
	Type            map[string]any `json:"type"`
	Profile         Profile        `json:"profile"`
	Credentials     map[string]any `json:"credentials"`
	Links           map[string]any `json:"_links"`
}

func (s *Sim) renderUser(u User) userJSON {
	creds := map[string]any{"provider": map[string]string{"type": "OKTA", "name": "OKTA"}}
	if len(u.PasswordHash) > 0 {
		creds["password"] = map[string]any{}
	}
	profile := u.Profile
	if profile == nil {
		profile = Profile{}
	}
	return userJSON{
		ID: u.ID, Status: u.Status, Created: okTime(u.Created),
		Activated: okTimePtr(u.Activated), StatusChanged: okTimePtr(u.StatusChanged),
		LastUpdated: okTime(u.LastUpdated), PasswordChanged: okTimePtr(u.PasswordChanged),
		Type:    map[string]any{"id": "oty00000000000000000"},
		Profile: profile, Credentials: creds,
		Links: map[string]any{"self": link(s.cfg.PublicURL + "/api/v1/users/" + u.ID)},
	}
}

func link(href string) map[string]string { return map[string]string{"href": href} }

// userBody is the body of user create and update requests.
type userBody struct {
	Profile     Profile `json:"profile"`
	Credentials struct {
		Password struct {
			Value string `json:"value"`
		} `json:"password"`
	} `json:"credentials"`
	GroupIDs []string `json:"groupIds"`
}

func (s *Sim) registerUserRoutes(r *gin.RouterGroup) {
	r.GET("/users", s.listUsers)
	r.POST("/users", s.createUserRoute)
	r.GET("/users/:id", s.getUser)
	r.POST("/users/:id", s.updateUserRoute(true))
	r.PUT("/users/:id", s.updateUserRoute(false))
	r.DELETE("/users/:id", s.deleteUser)
	r.POST("/users/:id/lifecycle/:op", s.userLifecycle)
	r.GET("/users/:id/groups", s.listUserGroups)
	r.GET("/users/:id/appLinks", s.listUserAppLinks)
}

func (s *Sim) createUserRoute(c *gin.Context) {
	var body userBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	status := StatusStaged
	if c.DefaultQuery("activate", "true") == "true" {
		status = StatusActive
	}
	u, err := s.createUserWithGroups(c, NewUser{
		Profile:  body.Profile,
		Password: body.Credentials.Password.Value, Status: status,
	}, body.GroupIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderUser(u))
}

func (s *Sim) getUser(c *gin.Context) {
	u, err := s.lookupUser(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderUser(u))
}

func (s *Sim) updateUserRoute(partial bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body userBody
		if err := bind(c, &body); err != nil {
			s.fail(c, err)
			return
		}
		u, err := s.UpdateUser(c, c.Param("id"), body.Profile, partial,
			body.Credentials.Password.Value)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, s.renderUser(u))
	}
}

func (s *Sim) deleteUser(c *gin.Context) {
	if err := s.DeleteUser(c, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Sim) userLifecycle(c *gin.Context) {
	op := c.Param("op")
	if op == "reset_password" || op == "expire_password" || op == "unlock" {
		s.fail(c, errNotFoundResource(op, "lifecycle operation"))
		return
	}
	u, err := s.Lifecycle(c, c.Param("id"), op)
	if err != nil {
		s.fail(c, err)
		return
	}
	if (op == OpActivate || op == OpReactivate) && c.Query("sendEmail") == "false" {
		c.JSON(http.StatusOK, gin.H{
			"activationUrl":   s.cfg.PublicURL + "/welcome/" + u.ID,
			"activationToken": newID("tok"),
		})
		return
	}
	c.JSON(http.StatusOK, gin.H{})
}

func (s *Sim) listUsers(c *gin.Context) {
	users, err := s.store.ListUsers(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	match, err := userMatcher(c.Query("q"), c.Query("filter"), c.Query("search"))
	if err != nil {
		s.fail(c, err)
		return
	}
	kept := users[:0]
	for _, u := range users {
		if match(u) {
			kept = append(kept, u)
		}
	}
	page, next, err := paginate(c, kept, func(u User) string { return u.ID })
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

func (s *Sim) listUserGroups(c *gin.Context) {
	u, err := s.lookupUser(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	ids, err := s.store.ListUserGroups(c, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]groupJSON, 0, len(ids))
	for _, id := range ids {
		if g, err := s.store.GetGroup(c, id); err == nil {
			out = append(out, s.renderGroup(g))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) listUserAppLinks(c *gin.Context) {
	u, err := s.lookupUser(c, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	apps, err := s.store.ListApps(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, a := range apps {
		if scope, err := s.assignment(c, a.ID, u.ID); err == nil && scope != "" {
			out = append(out, gin.H{
				"appInstanceId": a.ID, "appName": a.Name,
				"label": a.Label, "appAssignmentId": u.ID,
			})
		}
	}
	c.JSON(http.StatusOK, out)
}

// paginate applies Okta's cursor paging: limit (default and maximum 200)
// and after (the id of the last item of the previous page). next is the
// cursor of the following page, "" on the last one.
func paginate[T any](c *gin.Context, items []T, id func(T) string) ([]T, string, error) {
	limit := 200
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, "", errValidation("limit: must be a positive integer")
		}
		limit = min(n, 200)
	}
	start := 0
	if after := c.Query("after"); after != "" {
		start = len(items)
		for i, it := range items {
			if id(it) == after {
				start = i + 1
				break
			}
		}
	}
	end := min(start+limit, len(items))
	page := items[start:end]
	next := ""
	if end < len(items) && len(page) > 0 {
		next = id(page[len(page)-1])
	}
	return page, next, nil
}

// linkHeaders sets Okta's Link headers: self always, next when more remain.
func (s *Sim) linkHeaders(c *gin.Context, next string) {
	self := *c.Request.URL
	base := s.cfg.PublicURL + self.Path
	c.Writer.Header().Add("Link", fmt.Sprintf(`<%s?%s>; rel="self"`, base, self.RawQuery))
	if next == "" {
		return
	}
	q := self.Query()
	q.Set("after", next)
	if q.Get("limit") == "" {
		q.Set("limit", "200")
	}
	c.Writer.Header().Add("Link", fmt.Sprintf(`<%s?%s>; rel="next"`, base, q.Encode()))
}

// userMatcher supports Okta's q (prefix of firstName, lastName, email or
// login) and the simple filter/search forms `status eq "X"` and
// `profile.<attr> eq "v"`, joined by "and".
func userMatcher(q, filter, search string) (func(User) bool, error) {
	expr := filter
	if expr == "" {
		expr = search
	}
	conds, err := parseEqFilter(expr)
	if err != nil {
		return nil, err
	}
	q = strings.ToLower(q)
	return func(u User) bool {
		if q != "" && !hasPrefixAny(q, u.Profile, "firstName", "lastName", "email", "login") {
			return false
		}
		for attr, want := range conds {
			got := u.Status
			switch {
			case attr == "id":
				got = u.ID
			case strings.HasPrefix(attr, "profile."):
				got = u.Profile.String(strings.TrimPrefix(attr, "profile."))
			case attr != "status":
				return false
			}
			if !strings.EqualFold(got, want) {
				return false
			}
		}
		return true
	}, nil
}

func hasPrefixAny(q string, p Profile, keys ...string) bool {
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(p.String(k)), q) {
			return true
		}
	}
	return false
}

// parseEqFilter reads `a eq "x" and b eq "y"`.
func parseEqFilter(expr string) (map[string]string, error) {
	out := map[string]string{}
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return out, nil
	}
	for _, part := range strings.Split(expr, " and ") {
		fields := strings.SplitN(strings.TrimSpace(part), " ", 3)
		if len(fields) != 3 || !strings.EqualFold(fields[1], "eq") {
			return nil, errValidation("filter: only `attr eq \"value\"` joined by and is supported")
		}
		v, err := strconv.Unquote(fields[2])
		if err != nil {
			return nil, errValidation("filter: value must be a quoted string")
		}
		out[fields[0]] = v
	}
	return out, nil
}
