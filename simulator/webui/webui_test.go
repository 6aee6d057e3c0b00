package webui

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

func TestSafeNext(t *testing.T) {
	cases := []struct{ name, next, want string }{
		{"inside", "/admin/people?q=x", "/admin/people?q=x"},
		{"empty", "", "/admin/"},
		{"other prefix", "/adminx/people", "/admin/"},
		{"other host", "//evil.example/admin/", "/admin/"},
		{"absolute", "https://evil.example/admin/", "/admin/"},
		{"backslash", `/admin/\evil.example`, "/admin/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := SafeNext("/admin", tc.next); got != tc.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tc.next, got, tc.want)
			}
		})
	}
}

func TestPathEscapesSegments(t *testing.T) {
	if got, want := Path("/console", "groups", "a/b c"), "/console/groups/a%2Fb%20c"; got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
}

// exchange runs fn on a request carrying cookies and returns the cookies it
// set.
func exchange(fn func(c *gin.Context), cookies ...*http.Cookie) []*http.Cookie {
	rec := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(rec)
	c.Request = httptest.NewRequest(http.MethodGet, "/admin/", nil)
	for _, ck := range cookies {
		c.Request.AddCookie(ck)
	}
	fn(c)
	return rec.Result().Cookies()
}

func TestSessionsStartGetEnd(t *testing.T) {
	s := NewSessions[string]("sess", "/admin", true, time.Hour)
	set := exchange(func(c *gin.Context) { s.Start(c, "owner-key") })
	if len(set) != 1 || !set[0].HttpOnly || !set[0].Secure || set[0].Path != "/admin" {
		t.Fatalf("Start set %+v, want one secure HttpOnly cookie on /admin", set)
	}
	if set[0].Value == "owner-key" {
		t.Fatal("the session cookie carries the value itself")
	}

	var got string
	var found bool
	exchange(func(c *gin.Context) { got, found = s.Get(c) }, set[0])
	if !found || got != "owner-key" {
		t.Fatalf("Get = %q, %v; want the stored value", got, found)
	}

	cleared := exchange(func(c *gin.Context) { s.End(c) }, set[0])
	if len(cleared) != 1 || cleared[0].MaxAge >= 0 {
		t.Errorf("End set %+v, want the cookie cleared", cleared)
	}
	exchange(func(c *gin.Context) { _, found = s.Get(c) }, set[0])
	if found {
		t.Error("the session outlived End")
	}
}

func TestFlashShowsOnce(t *testing.T) {
	fc := flashCookie{name: "flash", path: "/admin"}
	set := exchange(func(c *gin.Context) { fc.set(c, OK("Saved %s.", "x")) })
	if len(set) != 1 {
		t.Fatalf("set %d cookies, want 1", len(set))
	}

	var f *Flash
	cleared := exchange(func(c *gin.Context) { f = fc.take(c) }, set[0])
	if f == nil || f.Text != "Saved x." || f.Error {
		t.Fatalf("take = %+v, want the stored flash", f)
	}
	if len(cleared) != 1 || cleared[0].MaxAge >= 0 {
		t.Errorf("take set %+v, want the cookie cleared", cleared)
	}
	exchange(func(c *gin.Context) { f = fc.take(c) }, &http.Cookie{Name: "flash", Value: "%%"})
	if f != nil {
		t.Errorf("take of a garbled cookie = %+v, want none", f)
	}
}
