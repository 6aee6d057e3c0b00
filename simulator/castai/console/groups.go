package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/castai/store"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerGroupRoutes(r *gin.RouterGroup) {
	r.GET("/groups", con.groups)
	r.POST("/groups", con.createGroup)
	r.GET("/groups/:id", con.group)
	r.POST("/groups/:id/delete", con.deleteGroup)
	r.POST("/groups/:id/members", con.addMember)
	r.POST("/groups/:id/members/:uid/remove", con.removeMember)
	r.POST("/groups/:id/bindings", con.addBinding)
	r.POST("/groups/:id/bindings/:bid/remove", con.removeBinding)
}

// groupRow is a group with the role bindings that name it.
type groupRow struct {
	castai.ConsoleGroup
	Bindings []bindingView
}

// bindingView is a role binding with its role's name.
type bindingView struct {
	castai.ConsoleBinding
	RoleName string
}

// Synced reports whether the group is managed by SSO group sync.
func (g groupRow) Synced() bool { return g.SSOProvider != "" }

func (con *Console) groupsAndBindings(c *gin.Context) ([]castai.ConsoleGroup,
	[]castai.ConsoleBinding, map[string]string, error,
) {
	var groups struct {
		Groups []castai.ConsoleGroup `json:"groups"`
	}
	if err := con.call(c, http.MethodGet, con.org(c, "/groups"), nil, &groups); err != nil {
		return nil, nil, nil, err
	}
	var bindings struct {
		RoleBindings []castai.ConsoleBinding `json:"roleBindings"`
	}
	err := con.call(c, http.MethodGet, con.org(c, "/role-bindings"), nil, &bindings)
	if err != nil {
		return nil, nil, nil, err
	}
	roles, err := con.roles(c)
	if err != nil {
		return nil, nil, nil, err
	}
	names := map[string]string{}
	for _, r := range roles {
		names[r.ID] = r.Name
	}
	return groups.Groups, bindings.RoleBindings, names, nil
}

func (con *Console) roles(c *gin.Context) ([]castai.Role, error) {
	var out struct {
		Roles []castai.Role `json:"roles"`
	}
	err := con.call(c, http.MethodGet, con.org(c, "/roles"), nil, &out)
	return out.Roles, err
}

// bindingsOf returns the bindings whose subjects include group id.
func bindingsOf(all []castai.ConsoleBinding, id string, names map[string]string) []bindingView {
	var out []bindingView
	for _, b := range all {
		for _, s := range b.Definition.Subjects {
			if s.Group != nil && s.Group.ID == id {
				out = append(out, bindingView{ConsoleBinding: b, RoleName: names[b.Definition.RoleID]})
				break
			}
		}
	}
	return out
}

func (con *Console) groups(c *gin.Context) {
	groups, bindings, names, err := con.groupsAndBindings(c)
	if err != nil {
		con.failPage(c, err)
		return
	}
	rows := make([]groupRow, 0, len(groups))
	for _, g := range groups {
		rows = append(rows, groupRow{ConsoleGroup: g, Bindings: bindingsOf(bindings, g.ID, names)})
	}
	con.site.Render(c, http.StatusOK, "groups.html", "User groups", "groups", gin.H{"Rows": rows})
}

