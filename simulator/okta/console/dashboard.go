package console

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
)

func (con *Console) registerDashboardRoutes(r *gin.RouterGroup) {
	r.GET("/", con.dashboard)
}

type dashboardData struct {
	Users, Groups int
	Apps          []okta.App
	OpenTasks     []okta.Task
	Pending       int
}

func (con *Console) dashboard(c *gin.Context) {
	var d dashboardData
	users, err := con.sim.Users(c)
	if err != nil {
		con.site.ErrorPage(c, http.StatusInternalServerError, summary(err))
		return
	}
	groups, _ := con.sim.Groups(c)
	d.Users, d.Groups = len(users), len(groups)
	d.Apps, _ = con.sim.Apps(c)
	tasks, _ := con.sim.ListTasks(c, "")
	for _, t := range tasks {
		if t.Status == okta.TaskOpen {
			d.OpenTasks = append(d.OpenTasks, t)
		}
	}
	d.Pending = len(con.sim.Pending(""))
	con.site.Render(c, http.StatusOK, "dashboard.html", "Dashboard", "dashboard", d)
}
