package console

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerTaskRoutes(r *gin.RouterGroup) {
	r.GET("/apps/:id/tasks", con.tasks)
	r.POST("/apps/:id/tasks/retry", con.retryAll)
	r.POST("/apps/:id/tasks/:tid/retry", con.retryTask)
}

func (con *Console) tasks(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	tasks, err := con.sim.ListTasks(c, app.ID)
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return
	}
	// Newest first, open before resolved, as Okta's Tasks page lists them.
	slices.Reverse(tasks)
	slices.SortStableFunc(tasks, func(a, b okta.Task) int {
		return boolRank(a.Status == okta.TaskOpen) - boolRank(b.Status == okta.TaskOpen)
	})
	open := 0
	for _, t := range tasks {
		if t.Status == okta.TaskOpen {
			open++
		}
	}
	con.renderApp(c, app, "tasks", "Tasks", gin.H{"Tasks": tasks, "Open": open})
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

func (con *Console) retryTask(c *gin.Context) {
	appID := c.Param("id")
	if err := con.sim.RetryTask(c, c.Param("tid")); err != nil {
		con.site.Redirect(c, at("apps", appID, "tasks"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", appID, "tasks"), webui.OK("Retrying the task."))
}

func (con *Console) retryAll(c *gin.Context) {
	appID := c.Param("id")
	n, err := con.sim.RetryAllTasks(c, appID)
	if err != nil {
		con.site.Redirect(c, at("apps", appID, "tasks"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", appID, "tasks"), webui.OK("Retrying %d tasks.", n))
}
