package castai

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Me is the answer of GET /v1/me: who made the request. A signed-in user
// also sees themselves as the console shows them, their groups and their
// effective access.
type Me struct {
	Principal      Principal   `json:"principal"`
	OrganizationID string      `json:"organizationId"`
	User           *Membership `json:"user,omitempty"`
	Access         []Access    `json:"access,omitempty"`
}

func (s *Server) me(c *gin.Context) {
	p := principalOf(c)
	out := Me{Principal: p, OrganizationID: s.cfg.OrgID}
	if p.Kind == PrincipalSession {
		u, err := s.store.User(p.UserID)
		if err != nil {
			consoleStoreError(c, err, "user "+p.UserID)
			return
		}
		m := s.membership(u)
		out.User, out.Access = &m, s.effectiveAccess(u)
	}
	c.JSON(http.StatusOK, out)
}

// principalOf returns who made a console request (set by authConsole).
func principalOf(c *gin.Context) Principal {
	v, _ := c.Get(principalKey)
	p, _ := v.(Principal)
	return p
}
