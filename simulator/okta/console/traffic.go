package console

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// trafficLimit bounds the exchanges the traffic page shows.
const trafficLimit = 200

func (con *Console) registerTrafficRoutes(r *gin.RouterGroup) {
	r.GET("/traffic", con.traffic)
	r.GET("/traffic.har", con.trafficHAR)
}

func journalFilter(c *gin.Context) okta.JournalFilter {
	return okta.JournalFilter{
		AppID: c.Query("app"), UserID: c.Query("user"), GroupID: c.Query("group"),
	}
}

func (con *Console) traffic(c *gin.Context) {
	f := journalFilter(c)
	all := con.sim.Journal(f)
	total := len(all)
	slices.Reverse(all)
	if len(all) > trafficLimit {
		all = all[:trafficLimit]
	}
	apps, _ := con.sim.Apps(c)
	con.site.Render(c, http.StatusOK, "traffic.html", "SCIM traffic", "traffic", gin.H{
		"Exchanges": all, "Total": total, "Filter": f, "Apps": apps,
		"HAR": Prefix + "/traffic.har?" + c.Request.URL.RawQuery,
	})
}

// trafficHAR downloads the exchanges as an HTTP Archive, the same document
// GET /_sim/journal?format=har returns.
func (con *Console) trafficHAR(c *gin.Context) {
	har := scimclient.BuildHAR(con.sim.Journal(journalFilter(c)))
	c.Header("Content-Disposition", `attachment; filename="idpsim.har"`)
	c.JSON(http.StatusOK, har)
}
