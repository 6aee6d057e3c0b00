package csrf

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func newRouter() http.Handler {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	r.Use(Middleware(Options{
		Cookie: "test_csrf", Path: "/",
		Refuse: func(c *gin.Context) { c.String(http.StatusForbidden, "refused") },
	}))
	r.GET("/form", func(c *gin.Context) { c.String(http.StatusOK, Token(c)) })
	r.POST("/form", func(c *gin.Context) { c.String(http.StatusOK, "accepted") })
	return r
}

func TestMiddleware(t *testing.T) {
	h := newRouter()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/form", nil))
	token := rec.Body.String()
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Value != token || !cookies[0].HttpOnly {
		t.Fatalf("GET set cookies %+v for token %q", cookies, token)
	}

	cases := []struct {
		name   string
		cookie string
		field  string
		want   int
	}{
		{"matching token", token, token, http.StatusOK},
		{"no field", token, "", http.StatusForbidden},
		{"wrong field", token, strings.Repeat("x", len(token)), http.StatusForbidden},
		{"no cookie", "", token, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{FieldName: {tc.field}}
			req := httptest.NewRequest(http.MethodPost, "/form", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.cookie != "" {
				req.AddCookie(&http.Cookie{Name: "test_csrf", Value: tc.cookie})
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.want, rec.Body)
			}
		})
	}
}