func (con *Console) createGroup(c *gin.Context) {
	body := map[string]any{
		"name":        strings.TrimSpace(c.PostForm("name")),
		"description": strings.TrimSpace(c.PostForm("description")),
		"definition":  map[string]any{"members": []any{}},
	}
	var g castai.ConsoleGroup
	if err := con.call(c, http.MethodPost, con.org(c, "/groups"), body, &g); err != nil {
		con.site.Redirect(c, at("groups"), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", g.ID), webui.OK("Created the group %s.", g.Name))
}

func (con *Console) group(c *gin.Context) {
	groups, bindings, names, err := con.groupsAndBindings(c)
	if err != nil {
		con.failPage(c, err)
		return
	}
	var row *groupRow
	for _, g := range groups {
		if g.ID == c.Param("id") {
			row = &groupRow{ConsoleGroup: g, Bindings: bindingsOf(bindings, g.ID, names)}
		}
	}
	if row == nil {
		con.site.ErrorPage(c, http.StatusNotFound, "There is no user group "+c.Param("id")+".")
		return
	}
	var users struct {
		Users []castai.Membership `json:"users"`
	}
	if err := con.call(c, http.MethodGet, con.org(c, "/users"), nil, &users); err != nil {
		con.failPage(c, err)
		return
	}
	roles, _ := con.roles(c)
	con.site.Render(c, http.StatusOK, "group.html", row.Name, "groups", gin.H{
		"Group": row, "Members": memberUsers(row.ConsoleGroup, users.Users),
		"Others": otherUsers(row.ConsoleGroup, users.Users), "Roles": roles,
	})
}

// memberUsers returns the group's members as users, in the group's order.
func memberUsers(g castai.ConsoleGroup, all []castai.Membership) []castai.Membership {
	byID := map[string]castai.Membership{}
	for _, m := range all {
		byID[m.User.ID] = m
	}
	var out []castai.Membership
	for _, m := range g.Definition.Members {
		if u, found := byID[m.ID]; found {
			out = append(out, u)
		}
	}
	return out
}

func otherUsers(g castai.ConsoleGroup, all []castai.Membership) []castai.Membership {
	in := map[string]bool{}
	for _, m := range g.Definition.Members {
		in[m.ID] = true
	}
	var out []castai.Membership
	for _, m := range all {
		if !in[m.User.ID] {
			out = append(out, m)
		}
	}
	return out
}

func (con *Console) deleteGroup(c *gin.Context) {
	id := c.Param("id")
	if err := con.call(c, http.MethodDelete, con.org(c, "/groups/"+id), nil, nil); err != nil {
		con.site.Redirect(c, at("groups", id), failed(err))
		return
	}
	con.site.Redirect(c, at("groups"), webui.OK("Deleted the group."))
}

// setMembers replaces the member list of a group (the API's PATCH replaces
// it whole); the API refuses this for synced groups.
func (con *Console) setMembers(c *gin.Context, change func([]string) []string) error {
	id := c.Param("id")
	var g castai.ConsoleGroup
	if err := con.call(c, http.MethodGet, con.org(c, "/groups/"+id), nil, &g); err != nil {
		return err
	}
	var ids []string
	for _, m := range g.Definition.Members {
		ids = append(ids, m.ID)
	}
	members := []map[string]string{}
	for _, uid := range change(ids) {
		members = append(members, map[string]string{"id": uid, "kind": "user"})
	}
	body := map[string]any{"definition": map[string]any{"members": members}}
	return con.call(c, http.MethodPatch, con.org(c, "/groups/"+id), body, nil)
}

func (con *Console) addMember(c *gin.Context) {
	uid := c.PostForm("user_id")
	err := con.setMembers(c, func(ids []string) []string { return append(ids, uid) })
	if err != nil {
		con.site.Redirect(c, at("groups", c.Param("id")), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", c.Param("id")), webui.OK("Added the member."))
}

func (con *Console) removeMember(c *gin.Context) {
	uid := c.Param("uid")
	err := con.setMembers(c, func(ids []string) []string {
		out := ids[:0]
		for _, id := range ids {
			if id != uid {
				out = append(out, id)
			}
		}
		return out
	})
	if err != nil {
		con.site.Redirect(c, at("groups", c.Param("id")), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", c.Param("id")), webui.OK("Removed the member."))
}

// addBinding grants the group a role on the organization or on one
// cluster: a role binding whose only subject is the group.
func (con *Console) addBinding(c *gin.Context) {
	id := c.Param("id")
	scope := store.Scope{Organization: &store.IDRef{ID: me(c).OrganizationID}}
	if c.PostForm("scope") == "cluster" {
		cluster := strings.TrimSpace(c.PostForm("cluster_id"))
		if cluster == "" {
			con.site.Redirect(c, at("groups", id), failed(errors.New("enter the cluster id")))
			return
		}
		scope = store.Scope{Cluster: &store.IDRef{ID: cluster}}
	}
	binding := map[string]any{
		"name": "group-" + id + "-" + c.PostForm("role_id"),
		"definition": castai.BindingDefinition{
			RoleID: c.PostForm("role_id"), Scopes: []store.Scope{scope},
			Subjects: []store.Subject{{Group: &store.IDRef{ID: id}}},
		},
	}
	err := con.call(c, http.MethodPost, con.org(c, "/role-bindings"), []any{binding}, nil)
	if err != nil {
		con.site.Redirect(c, at("groups", id), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", id), webui.OK("Granted the role."))
}

func (con *Console) removeBinding(c *gin.Context) {
	id, bid := c.Param("id"), c.Param("bid")
	err := con.call(c, http.MethodDelete, con.org(c, "/role-bindings/"+bid), nil, nil)
	if err != nil {
		con.site.Redirect(c, at("groups", id), failed(err))
		return
	}
	con.site.Redirect(c, at("groups", id), webui.OK("Removed the role binding."))
}
