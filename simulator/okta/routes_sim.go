package okta

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/fixtures"
)

// DefaultWaitTimeout is how long POST /_sim/wait waits without ?timeout=.
const DefaultWaitTimeout = 30 * time.Second

// maxFixtureBody bounds a fixture posted to /_sim/fixtures.
const maxFixtureBody = 64 << 20

// taskJSON is a task as /_sim/tasks lists it.
type taskJSON struct {
	ID        string  `json:"id"`
	AppID     string  `json:"appId"`
	UserID    string  `json:"userId,omitempty"`
	GroupID   string  `json:"groupId,omitempty"`
	MappingID string  `json:"mappingId,omitempty"`
	Kind      string  `json:"kind"`
	Status    string  `json:"status"`
	Message   string  `json:"message"`
	Created   string  `json:"created"`
	Resolved  *string `json:"resolved,omitempty"`
}

func renderTask(t Task) taskJSON {
	return taskJSON{
		ID: t.ID, AppID: t.AppID, UserID: t.UserID, GroupID: t.GroupID,
		MappingID: t.MappingID, Kind: t.Kind, Status: t.Status, Message: t.Message,
		Created: okTime(t.Created), Resolved: okTimePtr(t.Resolved),
	}
}

func (s *Sim) registerSimRoutes(r *gin.RouterGroup) {
	r.POST("/reset", s.resetRoute)
	r.POST("/fixtures", s.loadFixtureRoute)
	r.POST("/wait", s.waitRoute)
	r.GET("/pending", s.pendingRoute)
	r.POST("/pause", s.pauseRoute(true))
	r.POST("/resume", s.pauseRoute(false))
	r.GET("/journal", s.journalRoute)
	r.GET("/tasks", s.tasksRoute)
	r.POST("/tasks/retry", s.retryAllRoute)
	r.POST("/tasks/:id/retry", s.retryRoute)
	r.GET("/faults/:appId", s.getFaultsRoute)
	r.PUT("/faults/:appId", s.putFaultsRoute)
	r.DELETE("/faults/:appId", s.deleteFaultsRoute)
}

func (s *Sim) resetRoute(c *gin.Context) {
	s.Reset()
	c.Status(http.StatusNoContent)
}

// loadFixtureRoute loads a YAML (or JSON) fixture document.
func (s *Sim) loadFixtureRoute(c *gin.Context) {
	data, err := io.ReadAll(io.LimitReader(c.Request.Body, maxFixtureBody))
	if err != nil {
		s.fail(c, errBadBody(err))
		return
	}
	doc, err := fixtures.Parse(data)
	if err != nil {
		s.fail(c, errValidation(err.Error()))
		return
	}
	if err := s.LoadFixture(doc); err != nil {
		s.fail(c, errValidation(err.Error()))
		return
	}
	c.JSON(http.StatusOK, gin.H{
		"users": len(doc.Users), "groups": len(doc.Groups),
		"apps": len(doc.Apps),
	})
}

func (s *Sim) waitRoute(c *gin.Context) {
	timeout := DefaultWaitTimeout
	if v := c.Query("timeout"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			s.fail(c, errValidation("timeout: want a duration such as 30s"))
			return
		}
		timeout = d
	}
	ctx, cancel := context.WithTimeout(c, timeout)
	defer cancel()
	appID := c.Query("app")
	if err := s.Wait(ctx, appID); err != nil {
		pending := s.Pending(appID)
		if pending == nil {
			pending = []PendingWork{}
		}
		c.JSON(http.StatusRequestTimeout, gin.H{"idle": false, "pending": pending})
		return
	}
	c.JSON(http.StatusOK, gin.H{"idle": true})
}

func (s *Sim) pendingRoute(c *gin.Context) {
	pending := s.Pending(c.Query("app"))
	if pending == nil {
		pending = []PendingWork{}
	}
	c.JSON(http.StatusOK, pending)
}

func (s *Sim) pauseRoute(pause bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if pause {
			s.Pause()
		} else {
			s.Resume()
		}
		c.JSON(http.StatusOK, gin.H{"paused": pause})
	}
}

func (s *Sim) journalRoute(c *gin.Context) {
	f := JournalFilter{
		AppID: c.Query("app"), UserID: c.Query("user"),
		GroupID: c.Query("group"),
	}
	if v := c.Query("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.fail(c, errValidation("after: want a sequence number"))
			return
		}
		f.AfterSeq = n
	}
	if c.Query("format") == "har" {
		c.Header("Content-Disposition", `attachment; filename="idpsim.har"`)
		c.JSON(http.StatusOK, s.journal.HAR(f))
		return
	}
	out := s.Journal(f)
	if out == nil {
		out = []Exchange{}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) tasksRoute(c *gin.Context) {
	tasks, err := s.ListTasks(c, c.Query("app"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]taskJSON, 0, len(tasks))
	for _, t := range tasks {
		if st := c.Query("status"); st == "" || st == t.Status {
			out = append(out, renderTask(t))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) retryRoute(c *gin.Context) {
	if err := s.RetryTask(c, c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"retried": 1})
}

func (s *Sim) retryAllRoute(c *gin.Context) {
	n, err := s.RetryAllTasks(c, c.Query("app"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"retried": n})
}

type faultsBody struct {
	Rules []FaultRule `json:"rules"`
}

func (s *Sim) getFaultsRoute(c *gin.Context) {
	rules := s.faults.Rules(c.Param("appId"))
	if rules == nil {
		rules = []FaultRule{}
	}
	c.JSON(http.StatusOK, faultsBody{Rules: rules})
}

func (s *Sim) putFaultsRoute(c *gin.Context) {
	var body faultsBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.getApp(c, c.Param("appId")); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.SetFaults(c.Param("appId"), body.Rules); err != nil {
		s.fail(c, errValidation(err.Error()))
		return
	}
	c.JSON(http.StatusOK, body)
}

func (s *Sim) deleteFaultsRoute(c *gin.Context) {
	s.ClearFaults(c.Param("appId"))
	c.Status(http.StatusNoContent)
}
