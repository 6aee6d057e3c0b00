package console

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerUserRoutes(r *gin.RouterGroup) {
	r.GET("/users", con.users)
	r.GET("/users/:id", con.user)
	r.POST("/users/:id/delete", con.deleteUser)
}

type userRow struct {
	castai.Membership
	Access []castai.Access
}

func (con *Console) users(c *gin.Context) {
	var list struct {
		Users []castai.Membership `json:"users"`
	}
	if err := con.call(c, http.MethodGet, con.org(c, "/users"), nil, &list); err != nil {
		con.failPage(c, err)
		return
	}
	rows := make([]userRow, 0, len(list.Users))
	for _, m := range list.Users {
		row := userRow{Membership: m}
		access, err := con.access(c, m.User.ID)
		if err != nil {
			con.failPage(c, err)
			return
		}
		row.Access = access
		rows = append(rows, row)
	}
	con.site.Render(c, http.StatusOK, "users.html", "Users", "users", gin.H{"Rows": rows})
}

func (con *Console) access(c *gin.Context, userID string) ([]castai.Access, error) {
	var out struct {
		Access []castai.Access `json:"access"`
	}
	err := con.call(c, http.MethodGet, con.org(c, "/users/"+userID+"/access"), nil, &out)
	return out.Access, err
}

func (con *Console) user(c *gin.Context) {
	var m castai.Membership
	id := c.Param("id")
	if err := con.call(c, http.MethodGet, con.org(c, "/users/"+id), nil, &m); err != nil {
		con.failPage(c, err)
		return
	}
	access, err := con.access(c, id)
	if err != nil {
		con.failPage(c, err)
		return
	}
	con.site.Render(c, http.StatusOK, "user.html", m.User.Name, "users",
		gin.H{"User": m, "Access": access})
}

func (con *Console) deleteUser(c *gin.Context) {
	id := c.Param("id")
	if err := con.call(c, http.MethodDelete, con.org(c, "/users/"+id), nil, nil); err != nil {
		con.site.Redirect(c, at("users", id), failed(err))
		return
	}
	con.site.Redirect(c, at("users"), webui.OK("Removed the user and all of its access."))
}
