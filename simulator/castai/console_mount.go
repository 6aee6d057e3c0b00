package castai

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// MountConsole serves h, the console pages, under /console. Until a console
// is mounted, /console answers 404 in the console's error shape.
func (s *Server) MountConsole(h http.Handler) { s.pages.Store(&h) }

// registerPageRoutes sends /console and everything under it to the mounted
// console pages.
func (s *Server) registerPageRoutes(r *gin.Engine) {
	serve := func(c *gin.Context) {
		h := s.pages.Load()
		if h == nil {
			consoleError(c, http.StatusNotFound, "no console pages are mounted")
			return
		}
		(*h).ServeHTTP(c.Writer, c.Request)
	}
	r.Any("/console", serve)
	r.Any("/console/*path", serve)
}
