package console

import (
	"maps"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

// profileFields are the Okta profile attributes the person page edits.
var profileFields = []struct{ Name, Label string }{
	{"firstName", "First name"},
	{"lastName", "Last name"},
	{"login", "Username"},
	{"email", "Primary email"},
	{"displayName", "Display name"},
	{"title", "Title"},
	{"mobilePhone", "Mobile phone"},
}

// lifecycleActions are the More Actions a person's status offers, as in
// Okta's console.
var lifecycleActions = map[string][]string{
	okta.StatusStaged:        {okta.OpActivate, okta.OpDeactivate},
	okta.StatusProvisioned:   {okta.OpReactivate, okta.OpDeactivate},
	okta.StatusActive:        {okta.OpSuspend, okta.OpDeactivate},
	okta.StatusSuspended:     {okta.OpUnsuspend, okta.OpDeactivate},
	okta.StatusDeprovisioned: {okta.OpActivate},
	okta.StatusRecovery:      {okta.OpReactivate, okta.OpDeactivate},
	okta.StatusPasswordExp:   {okta.OpDeactivate},
	okta.StatusLockedOut:     {okta.OpDeactivate},
}

func (con *Console) registerPeopleRoutes(r *gin.RouterGroup) {
	r.GET("/people", con.people)
	r.POST("/people", con.addPerson)
	r.GET("/people/:id", con.person)
	r.POST("/people/:id/profile", con.editPerson)
	r.POST("/people/:id/lifecycle", con.personLifecycle)
}

// matches reports whether a user's name, login or email contains q.
func matches(u okta.User, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	for _, k := range []string{"firstName", "lastName", "login", "email", "displayName"} {
		if strings.Contains(strings.ToLower(u.Profile.String(k)), q) {
			return true
		}
	}
	return false
}

func (con *Console) people(c *gin.Context) {
	users, err := con.sim.Users(c)
	if err != nil {
		con.site.ErrorPage(c, http.StatusInternalServerError, summary(err))
		return
	}
	q := strings.TrimSpace(c.Query("q"))
	var shown []okta.User
	for _, u := range users {
		if matches(u, q) {
			shown = append(shown, u)
		}
	}
	con.site.Render(c, http.StatusOK, "people.html", "People", "people",
		gin.H{"Query": q, "Users": shown, "Total": len(users)})
}

func (con *Console) addPerson(c *gin.Context) {
	p := okta.Profile{}
	for _, k := range []string{"firstName", "lastName", "login", "email"} {
		if v := strings.TrimSpace(c.PostForm(k)); v != "" {
			p[k] = v
		}
	}
	if p["email"] == nil && p["login"] != nil {
		p["email"] = p["login"]
	}
	status := okta.StatusActive
	if c.PostForm("activate") == "" {
		status = okta.StatusStaged
	}
	u, err := con.sim.CreateUser(c, okta.NewUser{Profile: p, Status: status})
	if err != nil {
		con.site.Redirect(c, at("people"), failed(err))
		return
	}
	con.site.Redirect(c, at("people", u.ID), webui.OK("Added %s.", u.Profile.String("login")))
}

func (con *Console) person(c *gin.Context) {
	u, err := con.sim.User(c, c.Param("id"))
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	groups, _ := con.sim.UserGroups(c, u.ID)
	con.site.Render(c, http.StatusOK, "person.html", displayName(u), "people", gin.H{
		"User": u, "Name": displayName(u), "Groups": groups, "Fields": profileFields,
		"Actions": lifecycleActions[u.Status],
	})
}

func (con *Console) editPerson(c *gin.Context) {
	id := c.Param("id")
	u, err := con.sim.User(c, id)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}

	// The form shows a subset of the profile: replace that subset and keep
	// every other attribute as it is.
	p := maps.Clone(u.Profile)
	for _, f := range profileFields {
		if v := strings.TrimSpace(c.PostForm(f.Name)); v != "" {
			p[f.Name] = v
		} else {
			delete(p, f.Name)
		}
	}
	if _, err := con.sim.UpdateUser(c, u.ID, p, false, ""); err != nil {
		con.site.Redirect(c, at("people", u.ID), failed(err))
		return
	}
	con.site.Redirect(c, at("people", u.ID), webui.OK("Saved the profile."))
}

func (con *Console) personLifecycle(c *gin.Context) {
	id, op := c.Param("id"), c.PostForm("op")
	u, err := con.sim.Lifecycle(c, id, op)
	if err != nil {
		con.site.Redirect(c, at("people", id), failed(err))
		return
	}
	con.site.Redirect(c, at("people", id), webui.OK("%s is now %s.", displayName(u), strings.ToLower(u.Status)))
}

func displayName(u okta.User) string {
	if n := strings.TrimSpace(u.Profile.String("firstName") + " " +
		u.Profile.String("lastName")); n != "" {
		return n
	}
	return u.Profile.String("login")
}
