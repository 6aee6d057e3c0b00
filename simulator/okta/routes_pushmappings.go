package okta

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// pushMappingJSON is Okta's group push mapping, with the console's
// pending-push count.
type pushMappingJSON struct {
	ID              string         `json:"id"`
	SourceGroupID   string         `json:"sourceGroupId"`
	TargetGroupID   *string        `json:"targetGroupId"`
	TargetGroupName string         `json:"targetGroupName"`
	Status          string         `json:"status"`
	ErrorSummary    *string        `json:"errorSummary"`
	LastPush        *string        `json:"lastPush"`
	PendingPushes   int            `json:"pendingPushes"`
	Created         string         `json:"created"`
	LastUpdated     string         `json:"lastUpdated"`
	Links           map[string]any `json:"_links"`
}

func (s *Sim) renderPushMapping(m PushMapping) pushMappingJSON {
	out := pushMappingJSON{
		ID: m.ID, SourceGroupID: m.SourceGroupID,
		TargetGroupName: m.TargetGroupName, Status: m.Status, LastPush: okTimePtr(m.LastPush),
		PendingPushes: s.pendingPushes(m), Created: okTime(m.Created),
		LastUpdated: okTime(m.LastUpdated),
		Links: map[string]any{
			"app":         link(s.cfg.PublicURL + "/api/v1/apps/" + m.AppID),
			"sourceGroup": link(s.cfg.PublicURL + "/api/v1/groups/" + m.SourceGroupID),
		},
	}
	if m.TargetGroupID != "" {
		id := m.TargetGroupID
		out.TargetGroupID = &id
	}
	if m.ErrorSummary != "" {
		e := m.ErrorSummary
		out.ErrorSummary = &e
	}
	return out
}

type pushMappingBody struct {
	SourceGroupID   string `json:"sourceGroupId"`
	TargetGroupID   string `json:"targetGroupId"`
	TargetGroupName string `json:"targetGroupName"`
	Status          string `json:"status"`
}

func (s *Sim) registerPushMappingRoutes(r *gin.RouterGroup) {
	r.GET("/apps/:appId/group-push/mappings", s.listPushMappings)
	r.POST("/apps/:appId/group-push/mappings", s.createPushMappingRoute)
	r.GET("/apps/:appId/group-push/mappings/:mappingId", s.getPushMappingRoute)
	r.PATCH("/apps/:appId/group-push/mappings/:mappingId", s.patchPushMapping)
	r.DELETE("/apps/:appId/group-push/mappings/:mappingId", s.deletePushMappingRoute)
	r.POST("/apps/:appId/group-push/mappings/:mappingId/push", s.pushNowRoute)
}

func (s *Sim) listPushMappings(c *gin.Context) {
	if _, err := s.getApp(c, c.Param("appId")); err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.store.ListPushMappings(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]pushMappingJSON, 0, len(ms))
	for _, m := range ms {
		if st := c.Query("status"); st == "" || st == m.Status {
			out = append(out, s.renderPushMapping(m))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Sim) createPushMappingRoute(c *gin.Context) {
	var body pushMappingBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if body.SourceGroupID == "" {
		s.fail(c, errValidation("sourceGroupId: The field cannot be left blank"))
		return
	}
	m, err := s.CreatePushMapping(c, c.Param("appId"), NewPushMapping{
		SourceGroupID: body.SourceGroupID, TargetGroupID: body.TargetGroupID,
		TargetGroupName: body.TargetGroupName, Status: body.Status,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, s.renderPushMapping(m))
}

func (s *Sim) getPushMappingRoute(c *gin.Context) {
	m, err := s.getPushMapping(c, c.Param("appId"), c.Param("mappingId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderPushMapping(m))
}

func (s *Sim) patchPushMapping(c *gin.Context) {
	var body pushMappingBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.SetPushMappingStatus(c, c.Param("appId"), c.Param("mappingId"), body.Status)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderPushMapping(m))
}

func (s *Sim) deletePushMappingRoute(c *gin.Context) {
	deleteTarget := c.Query("deleteTargetGroup") == "true"
	if err := s.DeletePushMapping(c, c.Param("appId"), c.Param("mappingId"),
		deleteTarget); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Sim) pushNowRoute(c *gin.Context) {
	m, err := s.PushNow(c, c.Param("appId"), c.Param("mappingId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderPushMapping(m))
}
