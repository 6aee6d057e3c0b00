package okta

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// timeFormat is how Okta renders timestamps: "2013-06-24T16:39:18.000Z".
const timeFormat = "2006-01-02T15:04:05.000Z"

func okTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func okTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := okTime(*t)
	return &s
}

// newHandler builds the HTTP surface: /healthz, the admin API under /api/v1
// and the simulator control under /_sim, both behind the SSWS admin token.
func (s *Sim) newHandler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(s.recovery)
	r.NoRoute(func(c *gin.Context) {
		s.fail(c, errNotFoundResource(c.Request.URL.Path, "path"))
	})
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, &APIError{
			Status: http.StatusMethodNotAllowed, Code: CodeBadMethod,
			Summary: "The endpoint does not support the provided HTTP method",
		})
	})
	r.GET("/healthz", s.health)

	api := r.Group("/api/v1", s.requireToken)
	s.registerUserRoutes(api)
	s.registerGroupRoutes(api)
	s.registerAppRoutes(api)
	s.registerAssignmentRoutes(api)
	s.registerPushMappingRoutes(api)

	s.oidc.Register(r)
	s.registerConsoleRoutes(r)

	sim := r.Group("/_sim")
	sim.GET("/health", s.health)
	s.registerSimRoutes(sim.Group("", s.requireToken))
	return r
}

func (s *Sim) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// recovery turns a panic into Okta's internal error body.
func (s *Sim) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("handler panic", "path", c.Request.URL.Path, "err", fmt.Sprint(v))
			s.fail(c, &APIError{
				Status: http.StatusInternalServerError, Code: CodeInternal,
				Summary: "Internal Server Error",
			})
		}
	}()
	c.Next()
}

// requireToken accepts "Authorization: SSWS <admin token>".
func (s *Sim) requireToken(c *gin.Context) {
	scheme, token, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	want := []byte(s.cfg.AdminToken)
	if !strings.EqualFold(scheme, "SSWS") ||
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), want) != 1 {
		s.fail(c, &APIError{
			Status: http.StatusUnauthorized, Code: CodeInvalidToken,
			Summary: "Invalid token provided",
		})
		return
	}
	c.Next()
}

// fail renders err in Okta's error shape and stops the chain.
func (s *Sim) fail(c *gin.Context, err error) {
	ae := asAPIError(err)
	if ae.Status >= http.StatusInternalServerError {
		s.log.Error("admin api error", "path", c.Request.URL.Path, "err", err)
	}
	c.AbortWithStatusJSON(ae.Status, ae.body())
}

// MaxBodyBytes bounds an admin API request body; a larger one gets 413.
const MaxBodyBytes = 1 << 20

// bind decodes a JSON body into v; an empty body leaves v as it is. Bodies
// over MaxBodyBytes and bodies that are not UTF-8 (RFC 8259 §8.1) are
// refused before decoding, so nothing is stored from them.
func bind(c *gin.Context, v any) error {
	if c.Request.Body == nil {
		return nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errBodyTooLarge()
	}
	if err != nil {
		return errBadBody(err)
	}
	if !utf8.Valid(body) {
		return errBadBody(errors.New("the body is not valid UTF-8"))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errBadBody(err)
	}
	return nil
}
